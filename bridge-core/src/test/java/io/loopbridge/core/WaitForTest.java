package io.loopbridge.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link EventLoop#waitFor}, and {@link LoopFuture#orTimeout}/{@link LoopFuture#completeOnTimeout} on the loop's timers. */
@Timeout(30)
class WaitForTest extends ToolboxTestSupport {

    /** A body that ignores cancellation until {@code millis} have passed (asyncio's {@code SlowTask}). */
    private CompletionStage<Void> slowTask(long until, AtomicBoolean exited) {
        long left = until - loop.time();
        if (left <= 0) {
            exited.set(true);
            return done(null);
        }
        return loop.sleep(java.time.Duration.ofNanos(left)).handle((v, e) -> null).thenCompose(v -> slowTask(until, exited));
    }

    // asyncio test_waitfor.py AsyncioWaitForTest.test_asyncio_wait_for_timeout
    @Test
    void timeoutWaitsForTheStageToEndEvenIfItIgnoresTheCancel() {
        AtomicBoolean exited = new AtomicBoolean();
        long until = loop.time() + ms(200).toNanos();
        LoopFuture<Void> r = loop.waitFor(task(() -> slowTask(until, exited)), ms(100));
        pump();
        assertTrue(exited.get());
        assertTrue(r.isDone() && !r.isCompletedExceptionally(), "the task caught its cancellation and finished: its value wins");
    }

    // asyncio test_waitfor.py AsyncioWaitForTest.test_wait_for_timeout_less_then_0_or_0_future_done
    @Test
    void zeroTimeoutOnADoneStageReturnsIt() {
        LoopFuture<String> fut = loop.createFuture();
        fut.complete("done");
        LoopFuture<String> r = loop.waitFor(fut, ms(0));
        assertTrue(r.isDone());
        assertEquals("done", r.join());
    }

    // asyncio test_waitfor.py AsyncioWaitForTest.test_wait_for_timeout_less_then_0_or_0_coroutine_do_not_started
    @Test
    void zeroTimeoutOnATaskNotYetStartedNeverRunsIt() {
        AtomicBoolean started = new AtomicBoolean();
        Task<Void> t = task(() -> {
            started.set(true);
            return done(null);
        });
        LoopFuture<Void> r = loop.waitFor(t, ms(0));
        pump();
        assertInstanceOf(TimeoutException.class, failureOf(r));
        assertFalse(started.get());
    }

    // asyncio test_waitfor.py AsyncioWaitForTest.test_wait_for_timeout_less_then_0_or_0
    @Test
    void zeroOrNegativeTimeoutCancelsARunningTaskAtOnce() {
        for (long timeout : new long[] {0, -1}) {
            AtomicBoolean running = new AtomicBoolean();
            Task<String> fut = task(() -> {
                running.set(true);
                return loop.sleep(s(10)).whenComplete((v, e) -> running.set(false)).thenApply(v -> "done");
            });
            step();
            assertTrue(running.get());
            long t0 = loop.time();
            LoopFuture<String> r = loop.waitFor(fut, ms(timeout));
            pump();
            assertInstanceOf(TimeoutException.class, failureOf(r));
            assertTrue(fut.isCancelled());
            assertFalse(running.get());
            assertEquals(t0, loop.time());
        }
    }

    // asyncio test_waitfor.py AsyncioWaitForTest.test_wait_for
    @Test
    void stageStillRunningAtTheDeadlineIsCancelledAndTimesOut() {
        AtomicBoolean running = new AtomicBoolean();
        Task<String> fut = task(() -> {
            running.set(true);
            return loop.sleep(s(10)).whenComplete((v, e) -> running.set(false)).thenApply(v -> "done");
        });
        long t0 = loop.time();
        LoopFuture<String> r = loop.waitFor(fut, ms(100));
        pump();
        assertInstanceOf(TimeoutException.class, failureOf(r));
        assertTrue(fut.isCancelled());
        assertFalse(running.get());
        assertEquals(ms(100).toNanos(), loop.time() - t0);
        assertEquals(0, loop.stats().pendingTimers());
    }

    // asyncio test_waitfor.py AsyncioWaitForTest.test_wait_for_blocking
    @Test
    void stageDoneBeforeTheDeadlineWins() {
        assertEquals("done", pumpUntilDone(loop.waitFor(task(() -> done("done")), s(1))));
        assertEquals(0, loop.stats().pendingTimers(), "no timer left behind");
    }

