package io.loopbridge.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.OptionalLong;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
class TimeoutScopeTest extends ToolboxTestSupport {

    // asyncio test_timeouts.py TimeoutTests.test_timeout_basic
    @Test
    void bodyStillRunningAtTheDeadlineFailsWithTimeoutException() {
        TimeoutScope cm = TimeoutScope.after(loop, ms(10));
        LoopFuture<Void> r = cm.run(() -> loop.sleep(s(10)));
        pump();
        assertInstanceOf(TimeoutException.class, failureOf(r));
        assertTrue(cm.expired());
        assertEquals(0, loop.stats().pendingTimers(), "the body's sleep and the deadline timer are gone");
    }

    // asyncio test_timeouts.py TimeoutTests.test_timeout_at_basic
    @Test
    void scopeAtAnAbsoluteDeadline() {
        long deadline = loop.time() + ms(10).toNanos();
        TimeoutScope cm = TimeoutScope.at(loop, deadline);
        LoopFuture<Void> r = cm.run(() -> loop.sleep(s(10)));
        pump();
        assertInstanceOf(TimeoutException.class, failureOf(r));
        assertTrue(cm.expired());
        assertEquals(OptionalLong.of(deadline), cm.when());
    }

    // asyncio test_timeouts.py TimeoutTests.test_nested_timeouts
    @Test
    void onlyTheOutermostOfNestedExpiredScopesReportsTheTimeout() {
        long deadline = loop.time() + ms(10).toNanos();
        TimeoutScope cm1 = TimeoutScope.at(loop, deadline);
        TimeoutScope cm2 = TimeoutScope.at(loop, deadline);
        AtomicBoolean innerCancelled = new AtomicBoolean();
        LoopFuture<Void> r = cm1.run(() -> cm2.run(() -> loop.sleep(s(10)))
                .whenComplete((v, e) -> innerCancelled.set(e instanceof CancellationException)));
        pump();
        assertInstanceOf(TimeoutException.class, failureOf(r));
        assertTrue(innerCancelled.get(), "the inner scope saw a foreign cancellation");
        assertTrue(cm1.expired());
        assertTrue(cm2.expired());
    }

    // asyncio test_timeouts.py TimeoutTests.test_waiter_cancelled
    @Test
    void theBodySeesACancellation() {
        AtomicBoolean cancelled = new AtomicBoolean();
        LoopFuture<Void> r = TimeoutScope.after(loop, ms(10)).run(() -> loop.sleep(s(10))
                .whenComplete((v, e) -> cancelled.set(e instanceof CancellationException)));
        pump();
        assertInstanceOf(TimeoutException.class, failureOf(r));
        assertTrue(cancelled.get());
    }

    // asyncio test_timeouts.py TimeoutTests.test_timeout_not_called
    @Test
    void bodyFinishingBeforeTheDeadlineIsNotExpired() {
        TimeoutScope cm = TimeoutScope.after(loop, s(10));
        LoopFuture<String> r = cm.run(() -> loop.sleep(ms(10)).thenApply(v -> "done"));
        assertEquals("done", pumpUntilDone(r));
        assertFalse(cm.expired());
        assertTrue(cm.when().getAsLong() > loop.time());
        assertEquals(0, loop.stats().pendingTimers(), "the deadline timer is cancelled");
    }

    // asyncio test_timeouts.py TimeoutTests.test_timeout_disabled, test_timeout_at_disabled
    @Test
    void unboundedScopeNeverExpires() {
        TimeoutScope cm = TimeoutScope.unbounded(loop);
        LoopFuture<String> r = cm.run(() -> loop.sleep(s(3600)).thenApply(v -> "done"));
        assertEquals("done", pumpUntilDone(r));
        assertFalse(cm.expired());
        assertEquals(OptionalLong.empty(), cm.when());
    }

    // asyncio test_timeouts.py TimeoutTests.test_timeout_zero, test_timeout_zero_sleep_zero,
    // test_timeout_in_the_past_sleep_zero
    @Test
    void deadlineAlreadyPastExpiresInTheNextIteration() {
        long t0 = loop.time();
        for (long delay : new long[] {0, -11_000}) {
            TimeoutScope cm = TimeoutScope.after(loop, ms(delay));
            AtomicBoolean started = new AtomicBoolean();
            LoopFuture<Void> r = cm.run(() -> {
                started.set(true);
                return loop.sleep(ms(0));
            });
            assertTrue(started.get(), "the body's synchronous start ran");
            pump();
            assertInstanceOf(TimeoutException.class, failureOf(r));
            assertTrue(cm.expired());
            assertTrue(cm.when().getAsLong() <= loop.time());
        }
        assertEquals(t0, loop.time(), "no time passed");
    }

