package io.loopbridge.core;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;

/**
 * {@link EventLoop#waitFor}, asyncio 3.12's {@code wait_for}: the outcome of a stage, or, once the timeout
 * has passed, the stage is cancelled, waited for, and the result fails with {@link TimeoutException} (its
 * cause the cancellation) if the stage ended cancelled. A value or another failure (a cleanup that caught
 * the cancellation) wins, and so does a result that arrives at the deadline. A zero timeout returns the
 * outcome of a stage already done, and cancels any other at once (a task not started yet never runs).
 * Cancelling the result cancels the stage. The timer is cancelled as soon as the result is settled: no
 * timer is left behind.
 *
 * <p><b>Threading.</b> Created on any thread; the timer and the continuations run on the loop thread;
 * {@link #timedOut} is written and read there (or, for a zero timeout, before the continuation that reads
 * it is registered). {@code cancel} is safe from any thread.
 */
final class WaitFor<T> extends LoopFuture<T> {
    /** The stage as given, and as a future of this loop. */
    private final CompletionStage<T> stage;
    private final LoopFuture<T> inner;
    /** The deadline timer until the result is settled. */
    private volatile TimerHandleImpl timer;
    /** The deadline passed and the stage was cancelled: its cancellation becomes a TimeoutException. */
    private boolean timedOut;

    private WaitFor(GuestLoop loop, CompletionStage<T> stage, LoopFuture<T> inner) {
        super(loop);
        this.stage = stage;
        this.inner = inner;
    }

    static <T> LoopFuture<T> start(GuestLoop loop, CompletionStage<T> stage, long timeoutNanos, Duration timeout) {
        LoopFuture<T> inner = WrappedFuture.wrap(loop, stage);
        inner.markObserved();
        WaitFor<T> out = new WaitFor<>(loop, stage, inner);
        loop.own(out);
        if (inner.isDone()) {
            WrappedFuture.copyOutcome(inner, out);
            return out;
        }
        if (timeoutNanos == 0) {
            out.timedOut = true;
            inner.cancel(true);
        } else {
            out.timer = loop.scheduleTimer(loop.deadlineAfter(timeoutNanos), out::onDeadline, false);
        }
        // registered after the timer is stored: the continuation that cancels it always sees it
        inner.whenCompleteInternal((v, e) -> out.settle(v, e, timeout));
        return out;
    }

    /** The deadline timer fired (loop thread). */
    private void onDeadline() {
        timer = null;
        if (isDone()) return;
        if (inner.isDone()) return; // a result that arrived at the deadline wins: its continuation settles us
        java.util.concurrent.CompletableFuture<T> arrived = WrappedFuture.doneOrNull(stage);
        if (arrived != null) { // ... also one whose delivery to the loop thread is still on its way
            WrappedFuture.copyOutcome(arrived, this);
            return;
        }
        timedOut = true;
        inner.cancel(true);
    }

    /** The stage ended (loop thread). */
    private void settle(T value, Throwable e, Duration timeout) {
        cancelTimer();
        if (isDone()) return;
        Throwable x = e == null ? null : GuestLoop.unwrap(e);
        if (x == null) {
            complete(value);
        } else if (timedOut && x instanceof CancellationException) {
            TimeoutException te = new TimeoutException("waitFor: no result within " + timeout);
            te.initCause(x);
            completeExceptionally(te);
        } else {
            completeExceptionally(x);
        }
    }

    private void cancelTimer() {
        TimerHandleImpl t = timer;
        if (t != null) {
            timer = null;
            t.cancel();
        }
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean r = super.cancel(mayInterruptIfRunning);
        if (r) {
            cancelTimer();
            inner.cancel(mayInterruptIfRunning);
        }
        return r;
    }
}