    // asyncio test_waitfor.py AsyncioWaitForTest.test_wait_for_race_condition
    @Test
    void resultBeforeTheDeadlineIsReturned() {
        LoopFuture<String> fut = loop.createFuture();
        LoopFuture<String> r = loop.waitFor(fut, ms(200));
        loop.callLater(ms(100), () -> fut.complete("ok"));
        assertEquals("ok", pumpUntilDone(r));
    }

    @Test
    void resultArrivingAtTheDeadlineWins() {
        // completed in the deadline's iteration, before the timeout runs, but its continuation has not run yet
        LoopFuture<String> fut = loop.createFuture();
        CompletableFuture<String> foreign = new CompletableFuture<>();
        loop.callLater(ms(100), () -> fut.complete("just in time"));
        loop.callLater(ms(100), () -> foreign.complete("foreign, just in time"));
        LoopFuture<String> r = loop.waitFor(fut, ms(100));
        LoopFuture<String> r2 = loop.waitFor(foreign, ms(100));
        pump();
        assertEquals("just in time", r.join());
        assertEquals("foreign, just in time", r2.join());
    }

    // asyncio test_waitfor.py AsyncioWaitForTest.test_wait_for_cancellation_race_condition
    @Test
    void aStageThatCatchesTheCancellationReturnsItsValue() {
        LoopFuture<Integer> r = loop.waitFor(task(() -> loop.sleep(s(1)).handle((v, e) -> {
            assertInstanceOf(CancellationException.class, e);
            return 1;
        })), ms(10));
        assertEquals(1, pumpUntilDone(r));
    }

    // asyncio test_waitfor.py AsyncioWaitForTest.test_wait_for_waits_for_task_cancellation
    @Test
    void timeoutIsReportedOnlyOnceTheTaskHasEnded() {
        AtomicBoolean taskDone = new AtomicBoolean();
        Task<Void> inner = task(() -> loop.sleep(s(10))
                .exceptionallyCompose(e -> loop.sleep(ms(1)).thenCompose(v -> CompletableFuture.<Void>failedFuture(e)))
                .whenComplete((v, e) -> taskDone.set(true)));
        LoopFuture<Void> r = loop.waitFor(inner, ms(1));
        AtomicBoolean doneWhenReported = new AtomicBoolean();
        r.whenComplete((v, e) -> doneWhenReported.set(taskDone.get()));
        pump();
        Throwable e = failureOf(r);
        assertInstanceOf(TimeoutException.class, e);
        assertInstanceOf(CancellationException.class, e.getCause());
        assertTrue(doneWhenReported.get());
    }

    // asyncio test_waitfor.py AsyncioWaitForTest.test_wait_for_waits_for_task_cancellation_w_timeout_0
    @Test
    void zeroTimeoutAlsoWaitsForTheTaskToEnd() {
        AtomicBoolean taskDone = new AtomicBoolean();
        Task<Void> inner = task(() -> loop.sleep(s(10))
                .exceptionallyCompose(e -> loop.sleep(ms(1)).thenCompose(v -> CompletableFuture.<Void>failedFuture(e)))
                .whenComplete((v, e) -> taskDone.set(true)));
        step();
        LoopFuture<Void> r = loop.waitFor(inner, ms(0));
        step();
        assertFalse(r.isDone());
        pump();
        assertInstanceOf(TimeoutException.class, failureOf(r));
        assertTrue(taskDone.get());
    }

    // asyncio test_waitfor.py AsyncioWaitForTest.test_wait_for_reraises_exception_during_cancellation
    @Test
    void aFailureDuringCancellationIsReported() {
        IllegalStateException foo = new IllegalStateException("FooException");
        Task<Object> inner = task(() -> loop.sleep(ms(200)).handle((v, e) -> {
            throw foo;
        }));
        LoopFuture<Object> r = loop.waitFor(inner, ms(1));
        pump();
        assertSame(foo, failureOf(r));
    }

    // asyncio test_waitfor.py AsyncioWaitForTest.test_wait_for_self_cancellation
    @Test
    void waitForStaysCancellableWhileTheStageHoldsUpItsCancellation() {
        Task<Integer> inner = task(() -> loop.sleep(ms(300))
                .exceptionallyCompose(e -> loop.sleep(ms(300)))
                .exceptionallyCompose(e -> loop.sleep(ms(300)))
                .thenApply(v -> 42));
        Task<Integer> t = task(() -> loop.waitFor(inner, ms(100)));
        advance(ms(200));
        t.cancel(true);
        pump();
        assertTrue(t.isCancelled());
        assertEquals(42, inner.join());
    }

