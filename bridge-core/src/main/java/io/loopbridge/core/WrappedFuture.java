package io.loopbridge.core;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;

/**
 * {@link EventLoop#wrapFuture}: a loop future that takes on a foreign stage's outcome (asyncio's
 * {@code wrap_future}). A stage already done when it is wrapped gives an already-done future, so a caller
 * that checks {@code isDone()} at once (as {@code waitFor} with a zero timeout does) sees its outcome; a
 * later outcome is delivered on the loop thread. Cancelling the wrapper cancels the stage.
 *
 * <p><b>Threading.</b> Created on any thread; completed on the loop thread (or at once, on the creating
 * thread, for a stage already done); {@code cancel} is safe from any thread.
 */
final class WrappedFuture<T> extends LoopFuture<T> {
    private final CompletionStage<T> foreign;

    private WrappedFuture(GuestLoop loop, CompletionStage<T> foreign) {
        super(loop);
        this.foreign = foreign;
    }

    /** {@code other} as a future of {@code loop}: itself if it is one, else a wrapper owned by the loop and the current task. */
    @SuppressWarnings("unchecked")
    static <T> LoopFuture<T> wrap(GuestLoop loop, CompletionStage<T> other) {
        if (other instanceof LoopFuture && ((LoopFuture<?>) other).loop == loop) return (LoopFuture<T>) other;
        loop.checkOpen("wrap a future");
        WrappedFuture<T> f = new WrappedFuture<>(loop, other);
        if (other instanceof LoopFuture) ((LoopFuture<?>) other).markObserved();
        CompletableFuture<T> done = doneOrNull(other);
        if (done != null) { // already done: take the outcome now
            copyOutcome(done, f);
            return f;
        }
        loop.own(f);
        other.whenComplete((v, e) -> {
            if (f.isDone()) return;
            try {
                loop.dispatch(() -> {
                    if (e != null) f.completeExceptionally(GuestLoop.unwrap(e));
                    else f.complete(v);
                }, null);
            } catch (RejectedExecutionException closed) {
                // close() cancels f
            }
        });
        return f;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean r = super.cancel(mayInterruptIfRunning);
        if (r) cancelStage(foreign, mayInterruptIfRunning);
        return r;
    }

    /** {@code s} as a CompletableFuture if it is one that is done, else null. */
    static <T> CompletableFuture<T> doneOrNull(CompletionStage<T> s) {
        CompletableFuture<T> c;
        try {
            c = s.toCompletableFuture();
        } catch (UnsupportedOperationException e) {
            return null; // a stage that cannot be looked into (minimalCompletionStage)
        }
        return c.isDone() ? c : null;
    }

    /** Cancels a foreign stage, if it can be cancelled from outside. */
    static void cancelStage(CompletionStage<?> s, boolean mayInterrupt) {
        try {
            s.toCompletableFuture().cancel(mayInterrupt);
        } catch (UnsupportedOperationException ignored) {
            // a stage that cannot be cancelled from outside
        }
    }

    /** Completes {@code to} with the outcome of {@code from}, which is done. */
    static <T> void copyOutcome(CompletableFuture<? extends T> from, CompletableFuture<T> to) {
        T v;
        try {
            v = from.getNow(null);
        } catch (CompletionException e) {
            to.completeExceptionally(GuestLoop.unwrap(e));
            return;
        } catch (java.util.concurrent.CancellationException e) {
            to.completeExceptionally(e);
            return;
        }
        to.complete(v);
    }
}
