package io.loopbridge.test;

import io.loopbridge.core.LoopFuture;
import io.loopbridge.core.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Running a {@link TestLoop}: runUntilComplete, auto-advance, work from other threads, stop and runForever. */
@Timeout(30)
class TestLoopRunTest {

    /** Ported: RunTestTest.testRunTestWithLargeTimeout's idea, on virtual time: a task sleeping an hour completes at once. */
    @Test
    void autoAdvanceJumpsToTheNextDeadlineWhenNothingIsReady() {
        try (TestLoop loop = TestLoop.builder().autoAdvance(true).build()) {
            Task<Long> t = loop.createTask(() -> loop.sleep(Duration.ofHours(1))
                    .thenCompose(v -> loop.sleep(Duration.ofMinutes(30)))
                    .thenApply(v -> loop.time()));
            assertEquals(Duration.ofMinutes(90).toNanos(), loop.runUntilComplete(t));
            assertEquals(Duration.ofMinutes(90), loop.elapsed());
        }
    }

    @Test
    void autoAdvanceStopsAtTheStagesCompletionAndLeavesLaterTimersPending() {
        try (TestLoop loop = TestLoop.builder().autoAdvance(true).build()) {
            boolean[] later = {false};
            loop.callLater(Duration.ofSeconds(10), () -> later[0] = true);
            loop.runUntilComplete(loop.sleep(Duration.ofSeconds(3)));
            assertEquals(Duration.ofSeconds(3), loop.elapsed());
            assertFalse(later[0]);
            assertEquals(1, loop.stats().pendingTimers());
        }
    }

