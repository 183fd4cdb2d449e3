package io.loopbridge.core;

import java.util.concurrent.Executor;

/**
 * The dispatch of one dependent attached to a loop future while it is pending: made when the dependent
 * is attached and handed to {@code CompletableFuture} as the dependent's executor, it becomes the queue
 * node of the dependent's run when the future's completion fires it (no more objects than a dispatch made
 * at firing). It carries the future it was attached to, {@link #source}, so that the loop can queue a
 * firing's dependents in the order they were attached ({@link RunQueue#offerFired}).
 *
 * <p><b>Threading.</b> {@link #execute} once, from the completing thread (a second call, which
 * {@code CompletableFuture} never makes, is dispatched plainly); {@link #run} on the loop thread.
 */
final class FiredHandle extends HandleImpl implements Executor, Runnable {
    /** The future the dependent was attached to. */
    final Object source;
    /** The dependent's step, given by {@link #execute}; cleared when it runs. */
    private Runnable step;
    /** Whether {@link #execute} was called. */
    private boolean used;

    FiredHandle(GuestLoop loop, Object source, Task<?> task) {
        super(loop, null, task);
        this.source = source;
    }

    @Override
    public void execute(Runnable r) {
        if (used) { // never queue one node twice
            loop.dispatch(r, null);
            return;
        }
        used = true;
        step = r;
        callback = this;
        loop.dispatchFired(this);
    }

    /** Runs the step, telling the loop that {@code CompletableFuture}'s own code runs (see offerFired). */
    @Override
    public void run() {
        Runnable r = step;
        step = null;
        loop.runCompletionStep(r);
    }

    @Override
    public String toString() {
        Runnable r = step;
        return "FiredHandle[" + (r != null ? r : isCancelled() ? "cancelled" : "ran") + "]";
    }
}
