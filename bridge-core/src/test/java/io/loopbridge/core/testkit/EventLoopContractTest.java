package io.loopbridge.core.testkit;

import io.loopbridge.core.ErrorContext;
import io.loopbridge.core.EventLoop;
import io.loopbridge.core.Handle;
import io.loopbridge.core.LoopBlockingException;
import io.loopbridge.core.LoopFuture;
import io.loopbridge.core.Task;
import io.loopbridge.core.TimerHandle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The behaviour every host of the loop must show, whoever drives it: a {@code GuestLoop} under a test
 * host, {@code StandaloneLoop}, {@code FxLoop}, {@code SwingLoop}. Each host's test subclasses this and
 * supplies {@link #createLoop()} and, where the default does not fit, {@link #run}.
 *
 * <p>Tests use short real delays (a few milliseconds); hosts on a manual clock jump over them.
 */
@Timeout(60)
public abstract class EventLoopContractTest {

    protected EventLoop loop;

    /** A fresh loop for one test; closed after it. */
    protected abstract EventLoop createLoop();

    /**
     * Runs {@code body} as a task on the loop thread and returns its value once it is done (driving
     * the loop if the host needs it). The default calls {@code runUntilComplete(createTask(body))}
     * from the test thread.
     */
    protected <T> T run(Supplier<? extends CompletionStage<T>> body) {
        return loop.runUntilComplete(loop.createTask(body));
    }

    /** Whether {@code runUntilComplete} may be called on the loop thread (and nests). */
    protected boolean supportsNestedRun() {
        return true;
    }

    /** Runs {@code action} on the loop thread and returns once it ran. */
    protected void onLoop(Runnable action) {
        run(() -> {
            action.run();
            return CompletableFuture.completedFuture(null);
        });
    }

    @BeforeEach
    void createTheLoop() {
        loop = createLoop();
    }

    @AfterEach
    void closeTheLoop() {
        if (loop != null) loop.close();
    }

    // ---------------------------------------------------------------------------------------------
    // callSoon
    // ---------------------------------------------------------------------------------------------

    @Test
    protected void callSoonRunsCallbacksInFifoOrderOnTheLoopThread() {
        List<Integer> order = run(() -> {
            LoopFuture<List<Integer>> done = loop.createFuture();
            List<Integer> seen = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                int n = i;
                loop.callSoon(() -> {
                    assertTrue(loop.inEventLoop(), "callback off the loop thread");
                    seen.add(n);
                });
            }
            loop.callSoon(() -> done.complete(seen));
            return done;
        });
        for (int i = 0; i < 100; i++) assertEquals(i, order.get(i));
    }

    @Test
    protected void callbackScheduledDuringACallbackRunsAfterTheCallbacksAlreadyQueued() {
        // asyncio test_events: call_soon from a callback runs on the next iteration
        List<String> order = run(() -> {
            LoopFuture<List<String>> done = loop.createFuture();
            List<String> seen = new ArrayList<>();
            loop.callSoon(() -> {
                seen.add("a");
                loop.callSoon(() -> {
                    seen.add("c");
                    done.complete(seen);
                });
            });
            loop.callSoon(() -> seen.add("b"));
            return done;
        });
        assertEquals(List.of("a", "b", "c"), order);
    }

    @Test
    protected void crossThreadCallSoonRunsEachCallbackExactlyOnceInPerProducerOrder() throws Exception {
        int producers = 4;
        int perProducer = 100_000;
        int[] next = new int[producers];
        AtomicInteger offLoop = new AtomicInteger();
        AtomicInteger outOfOrder = new AtomicInteger();
        CompletableFuture<Void> allRan = new CompletableFuture<>();
        AtomicInteger total = new AtomicInteger();
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
                    loop.callSoon(() -> {
                        if (!loop.inEventLoop()) offLoop.incrementAndGet();
                        if (next[id] != n) outOfOrder.incrementAndGet(); // loop thread only: no race
                        next[id] = n + 1;
                        if (total.incrementAndGet() == producers * perProducer) allRan.complete(null);
                    });
                }
            }, "producer-" + p);
            t.start();
            threads.add(t);
        }
        go.countDown();
        run(() -> loop.wrapFuture(allRan));
        for (Thread t : threads) t.join();
        assertEquals(producers * perProducer, total.get());
        assertEquals(0, offLoop.get(), "callbacks that ran off the loop thread");
        assertEquals(0, outOfOrder.get(), "callbacks that ran out of their producer's order");
        for (int p = 0; p < producers; p++) assertEquals(perProducer, next[p]);
    }

    @Test
    protected void cancelledCallbackNeverRuns() {
        AtomicBoolean ran = new AtomicBoolean();
        Handle h = run(() -> {
            Handle handle = loop.callSoon(() -> ran.set(true));
            handle.cancel();
            LoopFuture<Handle> done = loop.createFuture();
            loop.callSoon(() -> done.complete(handle));
            return done;
        });
        assertTrue(h.isCancelled());
        assertFalse(ran.get());
    }

    @Test
    protected void executeIsCallSoon() {
        String where = run(() -> {
            LoopFuture<String> f = loop.createFuture();
            loop.execute(() -> f.complete(loop.inEventLoop() ? "loop" : "elsewhere"));
            return f;
        });
        assertEquals("loop", where);
    }

    @Test
    protected void nullCallbackIsRejectedWithItsName() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> loop.callSoon(null));
        assertTrue(e.getMessage().contains("callback"), e.getMessage());
        assertThrows(NullPointerException.class, () -> loop.callLater(Duration.ZERO, null));
        assertThrows(NullPointerException.class, () -> loop.callLater(null, () -> { }));
    }

    // ---------------------------------------------------------------------------------------------
    // Timers
    // ---------------------------------------------------------------------------------------------

    @Test
    protected void callLaterNeverRunsBeforeItsDeadline() {
        long[] times = run(() -> {
            LoopFuture<long[]> f = loop.createFuture();
            long start = loop.time();
            TimerHandle t = loop.callLater(Duration.ofMillis(15), () -> f.complete(new long[] {start, loop.time()}));
            assertTrue(t.when() - start >= Duration.ofMillis(15).toNanos());
            return f;
        });
        assertTrue(times[1] - times[0] >= Duration.ofMillis(15).toNanos(), "timer ran early");
    }

    @Test
    protected void timersRunInDeadlineOrder() {
        List<Integer> order = run(() -> {
            LoopFuture<List<Integer>> done = loop.createFuture();
            List<Integer> seen = new ArrayList<>();
            loop.callLater(Duration.ofMillis(30), () -> {
                seen.add(30);
                done.complete(seen);
            });
            loop.callLater(Duration.ofMillis(10), () -> seen.add(10));
            loop.callLater(Duration.ofMillis(20), () -> seen.add(20));
            return done;
        });
        assertEquals(List.of(10, 20, 30), order);
    }

    @Test
    protected void timersWithEqualDeadlinesRunInSchedulingOrder() {
        List<Integer> order = run(() -> {
            LoopFuture<List<Integer>> done = loop.createFuture();
            List<Integer> seen = new ArrayList<>();
            long deadline = loop.time() + Duration.ofMillis(5).toNanos();
            for (int i = 0; i < 20; i++) {
                int n = i;
                loop.callAt(deadline, () -> seen.add(n));
            }
            loop.callAt(deadline, () -> done.complete(seen));
            return done;
        });
        for (int i = 0; i < 20; i++) assertEquals(i, order.get(i));
    }

    @Test
    protected void cancelledTimerNeverRunsAndLeavesNoPendingTimer() {
        AtomicBoolean ran = new AtomicBoolean();
        int pending = run(() -> {
            TimerHandle t = loop.callLater(Duration.ofMillis(5), () -> ran.set(true));
            t.cancel();
            assertTrue(t.isCancelled());
            return loop.sleep(Duration.ofMillis(20)).thenApply(v -> loop.stats().pendingTimers());
        });
        assertFalse(ran.get());
        assertEquals(0, pending);
    }

    @Test
    protected void negativeDelayMeansNow() {
        assertEquals("ran", run(() -> {
            LoopFuture<String> f = loop.createFuture();
            loop.callLater(Duration.ofSeconds(-5), () -> f.complete("ran"));
            return f;
        }));
    }

    @Test
    protected void crossThreadTimerWithEarlierDeadlineWakesTheHost() throws Exception {
        String result = run(() -> {
            LoopFuture<String> f = loop.createFuture();
            loop.callLater(Duration.ofHours(1), () -> f.complete("late"));
            Thread t = new Thread(() -> loop.callLater(Duration.ofMillis(5), () -> f.complete("early")));
            t.start();
            try {
                t.join(); // so that a manual-clock host cannot jump past the early deadline first
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            return f;
        });
        assertEquals("early", result);
    }

    // ---------------------------------------------------------------------------------------------
    // Futures and tasks
    // ---------------------------------------------------------------------------------------------

    @Test
    protected void dependentActionsRunOnTheLoopThreadWhicheverThreadCompletes() {
        boolean onLoop = run(() -> {
            LoopFuture<String> f = loop.createFuture();
            LoopFuture<Boolean> where = f.thenApply(v -> loop.inEventLoop());
            new Thread(() -> f.complete("x")).start();
            return where;
        });
        assertTrue(onLoop);
    }

    @Test
    protected void joinOnTheLoopThreadWhilePendingFailsFastInsteadOfBlocking() {
        LoopBlockingException e = run(() -> {
            LoopFuture<Object> f = loop.createFuture();
            LoopBlockingException thrown = assertThrows(LoopBlockingException.class, f::join);
            assertThrows(LoopBlockingException.class, f::get);
            f.cancel(false);
            return CompletableFuture.completedFuture(thrown);
        });
        assertInstanceOf(IllegalStateException.class, e);
        assertTrue(e.getMessage().contains("join"), e.getMessage());
    }

    @Test
    protected void taskStartsInALaterIterationNotSynchronously() {
        boolean[] startedSync = {true};
        String v = run(() -> {
            AtomicBoolean started = new AtomicBoolean();
            Task<String> t = loop.createTask(() -> {
                started.set(true);
                return CompletableFuture.completedFuture("done");
            });
            startedSync[0] = started.get();
            return t;
        });
        assertFalse(startedSync[0]);
        assertEquals("done", v);
    }

    @Test
    protected void currentReturnsTheLoopInsideCallbacks() {
        EventLoop seen = run(() -> {
            LoopFuture<EventLoop> f = loop.createFuture();
            loop.callSoon(() -> f.complete(EventLoop.current()));
            return f;
        });
        assertSame(loop, seen);
    }

    @Test
    protected void sleepCompletesAfterItsDelay() {
        long elapsed = run(() -> {
            long start = loop.time();
            return loop.sleep(Duration.ofMillis(10)).thenApply(v -> loop.time() - start);
        });
        assertTrue(elapsed >= Duration.ofMillis(10).toNanos(), "sleep returned early: " + elapsed);
    }

    @Test
    protected void cancellingATaskCancelsItsSleepAndLeavesNoTimer() {
        Object[] out = run(() -> {
            Task<Void> t = loop.createTask(() -> loop.sleep(Duration.ofHours(1)));
            return loop.sleep(Duration.ofMillis(1)).thenCompose(v -> {
                assertEquals(1, loop.stats().pendingTimers(), "the task's sleep timer");
                t.cancel(true);
                return t.handle((r, e) -> new Object[] {e, loop.stats().pendingTimers()});
            });
        });
        assertInstanceOf(CancellationException.class, out[0]);
        assertEquals(0, out[1]);
    }

    @Test
    protected void runInExecutorRunsOffTheLoopAndDeliversOnIt() {
        String[] out = run(() -> loop.runInExecutor(() -> loop.inEventLoop() ? "on loop" : "off loop")
                .thenApply(v -> new String[] {v, loop.inEventLoop() ? "on loop" : "off loop"}));
        assertEquals("off loop", out[0]);
        assertEquals("on loop", out[1]);
    }

    @Test
    protected void wrapFutureCompletesOnTheLoopThread() {
        boolean onLoop = run(() -> {
            CompletableFuture<String> foreign = new CompletableFuture<>();
            LoopFuture<Boolean> f = loop.wrapFuture(foreign).thenApply(v -> loop.inEventLoop());
            new Thread(() -> foreign.complete("x")).start();
            return f;
        });
        assertTrue(onLoop);
    }

    @Test
    protected void waitForFailsWithTimeoutExceptionAndCancelsTheStage() {
        Object[] out = run(() -> {
            LoopFuture<String> slow = loop.createFuture();
            return loop.waitFor(slow, Duration.ofMillis(5)).handle((v, e) -> new Object[] {e, slow.isCancelled()});
        });
        assertInstanceOf(TimeoutException.class, out[0]);
        assertEquals(true, out[1]);
    }

    @Test
    protected void gatherReturnsResultsInArgumentOrder() {
        List<Integer> r = run(() -> loop.gather(List.of(
                loop.sleep(Duration.ofMillis(6)).thenApply(v -> 1),
                loop.sleep(Duration.ofMillis(2)).thenApply(v -> 2),
                loop.sleep(Duration.ofMillis(4)).thenApply(v -> 3))));
        assertEquals(List.of(1, 2, 3), r);
    }

    @Test
    protected void failedTaskThrowsFromRunUntilCompleteLikeJoin() {
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        CompletionException e = assertThrows(CompletionException.class, () -> run(() -> {
            throw boom;
        }));
        assertSame(boom, e.getCause());
    }

    // ---------------------------------------------------------------------------------------------
    // Errors
    // ---------------------------------------------------------------------------------------------

    @Test
    protected void throwingCallbackReachesTheExceptionHandlerAndTheLoopGoesOn() {
        AtomicReference<ErrorContext> seen = new AtomicReference<>();
        RuntimeException boom = new RuntimeException("boom");
        Object[] out = run(() -> {
            loop.setExceptionHandler(seen::set);
            Handle h = loop.callSoon(() -> {
                throw boom;
            });
            LoopFuture<Object[]> f = loop.createFuture();
            loop.callSoon(() -> f.complete(new Object[] {h}));
            return f;
        });
        assertSame(boom, seen.get().exception());
        assertSame(out[0], seen.get().source());
    }

    // ---------------------------------------------------------------------------------------------
    // Nesting and closing
    // ---------------------------------------------------------------------------------------------

    @Test
    protected void runUntilCompleteOnTheLoopThreadNestsAndTimersKeepRunning() {
        if (!supportsNestedRun()) {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> loop.runUntilComplete(new CompletableFuture<>()));
            assertTrue(e.getMessage().contains("host"), e.getMessage());
            return;
        }
        int[] ticks = {0};
        String v = run(() -> {
            LoopFuture<String> outer = loop.createFuture();
            loop.callSoon(() -> {
                TimerHandle[] tick = new TimerHandle[1];
                Runnable[] ticker = new Runnable[1];
                ticker[0] = () -> {
                    ticks[0]++;
                    tick[0] = loop.callLater(Duration.ofMillis(1), ticker[0]);
                };
                tick[0] = loop.callLater(Duration.ofMillis(1), ticker[0]);
                String inner = loop.runUntilComplete(loop.sleep(Duration.ofMillis(20)).thenApply(x -> "inner"));
                tick[0].cancel();
                outer.complete(inner + " then outer");
            });
            return outer;
        });
        assertEquals("inner then outer", v);
        assertTrue(ticks[0] >= 2, "timers stopped during the nested run: " + ticks[0]);
    }

    @Test
    protected void closeCancelsQueuedWorkAndRejectsScheduling() {
        Object[] handles = run(() -> {
            Handle soon = loop.callSoon(() -> { });
            TimerHandle later = loop.callLater(Duration.ofHours(1), () -> { });
            LoopFuture<Void> sleep = loop.sleep(Duration.ofHours(1));
            return CompletableFuture.completedFuture(new Object[] {soon, later, sleep});
        });
        loop.close();
        assertTrue(loop.isClosed());
        assertTrue(((Handle) handles[1]).isCancelled(), "pending timer not cancelled by close()");
        assertTrue(((LoopFuture<?>) handles[2]).isCancelled(), "pending sleep not cancelled by close()");
        RejectedExecutionException e = assertThrows(RejectedExecutionException.class, () -> loop.callSoon(() -> { }));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertThrows(RejectedExecutionException.class, () -> loop.callLater(Duration.ZERO, () -> { }));
        assertThrows(RejectedExecutionException.class, () -> loop.execute(() -> { }));
        assertThrows(RejectedExecutionException.class, () -> loop.createTask(() -> new CompletableFuture<>()));
        if (supportsNestedRun()) {
            assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(new CompletableFuture<>()));
            assertThrows(IllegalStateException.class, loop::runForever);
        }
        loop.close(); // idempotent
    }
}