    @Test
    void withoutAutoAdvanceRunUntilCompleteFailsAtOnceSayingTheClockMustMove() {
        try (TestLoop loop = TestLoop.create()) {
            LoopFuture<Void> sleep = loop.sleep(Duration.ofSeconds(5));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(sleep));
            assertTrue(e.getMessage().contains("the next timer is due in PT5S of virtual time and auto-advance is off"), e.getMessage());
            assertEquals(0, loop.time());
            loop.advanceBy(Duration.ofSeconds(5));
            assertTrue(sleep.isDone());
            assertEquals(null, loop.runUntilComplete(sleep));
        }
    }

    @Test
    void theAutoAdvanceSwitchCanBeFlippedDuringATest() {
        try (TestLoop loop = TestLoop.create()) {
            assertFalse(loop.isAutoAdvance());
            assertSame(loop, loop.autoAdvance(true));
            assertTrue(loop.isAutoAdvance());
            loop.runUntilComplete(loop.sleep(Duration.ofDays(1)));
            assertEquals(Duration.ofDays(1), loop.elapsed());
            loop.autoAdvance(false);
            assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(loop.sleep(Duration.ofDays(1))));
        }
    }

    /** Ported: RunTestTest.testThrowingInRunTestBody / testRunTestThrowsRootCause: the root cause, as join() throws it. */
    @Test
    void aFailedStageThrowsItsCauseLikeJoinAndACancelledOneCancellation() {
        try (TestLoop loop = TestLoop.builder().autoAdvance(true).build()) {
            IllegalStateException boom = new IllegalStateException("boom");
            Task<Object> failing = loop.createTask(() -> loop.sleep(Duration.ofSeconds(1)).thenApply(v -> {
                throw boom;
            }));
            CompletionException e = assertThrows(CompletionException.class, () -> loop.runUntilComplete(failing));
            assertSame(boom, e.getCause());
            Task<Void> cancelled = loop.createTask(() -> loop.sleep(Duration.ofSeconds(1)));
            loop.callSoon(() -> cancelled.cancel(true));
            assertThrows(CancellationException.class, () -> loop.runUntilComplete(cancelled));
        }
    }

    /** Ported: RunTestTest.testWithContextDispatching: work sent to another thread is waited for. */
    @Test
    void runInExecutorResultsAreWaitedForInRealTimeBeforeTheClockJumps() {
        try (TestLoop loop = TestLoop.builder().autoAdvance(true).build()) {
            // the virtual timeout (1 s) must not overtake the real work (50 ms): the clock does not jump while it runs
            LoopFuture<String> r = loop.waitFor(loop.runInExecutor(() -> {
                Thread.sleep(50);
                return "done on " + (Thread.currentThread().getName().isEmpty() ? "a worker" : "a worker");
            }), Duration.ofSeconds(1));
            assertEquals("done on a worker", loop.runUntilComplete(r));
            assertEquals(0, loop.time(), "virtual time passed while real work ran");
            assertEquals(0, loop.stats().pendingTimers());
        }
    }

    @Test
    void aWrappedForeignFutureIsWaitedForWhenNothingElseIsScheduledAndArrivesOnTheTestThread() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            CompletableFuture<String> foreign = new CompletableFuture<>();
            Thread me = Thread.currentThread();
            LoopFuture<Boolean> onTestThread = loop.wrapFuture(foreign).thenApply(v -> Thread.currentThread() == me);
            Thread other = new Thread(() -> {
                try {
                    Thread.sleep(30);
                } catch (InterruptedException e) {
                    return;
                }
                foreign.complete("x");
            });
            other.start();
            assertTrue(loop.runUntilComplete(onTestThread));
            assertEquals(0, loop.time());
            other.join();
        }
    }

    /** As kotlinx-coroutines-test: a fake's reply that never comes does not hold virtual time back, so its timeout fires. */
    @Test
    void aForeignStageThatNeverCompletesDoesNotHoldTheClockBack() {
        try (TestLoop loop = TestLoop.builder().autoAdvance(true).build()) {
            LoopFuture<Object> timed = loop.waitFor(new CompletableFuture<>(), Duration.ofSeconds(30));
            CompletionException e = assertThrows(CompletionException.class, () -> loop.runUntilComplete(timed));
            assertInstanceOf(TimeoutException.class, e.getCause());
            assertEquals(Duration.ofSeconds(30), loop.elapsed());
        }
    }

    @Test
    void aForeignStageGivenToRunUntilCompleteIsWaitedFor() {
        try (TestLoop loop = TestLoop.create()) {
            CompletableFuture<String> foreign = new CompletableFuture<>();
            new Thread(() -> foreign.complete("from elsewhere")).start();
            assertEquals("from elsewhere", loop.runUntilComplete(foreign));
        }
    }

    @Test
    void crossThreadWorkThatNeverArrivesFailsAfterTheBoundWithAClearMessage() {
        CountDownLatch release = new CountDownLatch(1);
        try (TestLoop loop = TestLoop.builder().autoAdvance(true).crossThreadWait(Duration.ofMillis(100)).build()) {
            LoopFuture<String> stuck = loop.runInExecutor(() -> {
                release.await(20, TimeUnit.SECONDS);
                return "late";
            });
            loop.sleep(Duration.ofSeconds(1));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(stuck));
            assertTrue(e.getMessage().contains("1 runInExecutor result(s) did not arrive within PT0.1S"), e.getMessage());
            assertEquals(0, loop.time(), "the clock jumped past work in flight");
            IllegalStateException idle = assertThrows(IllegalStateException.class, loop::advanceUntilIdle);
            assertTrue(idle.getMessage().startsWith("advanceUntilIdle(): 1 runInExecutor result(s)"), idle.getMessage());
            release.countDown();
            assertEquals("late", loop.runUntilComplete(stuck));
        }
    }

    @Test
    void nothingScheduledAndNothingFromOtherThreadsFailsAfterTheBound() {
        try (TestLoop loop = TestLoop.builder().crossThreadWait(Duration.ofMillis(50)).build()) {
            LoopFuture<Object> never = loop.createFuture();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(never));
            assertTrue(e.getMessage().contains("nothing is scheduled on"), e.getMessage());
            assertTrue(e.getMessage().contains("no other thread delivered work within PT0.05S"), e.getMessage());
        }
    }

    @Test
    void aCallbackSubmittedFromAnotherThreadWakesAWaitingRun() {
        try (TestLoop loop = TestLoop.create()) {
            LoopFuture<String> f = loop.createFuture();
            Thread t = new Thread(() -> loop.execute(() -> f.complete("via execute")));
            t.start();
            assertEquals("via execute", loop.runUntilComplete(f));
        }
    }

    /**
     * Every wake-up is answered with a pass: a wake-up for something that makes nothing ready (a loop future
     * completed on another thread, with no dependents) must not leave the loop's wake-up flag set, or the
     * next submission from another thread would wake nobody and the run would wait out its bound.
     */
    @Test
    void aWakeUpThatMakesNothingReadyDoesNotSwallowTheNextOne() throws Exception {
        try (TestLoop loop = TestLoop.builder().crossThreadWait(Duration.ofSeconds(5)).build()) {
            LoopFuture<Object> quiet = loop.createFuture(); // no dependents: completing it elsewhere only wakes the host
            LoopFuture<String> f = loop.createFuture();
            Thread t = new Thread(() -> {
                quiet.complete(1);
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
                loop.execute(() -> f.complete("second"));
            });
            t.start();
            assertEquals("second", loop.runUntilComplete(f));
            t.join();
        }
    }

    @Test
    void advanceUntilIdleWaitsForExecutorResultsAndTheTimersTheyStart() {
        try (TestLoop loop = TestLoop.create()) {
            String[] seen = {null};
            loop.runInExecutor(() -> "fetched")
                    .thenCompose(v -> loop.sleep(Duration.ofSeconds(30)).thenApply(x -> v + " then slept"))
                    .thenAccept(v -> seen[0] = v);
            loop.advanceUntilIdle();
            assertEquals("fetched then slept", seen[0]);
            assertEquals(Duration.ofSeconds(30), loop.elapsed());
            assertEquals(0, io.loopbridge.core.testkit.TestCores.of(loop).pendingExecutorWork());
        }
    }

    @Test
    void stopEndsRunForeverAfterThePassItCameIn() {
        try (TestLoop loop = TestLoop.builder().autoAdvance(true).build()) {
            int[] ticks = {0};
            Runnable[] tick = new Runnable[1];
            tick[0] = () -> {
                if (++ticks[0] == 5) loop.stop();
                loop.callLater(Duration.ofSeconds(1), tick[0]);
            };
            loop.callSoon(tick[0]);
            loop.runForever();
            assertEquals(5, ticks[0]);
            assertEquals(Duration.ofSeconds(4), loop.elapsed());
            assertFalse(loop.isRunning());
        }
    }

    @Test
    void stopBeforeARunMakesItReturnAfterOnePass() {
        try (TestLoop loop = TestLoop.create()) {
            int[] ran = {0};
            loop.callSoon(() -> {
                ran[0]++;
                loop.callSoon(() -> ran[0]++);
            });
            loop.stop();
            loop.runForever();
            assertEquals(1, ran[0]);
        }
    }

    @Test
    void runUntilCompleteNestsInsideACallback() {
        try (TestLoop loop = TestLoop.builder().autoAdvance(true).build()) {
            LoopFuture<String> outer = loop.createFuture();
            loop.callSoon(() -> outer.complete(loop.runUntilComplete(loop.sleep(Duration.ofSeconds(2)).thenApply(v -> "inner at " + loop.elapsed()))));
            assertEquals("inner at PT2S", loop.runUntilComplete(outer));
            assertTrue(loop.isRunning() == false);
        }
    }

    @Test
    void aFutureOfAnotherTestLoopIsRejectedAtOnce() throws Exception {
        TestLoop[] other = new TestLoop[1];
        LoopFuture<?>[] f = new LoopFuture<?>[1];
        Thread t = new Thread(() -> {
            other[0] = TestLoop.create();
            f[0] = other[0].createFuture();
        });
        t.start();
        t.join();
        try (TestLoop loop = TestLoop.create()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> loop.runUntilComplete(f[0]));
            assertTrue(e.getMessage().startsWith("stage: a future of "), e.getMessage());
        } finally {
            other[0].close();
        }
    }

    @Test
    void closeCancelsWhatIsPendingAndLaterRunsAreRejected() {
        TestLoop loop = TestLoop.create();
        LoopFuture<Void> sleep = loop.sleep(Duration.ofHours(1));
        Task<Void> task = loop.createTask(() -> loop.sleep(Duration.ofHours(2)));
        loop.runCurrent();
        loop.close();
        assertTrue(sleep.isCancelled());
        assertTrue(task.isCancelled());
        assertThrows(IllegalStateException.class, loop::runForever);
        loop.close(); // idempotent
    }

    @Test
    void statsCountThePendingFutures() {
        try (TestLoop loop = TestLoop.create()) {
            LoopFuture<Void> a = loop.sleep(Duration.ofSeconds(1));
            loop.createFuture();
            assertEquals(2, loop.stats().pendingFutures());
            loop.advanceBy(Duration.ofSeconds(1));
            assertTrue(a.isDone());
            assertEquals(1, loop.stats().pendingFutures());
            List<Object> left = loop.pendingWork();
            assertEquals(1, left.size(), left.toString());
        }
    }

    @Test
    void waitForOfAStageAlreadyDoneElsewhereReturnsItsOutcome() {
        try (TestLoop loop = TestLoop.create()) {
            LoopFuture<String> f = loop.waitFor(CompletableFuture.completedFuture("now"), Duration.ZERO);
            assertEquals("now", loop.runUntilComplete(f));
            LoopFuture<String> slow = loop.waitFor(loop.createFuture(), Duration.ofMillis(1));
            loop.advanceBy(Duration.ofMillis(1));
            assertInstanceOf(TimeoutException.class, assertThrows(CompletionException.class, () -> loop.runUntilComplete(slow)).getCause());
        }
    }
}