    // asyncio test_timeouts.py TimeoutTests.test_foreign_exception_passed
    @Test
    void aFailureOfTheBodyPassesThrough() {
        TimeoutScope cm = TimeoutScope.after(loop, ms(10));
        IllegalStateException boom = new IllegalStateException("KeyError");
        LoopFuture<Object> r = cm.run(() -> {
            throw boom;
        });
        pump();
        assertSame(boom, failureOf(r));
        assertFalse(cm.expired());
    }

    // asyncio test_timeouts.py TimeoutTests.test_foreign_exception_on_timeout
    @Test
    void aFailureWhileHandlingTheTimeoutWins() {
        ArithmeticException boom = new ArithmeticException("/ by zero");
        LoopFuture<Object> r = TimeoutScope.after(loop, ms(10)).run(() -> loop.sleep(s(1)).handle((v, e) -> {
            throw boom; // finally: 1/0
        }));
        pump();
        assertSame(boom, failureOf(r));
    }

    // asyncio test_timeouts.py TimeoutTests.test_foreign_cancel_doesnt_timeout_if_not_expired
    @Test
    void aForeignCancelIsNotATimeout() {
        TimeoutScope cm = TimeoutScope.after(loop, s(10));
        LoopFuture<Void> r = cm.run(() -> {
            Task.current().cancel(true);
            return loop.sleep(s(10));
        });
        pump();
        assertTrue(r.isCancelled());
        assertFalse(cm.expired());
    }

    @Test
    void cancellingTheCallerIsNotATimeoutEvenIfTheDeadlinePassesMeanwhile() {
        TimeoutScope cm = TimeoutScope.after(loop, ms(10));
        AtomicReference<LoopFuture<Void>> r = new AtomicReference<>();
        Task<Void> caller = task(() -> {
            r.set(cm.run(() -> loop.sleep(s(1)).exceptionallyCompose(e -> loop.sleep(ms(100))))); // slow cleanup
            return r.get();
        });
        step();
        caller.cancel(true); // foreign cancel; the body's cleanup outlives the deadline
        pump();
        assertTrue(cm.expired(), "the deadline passed while the body still ran");
        assertTrue(r.get().isCancelled(), "but the foreign cancel wins: no TimeoutException");
        assertTrue(caller.isCancelled());
    }

    @Test
    void cancellingTheResultIsARequestThatWaitsForTheBody() {
        TimeoutScope cm = TimeoutScope.after(loop, s(10));
        AtomicBoolean cleanedUp = new AtomicBoolean();
        LoopFuture<Void> r = cm.run(() -> loop.sleep(s(1)).exceptionallyCompose(e -> loop.sleep(ms(100)).thenRun(() -> {
            cleanedUp.set(true);
            throw new CancellationException();
        })));
        assertTrue(r.cancel(true));
        assertFalse(r.isDone(), "the body still runs its cleanup");
        pump();
        assertTrue(cleanedUp.get());
        assertTrue(r.isCancelled());
        assertFalse(cm.expired());
    }

    // asyncio test_timeouts.py TimeoutTests.test_outer_task_is_not_cancelled
    @Test
    void theCallingTaskIsNotCancelledByTheTimeout() {
        Task<String> outer = task(() -> TimeoutScope.after(loop, ms(1)).run(() -> loop.sleep(s(10)))
                .handle((v, e) -> e instanceof TimeoutException ? "timed out" : "other"));
        assertEquals("timed out", pumpUntilDone(outer));
        assertFalse(outer.isCancelled());
        assertFalse(outer.isCancelRequested());
    }

    // asyncio test_timeouts.py TimeoutTests.test_nested_timeouts_loop_busy
    @Test
    void anOuterScopeStillStopsWorkAfterAnInnerScopeTimedOut() {
        TimeoutScope outer = TimeoutScope.after(loop, ms(100));
        long t0 = loop.time();
        LoopFuture<Void> r = outer.run(() -> TimeoutScope.after(loop, ms(10)).run(() -> loop.sleep(s(1)))
                .handle((v, e) -> {
                    assertInstanceOf(TimeoutException.class, e);
                    return null;
                })
                .thenCompose(v -> loop.sleep(s(10))));
        pump();
        assertInstanceOf(TimeoutException.class, failureOf(r));
        assertEquals(ms(100).toNanos(), loop.time() - t0);
    }

    // asyncio test_timeouts.py TimeoutTests.test_reschedule
    @Test
    void rescheduleMovesAndClearsTheDeadline() {
        long deadline1 = loop.time() + s(10).toNanos();
        long deadline2 = deadline1 + s(20).toNanos();
        TimeoutScope cm = TimeoutScope.at(loop, deadline1);
        Task<Void> t = task(() -> cm.run(() -> loop.sleep(s(50))));
        step();
        assertEquals(OptionalLong.of(deadline1), cm.when());
        cm.rescheduleAt(deadline2);
        assertEquals(OptionalLong.of(deadline2), cm.when());
        cm.clearDeadline();
        assertEquals(OptionalLong.empty(), cm.when());
        advance(s(40)); // past both deadlines
        assertFalse(t.isDone());
        t.cancel(true);
        pump();
        assertTrue(t.isCancelled());
        assertFalse(cm.expired());
    }

