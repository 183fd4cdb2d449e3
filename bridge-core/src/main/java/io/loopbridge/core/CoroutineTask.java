package io.loopbridge.core;

import io.loopbridge.core.internal.Awaiting;
import io.loopbridge.core.internal.Coroutine;

import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * A task whose body is straight-line code that suspends at each {@link Await#await}: {@link
 * EventLoop#launch}. The body runs in a {@link Coroutine} on the loop thread; an await of a pending stage
 * suspends it, and the stage's completion resumes it through the loop's own queue, in this task's context.
 *
 * <p><b>Cancellation needs no guessing here:</b> the task knows what it awaits. A request cancels what the
 * task owns that is still pending (the rules of every {@link Task}) and resumes the body with a
 * {@link CancellationException} thrown at its await, in a later iteration; its finally blocks run, and it
 * may catch it and go on. A stage it awaits that it does not own is abandoned, not cancelled (asyncio
 * cancels the future a task awaits; a foreign stage here may be shared, and cancelling it from a task that
 * merely waits on it is a surprise). A request that arrives while the body runs (it cancelled itself, or
 * a callback it called did) is thrown at its next await that suspends; one still pending when the body
 * returns wins: the task ends cancelled, as asyncio's "cancelled right before the coroutine stopped".
 * {@code close()} resumes every suspended body with a {@link CancellationException}: none is abandoned.
 *
 * <p><b>Threading.</b> As {@link Task}: the body, its awaits and its resumes run on the loop thread;
 * {@code cancel} is safe from any thread.
 */
final class CoroutineTask<T> extends Task<T> {
    /** The body until it starts. Loop thread. */
    private Callable<T> body;
    /** The coroutine while the body runs (started, not ended). Loop thread. */
    private Coroutine co;
    /** The stage the body awaits now (suspended on it), or null. Loop thread. */
    private CompletionStage<?> awaiting;

    CoroutineTask(GuestLoop loop, Callable<T> body) {
        super(loop, null);
        this.body = body;
    }

    /** Loop thread, with this task as the current one: runs the body until it first suspends or ends. */
    @Override
    void start() {
        assert loop.confined() : "CoroutineTask.start() off the loop thread";
        Callable<T> b = body;
        body = null;
        if (b == null || isDone()) return;
        started = true;
        Body body = new Body(b);
        useContext(body);
        Coroutine c = loop.coroutines().create(this, body);
        co = c;
        c.resume(); // a fatal error the body threw comes out here, after Body.run() failed the task with it
    }

    /**
     * The coroutine's body: runs {@code b} and ends the task with its outcome. A class, not a lambda calling
     * a method: one frame under the user's body instead of three (every frame under an await is captured and
     * restored at each suspension, and these, run once per task, stay interpreted). It is also the task's
     * context executor ({@link #taskContext()}: the resumes of its awaits are dispatched through it), one
     * object for both; it lets go of {@code b} when the body starts.
     */
    private final class Body implements Runnable, Executor {
        private Callable<T> b;

        Body(Callable<T> b) {
            this.b = b;
        }

        /** Dispatches {@code r} in this task's context. Any thread. */
        @Override
        public void execute(Runnable r) {
            loop.dispatch(r, CoroutineTask.this);
        }

        @Override
        public void run() {
            Callable<T> body = b;
            b = null;
            T value;
            try {
                value = body.call();
            } catch (Throwable e) {
                end(null, e);
                if (GuestLoop.isFatal(e)) throw (Error) e;
                return;
            }
            end(value, null);
        }
    }

    private void end(T value, Throwable failure) {
        Coroutine c = co;
        co = null;
        awaiting = null;
        if (c != null && c.hasPendingFailure()) mustCancel = true; // a request that came while it ran was never delivered
        finish(value, failure);
    }

    /** {@link Await#await} inside this task's body. Loop thread. */
    <V> V await(Coroutine c, CompletionStage<V> stage) {
        if (stage instanceof LoopFuture) ((LoopFuture<?>) stage).markObserved();
        CompletionStage<?> outer = awaiting; // (an await inside code that runs while another one is set up)
        awaiting = stage;
        try {
            if (stage instanceof LoopFuture && ((LoopFuture<?>) stage).loop == loop) {
                // this loop's own future: its completion hands the resume over directly (one queue hop, not two)
                // dispatched as a dependent of the stage, so awaiters resume in the order they began to wait
                LoopFuture<V> own = (LoopFuture<V>) stage;
                return Awaiting.await(c, stage, own.firedIn(this), (s, callback) -> own.whenCompleteAwait(callback));
            }
            return Awaiting.await(c, stage, taskContext());
        } finally {
            awaiting = outer;
        }
    }

    /** The stage the body awaits now, or null. Loop thread. */
    CompletionStage<?> awaiting() {
        return awaiting;
    }

    /**
     * Interrupts the await the body is suspended at (or its next one, if it runs) with {@code failure},
     * without touching what the task owns: what a timeout block does at its deadline. Loop thread.
     *
     * @return false if the body is not running any more
     */
    boolean interruptAwait(RuntimeException failure) {
        Coroutine c = co;
        return c != null && Awaiting.cancel(c, failure, taskContext());
    }

    /** A request (see the class javadoc). Loop thread. */
    @Override
    void deliverCancel(boolean mayInterrupt) {
        assert loop.confined() : "CoroutineTask.deliverCancel() off the loop thread";
        Coroutine c = co;
        if (c == null) return; // ended: its outcome is on its way, or the task is done
        cancelOwned(mayInterrupt);
        Awaiting.cancel(c, new CancellationException("task cancelled: " + this), taskContext());
    }

    @Override
    public String toString() {
        return "coroutine " + super.toString();
    }
}