    // asyncio test_waitfor.py AsyncioWaitForTest.test_cancel_wait_for, test_cancel_blocking_wait_for
    @Test
    void cancellingWaitForCancelsTheStage() {
        for (java.time.Duration timeout : new java.time.Duration[] {s(60), s(365L * 24 * 3600 * 1000)}) {
            Task<Void> blocking = task(() -> loop.createFuture());
            Task<Void> wait = task(() -> loop.waitFor(blocking, timeout));
            loop.callSoon(() -> wait.cancel(true));
            pump();
            assertTrue(wait.isCancelled());
            assertTrue(blocking.isCancelled());
            assertEquals(0, loop.stats().pendingTimers());
        }
    }

    // asyncio test_waitfor.py AsyncioWaitForTest.test_asyncio_wait_for_cancelled
    @Test
    void cancellingWaitForCompletesItAtOnceWhileTheStageWindsDown() {
        AtomicBoolean exited = new AtomicBoolean();
        long until = loop.time() + ms(200).toNanos();
        Task<Void> slow = task(() -> slowTask(until, exited));
        LoopFuture<Void> r = loop.waitFor(slow, ms(400));
        step();
        assertTrue(r.cancel(true));
        assertTrue(r.isCancelled(), "unlike asyncio, the waitFor future does not wait for the stage");
        pump();
        assertTrue(exited.get());
        assertEquals(0, loop.stats().pendingTimers());
    }

    // ---- LoopFuture.orTimeout / completeOnTimeout on the loop's timers ----

    @Test
    void orTimeoutFailsOnTheLoopThreadAtTheDeadline() {
        LoopFuture<String> f = loop.createFuture();
        AtomicReference<Thread> failedOn = new AtomicReference<>();
        f.orTimeout(100, TimeUnit.MILLISECONDS).whenComplete((v, e) -> failedOn.set(Thread.currentThread()));
        long t0 = loop.time();
        pump();
        assertInstanceOf(TimeoutException.class, failureOf(f));
        assertSame(Thread.currentThread(), failedOn.get());
        assertEquals(ms(100).toNanos(), loop.time() - t0, "measured on the loop's (manual) clock");
    }

    @Test
    void orTimeoutLeavesNoTimerOnceTheFutureCompletes() {
        LoopFuture<String> f = loop.createFuture();
        f.orTimeout(1, TimeUnit.HOURS);
        assertEquals(1, loop.stats().pendingTimers());
        f.complete("x");
        assertEquals(0, loop.stats().pendingTimers());
        assertEquals("x", f.join());
    }

    @Test
    void orTimeoutCompletedFromAnotherThreadCancelsTheTimer() throws Exception {
        LoopFuture<String> f = loop.createFuture();
        f.orTimeout(1, TimeUnit.HOURS);
        Thread other = new Thread(() -> f.complete("from another thread"));
        other.start();
        other.join();
        pump();
        assertEquals("from another thread", f.join());
        assertEquals(0, loop.stats().pendingTimers());
    }

    @Test
    void completeOnTimeoutCompletesWithTheValueAtTheDeadline() {
        LoopFuture<String> f = loop.createFuture();
        f.completeOnTimeout("fallback", 50, TimeUnit.MILLISECONDS);
        pump();
        assertEquals("fallback", f.join());
        LoopFuture<String> g = loop.createFuture();
        g.completeOnTimeout("fallback", 50, TimeUnit.MILLISECONDS);
        g.complete("real");
        pump();
        assertEquals("real", g.join());
        assertEquals(0, loop.stats().pendingTimers());
    }

    @Test
    void orTimeoutOnADoneFutureSchedulesNothing() {
        LoopFuture<String> f = loop.createFuture();
        f.complete("x");
        f.orTimeout(0, TimeUnit.SECONDS);
        f.completeOnTimeout("y", 0, TimeUnit.SECONDS);
        assertEquals(0, loop.stats().pendingTimers());
        assertEquals("x", f.join());
    }

    @Test
    void orTimeoutOnATaskIsRefused() {
        Task<Void> t = task(() -> loop.sleep(s(1)));
        org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOperationException.class, () -> t.orTimeout(1, TimeUnit.SECONDS));
        pump();
    }

    @Test
    // issue 13 defect 3: the wrapped outcome arrived an iteration later and a zero timeout failed
    void zeroTimeoutReturnsTheOutcomeOfAForeignStageAlreadyDone() {
        LoopFuture<String> ok = loop.waitFor(CompletableFuture.completedFuture("x"), Duration.ZERO);
        IllegalStateException boom = new IllegalStateException("boom");
        LoopFuture<String> failed = loop.waitFor(CompletableFuture.failedFuture(boom), Duration.ZERO);
        pump();
        assertEquals("x", ok.join());
        assertSame(boom, assertThrows(CompletionException.class, failed::join).getCause());
    }
}
