package io.loopbridge.core;

import io.loopbridge.core.testkit.ManualClock;
import io.loopbridge.core.testkit.RecordingHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cross-thread intake ({@link Inbox}): a budgeted {@code runOnce} takes in cross-thread callbacks
 * lazily, one at a time under its budget, keeps each producer's order and the snapshot rule ("ready on
 * entry"), and a {@code close()} racing with producers loses no submission. The deterministic cases run
 * on a {@link ManualClock} with producers joined before the pass; the races use real threads and check
 * only outcomes, never timing.
 */
@Timeout(60)
class CrossThreadIntakeTest {
    private final RecordingHost host = RecordingHost.create();
    private final GuestLoop loop = host.loop();
    private final ManualClock clock = host.clock();
    private final List<String> log = new ArrayList<>(); // loop thread only

    @AfterEach
    void closeLoop() {
        host.assertContractKept();
        loop.close();
    }

    /** Runs {@code body} on a new thread and waits for it: a cross-thread submission, finished before we go on. */
    private static void fromAnotherThread(Runnable body) throws InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "producer");
        t.start();
        t.join();
        assertNull(failure.get());
    }

    private Runnable add(String s) {
        return () -> log.add(s);
    }

    @Test
    void aBudgetedPassTakesInNoMoreCrossThreadCallbacksThanItRuns() throws Exception {
        host.runOnce(); // claim this thread as the loop thread
        int n = 200_000;
        int[] ran = {0};
        fromAnotherThread(() -> {
            for (int i = 0; i < n; i++) {
                loop.callSoon(() -> {
                    ran[0]++;
                    clock.advanceNanos(1_000); // each callback "takes" 1 us
                });
            }
        });
        int first = host.runOnce(1_000_000); // a 1 ms budget
        // the clock is read at most 64 callbacks apart: 1 ms of 1 us callbacks is 1,000 to 1,064 of them
        assertTrue(first >= 1_000 && first <= 1_064, "ran " + first);
        assertEquals(first, ran[0]);
        // the rest was not moved anywhere: no O(n) intake happened in that pass
        assertEquals(0, loop.stats().readyCallbacks(), "callbacks taken in but not run");
        assertEquals(0, loop.nextTimeout(), "the rest is still ready");
        int total = first;
        while (loop.nextTimeout() == 0) total += host.runOnce(1_000_000);
        assertEquals(n, total);
        assertEquals(n, ran[0]);
    }

    @Test
    void restOfABudgetedSnapshotRunsBeforeLoopThreadWorkScheduledDuringThePass() throws Exception {
        host.runOnce();
        fromAnotherThread(() -> {
            loop.callSoon(() -> {
                log.add("a");
                loop.callSoon(add("scheduled by a")); // loop thread: runs after the snapshot's rest
                clock.advance(Duration.ofMillis(5)); // over the budget: the pass stops after a
            });
            loop.callSoon(add("b"));
            loop.callSoon(add("c"));
        });
        assertEquals(1, host.runOnce(1_000_000));
        assertEquals(List.of("a"), log);
        fromAnotherThread(() -> loop.callSoon(add("d"))); // enqueued after that pass: after everything above
        host.pump();
        assertEquals(List.of("a", "b", "c", "scheduled by a", "d"), log);
    }

    @Test
    void crossThreadCallbackEnqueuedDuringAPassRunsInTheNextPass() throws Exception {
        host.runOnce();
        fromAnotherThread(() -> loop.callSoon(() -> {
            log.add("a");
            try {
                fromAnotherThread(() -> loop.callSoon(add("enqueued while a ran")));
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }));
        fromAnotherThread(() -> loop.callSoon(add("b")));
        assertEquals(2, host.runOnce());
        assertEquals(List.of("a", "b"), log);
        assertTrue(host.woken(), "the late submission woke the host");
        assertEquals(1, host.runOnce());
        assertEquals(List.of("a", "b", "enqueued while a ran"), log);
    }

    @Test
    void crossThreadTimerDueOnEntryRunsAfterCrossThreadCallbacksOfTheSamePass() throws Exception {
        host.runOnce();
        fromAnotherThread(() -> {
            loop.callLater(Duration.ZERO, add("timer"));
            loop.callSoon(add("soon"));
        });
        assertEquals(2, host.runOnce());
        assertEquals(List.of("soon", "timer"), log);
    }

    @Test
    void nestedPassFinishesTheOuterPassesCrossThreadSegmentAndNothingRunsTwice() throws Exception {
        host.runOnce();
        fromAnotherThread(() -> {
            loop.callSoon(() -> {
                log.add("a opens");
                while (host.woken()) host.runOnce(); // a modal dialog's nested host loop, answering wake-ups
                log.add("a closes");
            });
            loop.callSoon(add("b"));
            loop.callSoon(add("c"));
        });
        assertEquals(1, host.runOnce(), "the outer pass ran a; the nested one ran b and c");
        assertEquals(List.of("a opens", "b", "c", "a closes"), log);
        assertEquals(0, host.runOnce());
        assertEquals(-1, loop.nextTimeout());
    }

    @Test
    void aPassStopsAtAProducerPreemptedMidEnqueueAndTheRestRunsInOrderOnceItLinks() throws Exception {
        host.runOnce();
        Inbox in = loop.runQueue().inbox();
        java.lang.reflect.Field tail = field(Inbox.class, "tail");
        // a producer that swapped its node into the tail and was preempted before linking it
        HandleImpl preempted = new HandleImpl(loop, add("preempted"), null);
        HandleImpl prev = (HandleImpl) tail.get(in);
        tail.set(in, preempted);
        fromAnotherThread(() -> loop.callSoon(add("after"))); // links behind the preempted node
        assertEquals(0, host.runOnce(), "nothing is reachable: the pass stops at the gap");
        assertEquals(0, host.runOnce(), "and again: nothing behind the gap jumps the line");
        assertTrue(log.isEmpty());
        assertEquals(0, loop.nextTimeout(), "the host keeps coming back: the producer is about to link");
        prev.inboxNext = preempted; // the producer resumes
        host.pump();
        assertEquals(List.of("preempted", "after"), log);
    }

    private static java.lang.reflect.Field field(Class<?> c, String name) throws NoSuchFieldException {
        java.lang.reflect.Field f = c.getDeclaredField(name);
        f.setAccessible(true);
        return f;
    }

    @Test
    void aHandleThatRanRetainsNoLaterSubmission() throws Exception {
        host.runOnce();
        Handle[] h = new Handle[3];
        fromAnotherThread(() -> {
            for (int i = 0; i < 3; i++) h[i] = loop.callSoon(() -> { });
        });
        assertEquals(3, host.runOnce());
        assertNull(((HandleImpl) h[0]).inboxNext);
        assertNull(((HandleImpl) h[1]).inboxNext);
    }

    @Test
    void producersKeepTheirOrderThroughManySmallBudgetedPasses() throws Exception {
        int producers = 4;
        int perProducer = 50_000;
        GuestLoop real = new GuestLoop(() -> { }); // system clock; this host polls instead of waiting
        AtomicIntegerArray next = new AtomicIntegerArray(producers); // written by the loop thread only
        AtomicInteger bad = new AtomicInteger();
        AtomicInteger ran = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int id = p;
            Thread t = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perProducer; i++) {
                    int n = i;
                    real.callSoon(() -> {
                        if (next.get(id) != n) bad.incrementAndGet();
                        next.set(id, n + 1);
                        ran.incrementAndGet();
                    });
                }
            }, "producer-" + p);
            threads.add(t);
            t.start();
        }
        real.runOnce(); // claims this thread
        go.countDown();
        long passes = 0;
        while (ran.get() < producers * perProducer) {
            real.runOnce(20_000); // 20 us: the intake stops mid-segment again and again
            passes++;
            if ((passes & 1023) == 0) Thread.yield();
        }
        for (Thread t : threads) t.join();
        assertEquals(0, bad.get(), "a producer's order was broken");
        assertEquals(producers * perProducer, ran.get(), "each exactly once");
        assertEquals(0, real.runOnce());
        assertEquals(-1, real.nextTimeout());
        real.close();
    }

    /**
     * close() racing with producers: every submission either ran, or was accepted and then cancelled by
     * the close cleanup (its handle says so), or was rejected with RejectedExecutionException (and never
     * runs). Both sides are counted: nothing is lost, nothing counts twice.
     */
    @Test
    void closeRacingWithProducersLosesNoSubmission() throws Exception {
        for (int round = 0; round < 20; round++) {
            closeRace(round);
        }
    }

    private static void closeRace(int round) throws Exception {
        int producers = 3;
        GuestLoop loop = new GuestLoop(() -> { });
        AtomicInteger ran = new AtomicInteger();
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger rejected = new AtomicInteger();
        AtomicInteger acceptedCancelled = new AtomicInteger();
        AtomicInteger ranAfterRejection = new AtomicInteger();
        AtomicInteger ranAndCancelled = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(producers);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int id = p;
            Thread t = new Thread(() -> {
                List<Handle> mine = new ArrayList<>();
                List<boolean[]> ranFlags = new ArrayList<>();
                started.countDown();
                for (int i = 0; ; i++) {
                    boolean[] didRun = new boolean[1];
                    Runnable cb = () -> {
                        synchronized (didRun) {
                            didRun[0] = true;
                        }
                        ran.incrementAndGet();
                    };
                    try {
                        Handle h = (i + id) % 3 == 0 ? loop.callLater(Duration.ZERO, cb) : loop.callSoon(cb);
                        accepted.incrementAndGet();
                        mine.add(h);
                        ranFlags.add(didRun);
                    } catch (RejectedExecutionException e) {
                        rejected.incrementAndGet();
                        // a rejected callback must never run: park it where the checker can see it
                        mine.add(null);
                        ranFlags.add(didRun);
                        break; // the loop is closed for good
                    }
                }
                // wait until the loop thread is done with its cleanup (the main thread joins it first)
                synchronized (CrossThreadIntakeTest.class) {
                    for (int i = 0; i < mine.size(); i++) {
                        Handle h = mine.get(i);
                        boolean r;
                        synchronized (ranFlags.get(i)) {
                            r = ranFlags.get(i)[0];
                        }
                        if (h == null) {
                            if (r) ranAfterRejection.incrementAndGet();
                        } else if (h.isCancelled()) {
                            acceptedCancelled.incrementAndGet();
                            if (r) ranAndCancelled.incrementAndGet();
                        }
                    }
                }
            }, "producer-" + p);
            threads.add(t);
        }
        AtomicReference<Throwable> hostFailure = new AtomicReference<>();
        CountDownLatch hostDone = new CountDownLatch(1);
        Thread hostThread = new Thread(() -> {
            try {
                while (!loop.isClosed() || loop.nextTimeout() != -1) {
                    loop.runOnce(50_000);
                }
            } catch (Throwable e) {
                hostFailure.set(e);
            } finally {
                hostDone.countDown();
            }
        }, "host");
        Thread closer = new Thread(() -> {
            try {
                started.await();
            } catch (InterruptedException e) {
                return;
            }
            // somewhere in the middle of the flood: after a number of accepted submissions that varies by round
            int closeAfter = 2_000 * (1 + round % 5);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (accepted.get() < closeAfter && System.nanoTime() < deadline) Thread.yield();
            loop.close();
        }, "closer");
        synchronized (CrossThreadIntakeTest.class) {
            hostThread.start();
            for (Thread t : threads) t.start();
            closer.start();
            closer.join();
            assertTrue(hostDone.await(20, TimeUnit.SECONDS), "the host did not finish the close cleanup");
        }
        for (Thread t : threads) t.join();
        assertNull(hostFailure.get());
        assertEquals(producers, rejected.get(), "round " + round + ": each producer ends with one rejection");
        assertEquals(0, ranAfterRejection.get(), "round " + round + ": a rejected submission ran");
        assertEquals(0, ranAndCancelled.get(), "round " + round + ": a submission both ran and was cancelled");
        assertEquals(accepted.get(), ran.get() + acceptedCancelled.get(),
                "round " + round + ": accepted " + accepted + " = ran " + ran + " + cancelled by close "
                        + acceptedCancelled + " (a submission was lost)");
        assertFalse(hostThread.isAlive() && hostDone.getCount() > 0);
    }
}