    @Test
    void rescheduleFromInsideTheBodyExtendsTheDeadline() {
        TimeoutScope cm = TimeoutScope.after(loop, s(1));
        LoopFuture<String> r = cm.run(() -> loop.sleep(ms(900)).thenCompose(v -> {
            cm.reschedule(s(5));
            return loop.sleep(s(2));
        }).thenApply(v -> "made it"));
        assertEquals("made it", pumpUntilDone(r));
        assertFalse(cm.expired());
    }

    @Test
    void rescheduleToThePastExpiresInTheNextIteration() {
        TimeoutScope cm = TimeoutScope.after(loop, s(60));
        LoopFuture<Void> r = cm.run(() -> loop.sleep(s(60)));
        step();
        cm.reschedule(ms(-1));
        step();
        assertTrue(cm.expired());
        pump();
        assertInstanceOf(TimeoutException.class, failureOf(r));
    }

    @Test
    void theDeadlineCannotMoveOnceTheScopeIsOver() {
        TimeoutScope cm = TimeoutScope.after(loop, ms(1));
        cm.run(() -> loop.sleep(s(1)));
        pump();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> cm.reschedule(s(1)));
        assertTrue(e.getMessage().contains("expired"), e.getMessage());
        TimeoutScope done = TimeoutScope.after(loop, s(1));
        pumpUntilDone(done.run(() -> done(1)));
        assertThrows(IllegalStateException.class, done::clearDeadline);
    }

    @Test
    void aScopeRunsOneBody() {
        TimeoutScope cm = TimeoutScope.after(loop, s(1));
        cm.run(() -> done(1));
        assertThrows(IllegalStateException.class, () -> cm.run(() -> done(2)));
    }

    // asyncio test_timeouts.py TimeoutTests.test_nested_timeout_in_finally
    @Test
    void aScopeInsideCleanupAfterATimeoutWorks() {
        AtomicReference<Throwable> innerOutcome = new AtomicReference<>();
        LoopFuture<Object> r = TimeoutScope.after(loop, ms(10)).run(() -> loop.sleep(s(1)).handle((v, e) -> e)
                .thenCompose(e -> TimeoutScope.after(loop, ms(10)).run(() -> loop.sleep(s(10)))
                        .handle((v, x) -> {
                            innerOutcome.set(x);
                            throw new CancellationException(); // re-raise the outer cancellation
                        })));
        pump();
        assertInstanceOf(TimeoutException.class, innerOutcome.get());
        assertInstanceOf(TimeoutException.class, failureOf(r));
    }

    // asyncio test_timeouts.py TimeoutTests.test_timeout_exception_cause
    @Test
    void theTimeoutsCauseIsTheCancellation() {
        LoopFuture<Void> r = TimeoutScope.after(loop, ms(0)).run(() -> loop.sleep(s(1)));
        pump();
        assertInstanceOf(CancellationException.class, failureOf(r).getCause());
    }

    // asyncio test_timeouts.py TimeoutTests.test_cancel_in_timeout_after_cancellation
    @Test
    void aCancelInsideTheScopeStaysACancel() {
        TimeoutScope cm = TimeoutScope.after(loop, s(1));
        LoopFuture<Void> r = cm.run(() -> {
            Task.current().cancel(true);
            return loop.sleep(s(2));
        });
        pump();
        assertTrue(r.isCancelled());
    }

    @Test
    void theBodyIsItsOwnTaskNotAChildOfTheCaller() {
        AtomicReference<Task<?>> inBody = new AtomicReference<>();
        Task<Void> caller = task(() -> TimeoutScope.after(loop, s(1)).run(() -> {
            inBody.set(Task.current());
            return done(null);
        }));
        pumpUntilDone(caller);
        assertNotSame(caller, inBody.get());
        assertTrue(inBody.get() != null);
    }

    @Test
    void orTimeoutOnTheResultStopsTheBodyAndFailsWithIt() {
        TimeoutScope cm = TimeoutScope.unbounded(loop);
        LoopFuture<Void> r = cm.run(() -> loop.sleep(s(60))).orTimeout(1, TimeUnit.SECONDS);
        pump();
        assertInstanceOf(TimeoutException.class, failureOf(r));
        assertFalse(cm.expired(), "the scope's own deadline did not expire");
        assertEquals(0, loop.stats().pendingTimers());
    }
}
