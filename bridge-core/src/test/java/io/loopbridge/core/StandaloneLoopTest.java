package io.loopbridge.core;

import io.loopbridge.core.testkit.TestCores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link StandaloneLoop}: asyncio's run/stop/close semantics on the calling thread, parking between
 * timers. Runs on the real clock with short delays (a few ms): the loop itself waits, the test never
 * sleeps. Peers: asyncio {@code test_base_events} and {@code test_events} (named per test).
 */
@Timeout(30)
class StandaloneLoopTest {
    private final StandaloneLoop loop = StandaloneLoop.create();
    private final List<String> log = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeTheLoop() {
        loop.close();
    }

    private Runnable add(String s) {
        return () -> log.add(s);
    }

    /** Runs the loop forever on a new thread; returns once it is running. */
    private Thread runForeverOnAnotherThread(String name, AtomicReference<Throwable> failure) throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        loop.callSoon(running::countDown);
        Thread t = new Thread(() -> {
            try {
                loop.runForever();
            } catch (Throwable e) {
                failure.set(e);
            }
        }, name);
        t.start();
        assertTrue(running.await(10, TimeUnit.SECONDS), "the loop did not start");
        return t;
    }

    // ---------------------------------------------------------------------------------------------
    // stop()
    // ---------------------------------------------------------------------------------------------

    @Test
    void stopLetsTheCurrentIterationFinishThenRunForeverReturns() {
        // asyncio BaseEventLoop.stop(): "the current iteration finishes" (docs)
        loop.callSoon(() -> {
            log.add("a");
            loop.stop();
            loop.callSoon(add("c: next iteration"));
        });
        loop.callSoon(add("b: same iteration"));
        loop.runForever();
        assertEquals(List.of("a", "b: same iteration"), log);
        assertFalse(loop.isRunning());
    }

    @Test
    void stopBeforeRunForeverRunsExactlyOneIteration() {
        // asyncio test_base_events.test_run_forever_pre_stopped
        loop.callSoon(() -> {
            log.add("first");
            loop.callSoon(add("second iteration"));
        });
        loop.stop();
        loop.runForever();
        assertEquals(List.of("first"), log);
        assertEquals(1, loop.stats().iterations());
    }

    @Test
    void stoppedLoopCanRunAgainAndPicksUpWhereItStopped() {
        loop.callSoon(() -> {
            log.add("run 1");
            loop.stop();
            loop.callSoon(add("run 2"));
        });
        loop.runForever();
        loop.callSoon(loop::stop);
        loop.runForever();
        assertEquals(List.of("run 1", "run 2"), log);
    }

    @Test
    void stopFromAnotherThreadWakesAParkedLoop() throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread runner = runForeverOnAnotherThread("runner", failure);
        assertTrue(loop.isRunning());
        loop.stop();
        runner.join(10_000);
        assertFalse(runner.isAlive(), "stop() did not wake the parked loop");
        assertNull(failure.get());
        assertFalse(loop.isRunning());
    }

    @Test
    void stopMakesTheInnermostNestedRunReturn() {
        loop.callSoon(() -> {
            log.add("outer callback");
            LoopFuture<String> never = loop.createFuture();
            loop.callSoon(loop::stop);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(never));
            log.add("nested run stopped: " + e.getMessage().contains("stopped before"));
            loop.callSoon(loop::stop);
        });
        loop.runForever();
        assertEquals(List.of("outer callback", "nested run stopped: true"), log);
    }

    // ---------------------------------------------------------------------------------------------
    // runUntilComplete
    // ---------------------------------------------------------------------------------------------

    @Test
    void runUntilCompleteReturnsTheValueOrThrowsAsJoinDoes() {
        assertEquals("v", loop.runUntilComplete(loop.sleep(Duration.ofMillis(2)).thenApply(v -> "v")));
        IllegalStateException boom = new IllegalStateException("boom");
        CompletionException e = assertThrows(CompletionException.class,
                () -> loop.runUntilComplete(loop.createTask(() -> CompletableFuture.failedFuture(boom))));
        assertSame(boom, e.getCause());
        Task<String> cancelled = loop.createTask(() -> loop.sleep(Duration.ofHours(1)).thenApply(v -> "x"));
        loop.callSoon(() -> loop.callSoon(() -> cancelled.cancel(true)));
        assertThrows(CancellationException.class, () -> loop.runUntilComplete(cancelled));
        assertEquals("foreign", loop.runUntilComplete(CompletableFuture.completedFuture("foreign")));
    }

    @Test
    void runUntilCompleteOnAStageStillPendingWhenTheLoopStopsFailsClearly() {
        // asyncio test_events.test_run_until_complete_stopped ("Event loop stopped before Future completed.")
        LoopFuture<String> never = loop.createFuture();
        loop.callSoon(loop::stop);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(never));
        assertTrue(e.getMessage().contains("stopped before the stage completed"), e.getMessage());
        assertFalse(never.isDone(), "the stage is left alone: a later run may still complete it");
        loop.callSoon(() -> never.complete("later"));
        assertEquals("later", loop.runUntilComplete(never));
    }

    @Test
    void runUntilCompleteFromAnotherThreadWhileTheLoopRunsWaitsForTheStage() throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread runner = runForeverOnAnotherThread("runner", failure);
        LoopFuture<String>[] f = new LoopFuture[1];
        CountDownLatch created = new CountDownLatch(1);
        loop.callSoon(() -> {
            f[0] = loop.createFuture();
            loop.callLater(Duration.ofMillis(5), () -> f[0].complete("from the loop"));
            created.countDown();
        });
        assertTrue(created.await(10, TimeUnit.SECONDS));
        assertEquals("from the loop", loop.runUntilComplete(f[0]));
        loop.stop();
        runner.join(10_000);
        assertNull(failure.get());
    }

    // ---------------------------------------------------------------------------------------------
    // Threads: one run at a time, current(), isRunning()
    // ---------------------------------------------------------------------------------------------

    @Test
    void runForeverWhileItRunsOnAnotherThreadFailsNamingThatThread() throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread runner = runForeverOnAnotherThread("the-runner", failure);
        IllegalStateException e = assertThrows(IllegalStateException.class, loop::runForever);
        assertTrue(e.getMessage().contains("already running") && e.getMessage().contains("the-runner"), e.getMessage());
        assertEquals(1, loop.runUntilComplete(CompletableFuture.completedFuture(1)), "from another thread it waits instead");
        loop.stop();
        runner.join(10_000);
        assertNull(failure.get());
    }

    @Test
    void twoThreadsStartingRunForeverTogetherExactlyOneRunsTheOtherFailsCleanly() throws Exception {
        // regression: run() checked 'runner' and then read 'runDepth' without a lock, so the loser of a
        // race could skip attaching, increment and decrement the runner's runDepth from its own thread,
        // and fail with a misleading message from runOnce()
        for (int round = 0; round < 200; round++) {
            StandaloneLoop l = StandaloneLoop.create();
            try {
                CyclicBarrier start = new CyclicBarrier(2);
                List<Throwable> failures = new CopyOnWriteArrayList<>();
                List<String> ran = new CopyOnWriteArrayList<>();
                Runnable body = () -> {
                    try {
                        start.await(10, TimeUnit.SECONDS);
                        l.runForever();
                        ran.add(Thread.currentThread().getName());
                    } catch (Throwable e) {
                        failures.add(e);
                        l.stop(); // the winner runs until the loser has failed
                    }
                };
                Thread a = new Thread(body, "a");
                Thread b = new Thread(body, "b");
                a.start();
                b.start();
                a.join(10_000);
                b.join(10_000);
                assertEquals(1, ran.size(), "round " + round + ": " + ran + " " + failures);
                assertEquals(1, failures.size(), "round " + round);
                assertInstanceOf(IllegalStateException.class, failures.get(0));
                assertTrue(failures.get(0).getMessage().contains("already running"), "round " + round + ": " + failures.get(0).getMessage());
                assertFalse(l.isRunning());
                assertNull(TestCores.of(l).loopThread());
            } finally {
                l.close();
            }
        }
    }

    @Test
    void currentIsTheLoopInsideCallbacksAndUnboundOnceTheRunReturned() {
        // asyncio.get_running_loop(): bound only while the loop runs
        AtomicReference<EventLoop> inside = new AtomicReference<>();
        loop.runUntilComplete(loop.sleep(Duration.ofMillis(1)).thenRun(() -> inside.set(EventLoop.current())));
        assertSame(loop, inside.get());
        IllegalStateException e = assertThrows(IllegalStateException.class, EventLoop::current);
        assertTrue(e.getMessage().contains("no event loop"), e.getMessage());
        assertFalse(loop.inEventLoop(), "between runs no thread is the loop thread");
    }

    @Test
    void isRunningIsTrueDuringARunFromAnyThread() throws Exception {
        assertFalse(loop.isRunning());
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread runner = runForeverOnAnotherThread("runner", failure);
        assertTrue(loop.isRunning());
        assertFalse(loop.inEventLoop());
        loop.stop();
        runner.join(10_000);
        assertFalse(loop.isRunning());
    }

    @Test
    void runningAnotherLoopInsideACallbackFails() {
        try (StandaloneLoop other = StandaloneLoop.create()) {
            loop.callSoon(() -> {
                IllegalStateException e = assertThrows(IllegalStateException.class, other::runForever);
                log.add(e.getMessage().contains("another event loop") ? "refused" : e.getMessage());
                loop.stop();
            });
            loop.runForever();
        }
        assertEquals(List.of("refused"), log);
    }

    @Test
    void anIdleLoopParksInsteadOfSpinning() {
        loop.runUntilComplete(loop.sleep(Duration.ofMillis(30)));
        assertTrue(loop.stats().iterations() < 20, "an idle loop spun: " + loop.stats().iterations() + " iterations");
    }

    @Test
    void timersNeverFireEarlyOnTheRealClock() {
        long start = loop.time();
        long firedAt = loop.runUntilComplete(loop.sleep(Duration.ofMillis(15)).thenApply(v -> loop.time()));
        assertTrue(firedAt - start >= Duration.ofMillis(15).toNanos());
    }

    @Test
    void workSubmittedFromAnotherThreadWhileParkedRunsPromptly() throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread runner = runForeverOnAnotherThread("runner", failure);
        CountDownLatch ran = new CountDownLatch(1);
        loop.callSoon(ran::countDown);
        assertTrue(ran.await(10, TimeUnit.SECONDS), "the parked loop was not woken");
        loop.stop();
        runner.join(10_000);
    }

    @Test
    void throwingCallbackDoesNotEscapeTheRun() {
        List<ErrorContext> errors = new ArrayList<>();
        loop.setExceptionHandler(errors::add);
        loop.callSoon(() -> {
            throw new IllegalStateException("boom");
        });
        loop.callSoon(loop::stop);
        loop.runForever();
        assertEquals(1, errors.size());
    }

    // ---------------------------------------------------------------------------------------------
    // close()
    // ---------------------------------------------------------------------------------------------

    @Test
    void closeFromAnotherThreadEndsTheRun() throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        LoopFuture<Void>[] sleep = new LoopFuture[1];
        CountDownLatch slept = new CountDownLatch(1);
        loop.callSoon(() -> {
            sleep[0] = loop.sleep(Duration.ofHours(1));
            slept.countDown();
        });
        Thread runner = runForeverOnAnotherThread("runner", failure);
        assertTrue(slept.await(10, TimeUnit.SECONDS));
        loop.close();
        runner.join(10_000);
        assertFalse(runner.isAlive(), "close() did not end the run");
        assertNull(failure.get());
        assertTrue(sleep[0].isCancelled());
        assertFalse(loop.isRunning());
    }

    @Test
    void closeFromAnotherThreadAlwaysCancelsWhatIsPendingWhenTheRunEnds() throws Exception {
        // regression: run() checked isClosed() after runOnce() and left; a close() from another thread that
        // landed between the two ended the run without close()'s loop-thread cleanup ever running, so
        // pending futures and tasks stayed pending forever (stress: the window is a few instructions wide)
        for (int round = 0; round < 300; round++) {
            StandaloneLoop l = StandaloneLoop.create();
            l.setExceptionHandler(c -> { }); // the spinning callback's last callSoon is rejected by close()
            LoopFuture<?>[] pending = new LoopFuture<?>[1];
            CountDownLatch busy = new CountDownLatch(1);
            l.callSoon(() -> {
                pending[0] = l.sleep(Duration.ofHours(1));
                Runnable[] spin = new Runnable[1];
                spin[0] = () -> l.callSoon(spin[0]); // keep the loop iterating
                l.callSoon(spin[0]);
                busy.countDown();
            });
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread runner = new Thread(() -> {
                try {
                    l.runForever();
                } catch (Throwable e) {
                    failure.set(e);
                }
            }, "runner");
            runner.start();
            assertTrue(busy.await(10, TimeUnit.SECONDS));
            l.close();
            runner.join(10_000);
            assertFalse(runner.isAlive());
            assertNull(failure.get());
            assertTrue(pending[0].isCancelled(), "round " + round + ": the run ended without close()'s cleanup");
        }
    }

    @Test
    void runUntilCompleteOfALoopFutureEndedByCloseThrowsCancellationAsJoinWould() {
        // close() cancels the loop's pending futures, so the stage is done: cancelled
        LoopFuture<String> never = loop.createFuture();
        loop.callSoon(loop::close);
        assertThrows(CancellationException.class, () -> loop.runUntilComplete(never));
        assertTrue(never.isCancelled());
    }

    @Test
    void runUntilCompleteOfAForeignStageEndedByCloseSaysTheLoopWasClosed() {
        CompletableFuture<String> foreign = new CompletableFuture<>();
        loop.callSoon(loop::close);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(foreign));
        assertTrue(e.getMessage().contains("the loop was closed"), e.getMessage());
        assertFalse(foreign.isDone(), "not the loop's to cancel");
    }

    @Test
    void closeFromACallbackCancelsTheRestOfTheIterationAndEndsTheRun() {
        Handle[] rest = new Handle[1];
        loop.callSoon(() -> {
            log.add("closer");
            loop.close();
        });
        rest[0] = loop.callSoon(add("rest"));
        loop.runForever();
        assertEquals(List.of("closer"), log);
        assertTrue(rest[0].isCancelled());
    }

    @Test
    void closedLoopCannotRunAndRejectsScheduling() {
        // asyncio test_base_events.test_close: run_forever/run_until_complete on a closed loop raise
        loop.close();
        loop.close(); // idempotent
        assertTrue(loop.isClosed());
        IllegalStateException e = assertThrows(IllegalStateException.class, loop::runForever);
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(CompletableFuture.completedFuture(1)));
        Map<String, Executable> scheduling = Map.of(
                "callSoon", () -> loop.callSoon(() -> { }),
                "execute", () -> loop.execute(() -> { }),
                "callLater", () -> loop.callLater(Duration.ZERO, () -> { }),
                "callAt", () -> loop.callAt(0, () -> { }),
                "createTask", () -> loop.createTask(() -> CompletableFuture.completedFuture(1)),
                "createFuture", loop::createFuture,
                "sleep", () -> loop.sleep(Duration.ZERO),
                "runInExecutor", () -> loop.runInExecutor(() -> 1),
                "wrapFuture", () -> loop.wrapFuture(new CompletableFuture<>()));
        for (Map.Entry<String, Executable> call : scheduling.entrySet()) {
            RejectedExecutionException r = assertThrows(RejectedExecutionException.class, call.getValue(), call.getKey());
            assertTrue(r.getMessage().startsWith("loop is closed"), call.getKey() + ": " + r.getMessage());
        }
    }

    @Test
    void closeShutsTheDefaultExecutorDown() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        loop.runUntilComplete(CompletableFuture.completedFuture(null).thenRun(() -> { }));
        loop.callSoon(() -> loop.runInExecutor(() -> {
            started.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
            return null;
        }));
        loop.callSoon(loop::stop);
        loop.runForever();
        assertTrue(started.await(10, TimeUnit.SECONDS));
        loop.close();
        assertTrue(interrupted.await(10, TimeUnit.SECONDS), "close() left the executor's work running");
    }
}
