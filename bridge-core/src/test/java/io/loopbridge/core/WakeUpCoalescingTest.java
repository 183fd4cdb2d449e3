package io.loopbridge.core;

import io.loopbridge.core.testkit.ManualClock;
import io.loopbridge.core.testkit.RecordingHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@link GuestLoop.HostWaker} contract: one atomic flag coalesces wake-ups; it is cleared before
 * cross-thread submissions are taken in, so a submission racing with {@code runOnce} re-wakes instead of
 * being stranded; earlier deadlines wake; loop-thread work wakes only outside {@code runOnce}. The
 * {@link RecordingHost} fails a test that sees a second wake-up while one is outstanding.
 */
@Timeout(30)
class WakeUpCoalescingTest {
    private final RecordingHost host = RecordingHost.create();
    private final GuestLoop loop = host.loop();
    private final ManualClock clock = host.clock();
    private final List<String> log = new CopyOnWriteArrayList<>();

    @AfterEach
    void hostContractKept() {
        host.assertContractKept();
        loop.close();
    }

    private Runnable add(String s) {
        return () -> log.add(s);
    }

    private static void onAnotherThread(Runnable r) {
        Thread t = new Thread(r, "producer");
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS), "latch not released within 10 s");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void manyCrossThreadSubmissionsBetweenTwoRunOnceCallsWakeTheHostExactlyOnce() throws Exception {
        host.runOnce();
        int before = host.wakeUps();
        List<Thread> producers = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            Thread t = new Thread(() -> {
                for (int i = 0; i < 1000; i++) loop.callSoon(() -> { });
                loop.execute(() -> { });
                loop.callLater(Duration.ofMillis(1), () -> { });
                loop.createTask(() -> CompletableFuture.completedFuture(null));
            });
            producers.add(t);
            t.start();
        }
        for (Thread t : producers) t.join();
        assertEquals(before + 1, host.wakeUps());
        assertEquals(4 * 1002, host.runOnce());
        onAnotherThread(() -> {
            for (int i = 0; i < 10; i++) loop.callSoon(() -> { });
        });
        assertEquals(before + 2, host.wakeUps(), "a new wake-up once runOnce consumed the last one");
    }

    @Test
    void aWakeUpIsConsumedOnlyByRunOnce() {
        host.runOnce();
        onAnotherThread(() -> loop.callSoon(add("a")));
        int woken = host.wakeUps();
        assertEquals(0, loop.nextTimeout());
        onAnotherThread(() -> loop.callSoon(add("b")));
        assertEquals(woken, host.wakeUps(), "still outstanding: the host has not run yet");
        host.runOnce();
        assertEquals(List.of("a", "b"), log);
        onAnotherThread(() -> loop.callSoon(add("c")));
        assertEquals(woken + 1, host.wakeUps());
    }

    @Test
    void submissionRacingWithRunOnceAfterItTookInTheInboxWakesTheHostAgain() {
        host.runOnce();
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch submitted = new CountDownLatch(1);
        Thread producer = new Thread(() -> {
            await(go);
            loop.callSoon(add("raced"));
            submitted.countDown();
        }, "racer");
        producer.start();
        onAnotherThread(() -> loop.callSoon(() -> {
            // inside the pass: the flag was cleared and the inbox taken in before this callback ran
            log.add("first");
            go.countDown();
            await(submitted);
        }));
        int before = host.wakeUps();
        host.runOnce();
        assertEquals(List.of("first"), log, "the racing submission waits for the next pass");
        assertEquals(before + 1, host.wakeUps(), "the racing submission woke the host again");
        assertTrue(host.woken());
        host.runOnce();
        assertEquals(List.of("first", "raced"), log);
    }

    @Test
    void submissionRacingWithRunOnceBeforeAnyCallbackRunsIsNotStranded() {
        // the producer submits while runOnce reads the clock: after the flag was cleared and the inbox
        // taken in, before the first callback; deterministic thanks to the latches
        ManualClock manual = new ManualClock();
        RecordingHost h = new RecordingHost(manual);
        AtomicInteger reads = new AtomicInteger();
        int[] raceOnRead = {-1};
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch submitted = new CountDownLatch(1);
        LongSupplier hookedClock = () -> {
            if (reads.incrementAndGet() == raceOnRead[0]) {
                go.countDown();
                await(submitted);
            }
            return manual.getAsLong();
        };
        GuestLoop l = new GuestLoop(h, hookedClock);
        h.attach(l);
        try {
            h.runOnce();
            l.callLater(Duration.ofHours(1), add("never")); // runOnce reads the clock only with a timer pending
            Thread producer = new Thread(() -> {
                await(go);
                l.callSoon(add("raced"));
                submitted.countDown();
            }, "racer");
            producer.start();
            onAnotherThread(() -> l.callSoon(add("before")));
            raceOnRead[0] = reads.get() + 1; // the next clock read is the one inside the next runOnce
            int before = h.wakeUps();
            assertEquals(1, h.runOnce());
            assertEquals(List.of("before"), log);
            assertEquals(before + 1, h.wakeUps(), "stranded: the racing submission did not wake the host");
            assertEquals(1, h.runOnce());
            assertEquals(List.of("before", "raced"), log);
            h.assertContractKept();
        } finally {
            l.close();
        }
    }

    @Test
    void earlierDeadlineScheduledFromAnotherThreadWakesTheHost() {
        host.runOnce();
        loop.callLater(Duration.ofHours(1), add("late"));
        host.runOnce(); // the host answers that timer's wake-up, then waits an hour
        assertEquals(Duration.ofHours(1).toNanos(), loop.nextTimeout());
        int before = host.wakeUps();
        onAnotherThread(() -> loop.callLater(Duration.ofMillis(5), add("early")));
        assertEquals(before + 1, host.wakeUps());
        host.runOnce();
        assertEquals(Duration.ofMillis(5).toNanos(), loop.nextTimeout(), "the host now sees the earlier deadline");
        host.pump();
        assertEquals(List.of("early", "late"), log);
    }

    @Test
    void loopThreadCallSoonOutsideRunOnceWakesTheHostOnce() {
        // e.g. a UI event handler on the loop thread, between two passes
        host.runOnce();
        int before = host.wakeUps();
        for (int i = 0; i < 5; i++) loop.callSoon(add("h" + i));
        assertEquals(before + 1, host.wakeUps());
        host.assertNotStranded();
        assertEquals(5, host.runOnce());
    }

    @Test
    void loopThreadCallSoonInsideRunOnceWakesTheHostOncePerPass() {
        // A callback may be blocked in a nested host loop (a modal dialog) whose event handlers schedule
        // work: no host turn is due to re-read nextTimeout() then, so the loop must ask for one.
        host.runOnce();
        loop.callSoon(() -> {
            for (int i = 0; i < 5; i++) loop.callSoon(add("x" + i));
        });
        int before = host.wakeUps();
        host.runOnce();
        assertEquals(before + 1, host.wakeUps(), "five callSoons in one pass: one wake-up");
        assertEquals(0, loop.nextTimeout());
        host.runOnce();
        // the five callbacks ran in one pass, and while more of it waited behind a callback, a wake-up was
        // pending (for a nested host loop the callback might open): one more, coalesced
        assertEquals(before + 2, host.wakeUps(), "a pass of five callbacks: one wake-up ahead, not five");
        assertEquals(5, log.size());
        host.runOnce();
        assertEquals(before + 2, host.wakeUps(), "a pass that runs and schedules nothing wakes nobody");
    }

    @Test
    void passOfOneCallbackThatSchedulesNothingWakesNobody() {
        host.runOnce();
        loop.callSoon(add("only"));
        int before = host.wakeUps();
        host.runOnce();
        assertEquals(before, host.wakeUps());
        assertEquals(-1, loop.nextTimeout());
    }

    @Test
    void restOfThePassRunsInsideANestedHostLoopOpenedByItsFirstCallback() {
        // a modal dialog opened by a; b and c were ready on entry and nothing new is scheduled: the dialog's
        // own loop must still get a turn for them, not only after the dialog closes
        host.runOnce();
        loop.callSoon(() -> {
            log.add("a opens");
            assertTrue(host.woken(), "no wake-up pending for the rest of the pass");
            host.runOnce(); // the dialog's host loop answers the wake-up
            log.add("a closes");
        });
        loop.callSoon(add("b"));
        loop.callSoon(add("c"));
        host.runOnce();
        assertEquals(List.of("a opens", "b", "c", "a closes"), log);
    }

    @Test
    void workScheduledWhileACallbackPumpsANestedHostLoopWakesTheHost() {
        boolean[] wokenInside = new boolean[1];
        loop.callSoon(() -> {
            // as an event handler inside a modal dialog opened by this callback would
            loop.callSoon(add("from the dialog"));
            wokenInside[0] = host.woken();
        });
        host.runOnce();
        assertTrue(wokenInside[0], "the host was not asked to run the dialog's work");
        host.runOnce();
        assertEquals(List.of("from the dialog"), log);
    }

    @Test
    void loopThreadTimerOutsideRunOnceWakesOnlyWhenItIsTheEarliest() {
        host.runOnce();
        loop.callLater(Duration.ofMillis(50), add("first"));
        int after1 = host.wakeUps();
        host.runOnce();
        loop.callLater(Duration.ofMillis(80), add("later"));
        assertEquals(after1, host.wakeUps(), "not earlier than the deadline the host waits for");
        loop.callLater(Duration.ofMillis(10), add("earlier"));
        assertEquals(after1 + 1, host.wakeUps());
        host.runOnce();
        assertEquals(Duration.ofMillis(10).toNanos(), loop.nextTimeout());
    }

    @Test
    void loopThreadTimerInsideRunOnceWakesTheHostWhenItIsTheEarliest() {
        host.runOnce();
        loop.callLater(Duration.ofHours(1), add("late"));
        host.runOnce();
        int before = host.wakeUps();
        loop.callSoon(() -> loop.callLater(Duration.ofMillis(1), add("early")));
        assertEquals(before + 1, host.wakeUps(), "the callSoon made outside runOnce");
        host.runOnce();
        assertEquals(before + 2, host.wakeUps(), "the earlier deadline set inside runOnce");
        assertEquals(Duration.ofMillis(1).toNanos(), loop.nextTimeout());
        host.runOnce(); // answers that wake-up
        loop.callSoon(() -> loop.callLater(Duration.ofMinutes(1), add("not earliest")));
        host.runOnce();
        assertEquals(before + 3, host.wakeUps(), "only the callSoon: the new timer is not the earliest");
    }

    @Test
    void closeFromAnotherThreadWakesAnIdleHostOnce() {
        host.runOnce();
        int before = host.wakeUps();
        onAnotherThread(loop::close);
        assertEquals(before + 1, host.wakeUps());
        assertEquals(0, loop.nextTimeout());
        host.runOnce();
        assertEquals(-1, loop.nextTimeout());
    }

    @Test
    void closeFromAnotherThreadDoesNotWakeAgainWhileAWakeUpIsOutstanding() {
        // regression: close() cleared the flag and woke the host unconditionally: a second wake-up while
        // one was outstanding, which the HostWaker javadoc rules out (and a host may count on)
        host.runOnce();
        onAnotherThread(() -> loop.callSoon(add("a")));
        int before = host.wakeUps();
        onAnotherThread(loop::close);
        assertEquals(before, host.wakeUps());
        host.assertContractKept();
        host.runOnce();
        assertEquals(-1, loop.nextTimeout());
        assertTrue(log.isEmpty(), "close() cancelled the queued callback");
    }

    @Test
    void throwingHostWakerIsReportedAndDoesNotWedgeLaterWakeUps() {
        AtomicInteger calls = new AtomicInteger();
        RuntimeException broken = new IllegalStateException("host is gone");
        List<ErrorContext> errors = new CopyOnWriteArrayList<>();
        GuestLoop l = new GuestLoop(() -> {
            if (calls.incrementAndGet() == 1) throw broken;
        }, clock);
        l.setExceptionHandler(errors::add);
        try {
            l.runOnce();
            onAnotherThread(() -> l.callSoon(add("a")));
            assertEquals(1, calls.get());
            assertEquals(1, errors.size());
            assertSame(broken, errors.get(0).exception());
            assertTrue(errors.get(0).message().contains("HostWaker"), errors.get(0).message());
            onAnotherThread(() -> l.callSoon(add("b")));
            assertEquals(2, calls.get(), "the failed wake-up did not leave the flag set");
            assertEquals(2, l.runOnce());
            assertEquals(List.of("a", "b"), log);
        } finally {
            l.close();
        }
    }

    @Test
    void hostWakerMayBeCalledOnTheLoopThread() {
        List<Thread> wakers = new CopyOnWriteArrayList<>();
        GuestLoop l = new GuestLoop(() -> wakers.add(Thread.currentThread()), clock);
        try {
            l.runOnce();
            l.callSoon(add("from a UI handler"));
            assertEquals(List.of(Thread.currentThread()), wakers);
        } finally {
            l.close();
        }
    }

    @Test
    void crossThreadSubmissionBeforeTheFirstRunOnceWakesTheHost() {
        assertFalse(host.woken());
        onAnotherThread(() -> loop.callSoon(add("early bird")));
        assertTrue(host.woken());
        host.runOnce();
        assertEquals(List.of("early bird"), log);
    }
}
