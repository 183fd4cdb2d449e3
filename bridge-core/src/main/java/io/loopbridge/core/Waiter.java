package io.loopbridge.core;

import io.loopbridge.core.internal.Checks;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The future a synchronisation primitive hands to one waiter ({@code AsyncLock.acquire()},
 * {@code AsyncSemaphore.acquire()}, {@code AsyncQueue.get()}/{@code put()}, {@code AsyncEvent.await()},
 * {@code AsyncCondition.await()}), with the one property that makes "a cancelled waiter consumes nothing"
 * hold in a future-chain model: <b>a grant is only final once the waiter's continuations have it.</b>
 *
 * <p>Why: a plain future completed with a grant (a permit, a queue item) runs its continuations in a
 * later iteration. If the waiting task is cancelled in between, the cancellation finds nothing pending
 * and cancels the end of the task's chain, so the continuation that would use (and give back) the grant
 * never runs: the lock stays locked forever, the item is lost. asyncio has the same window between
 * "future woken" and "coroutine resumed" and closes it in each primitive (bpo-27585, gh-90155, ...).
 *
 * <p>How: granting <em>reserves</em> (state {@link #RESERVED}: the primitive counts the permit as taken)
 * and schedules a delivery in the waiting task's context. The future stays pending, so cancelling it in
 * between (directly, or through its task) is an ordinary cancellation that gives the grant back to the
 * primitive. The delivery completes the future and runs the continuations registered on it
 * <em>inline</em>, in their own task contexts, so no iteration separates "delivered" from "received".
 *
 * <p>States, on {@link #state} (loop thread only):
 * <ul>
 *   <li>{@link #QUEUED}: in its primitive's wait queue. Not terminal.</li>
 *   <li>{@link #RESERVED}: granted, delivery scheduled, future still pending. Not terminal.</li>
 *   <li>{@link #DELIVERED}: completed with the grant. Terminal.</li>
 *   <li>{@link #ABANDONED}: cancelled or failed (e.g. {@code orTimeout}) before delivery; the primitive
 *       was told (removed from the queue, or grant returned). Terminal.</li>
 * </ul>
 * Invariant: a waiter in any primitive's queue is {@code QUEUED} and pending, because every abnormal
 * completion runs on the loop thread (calls from other threads are forwarded there) and tells the owner
 * at once.
 *
 * <p><b>Threading.</b> Granting, delivery and owner callbacks run on the loop thread. {@code cancel} and
 * {@code completeExceptionally} are safe from any thread: from another thread they are requests
 * delivered on the loop thread (they return true if the future was pending), like {@link Task#cancel}.
 * {@code complete}, {@code obtrude*} and {@code completeOnTimeout} throw: a grant cannot be forged.
 */
class Waiter<T> extends LoopFuture<T> {

    /** What a waiter tells its primitive. All called on the loop thread. */
    interface Owner<T> {
        /** {@code w} gave up while {@link #QUEUED}: remove it from the wait queue. */
        void waiterCancelled(Waiter<T> w);

        /** {@code w} gave up while {@link #RESERVED}: take {@code grant} back (hand it to the next waiter). */
        void grantReturned(Waiter<T> w, T grant);

        /** Called just before {@code w}'s future completes with {@code grant}. */
        default void delivering(Waiter<T> w, T grant) {}

        /** Called once {@code w}'s continuations have received the grant. */
        default void delivered(Waiter<T> w) {}
    }

    static final int QUEUED = 0;
    static final int RESERVED = 1;
    static final int DELIVERED = 2;
    static final int ABANDONED = 3;

    final Owner<T> owner;
    /** The task that waits (current when the waiter was created), the context of its delivery. */
    private final Task<?> task;
    /** See the class javadoc. Loop thread only. */
    int state = QUEUED;
    /** The reserved grant while {@link #RESERVED}. Loop thread only. */
    private T grant;
    /** True while {@link #deliver()} completes the future: continuations then run inline. Loop thread only. */
    private boolean delivering;

    Waiter(GuestLoop loop, Owner<T> owner) {
        super(loop);
        this.owner = owner;
        this.task = loop.inEventLoop() ? loop.currentTask : null;
    }

    /** A new queued waiter, owned by the loop and by the current task (its cancellation cancels it). */
    static <T> Waiter<T> create(GuestLoop loop, Owner<T> owner) {
        Waiter<T> w = new Waiter<>(loop, owner);
        loop.own(w);
        return w;
    }

    /** Loop thread: reserves {@code g} for this waiter and schedules its delivery. Requires {@link #QUEUED}. */
    final void grant(T g) {
        assert loop.confined() : "Waiter.grant() off the loop thread";
        assert state == QUEUED && !isDone() : this;
        state = RESERVED;
        grant = g;
        try {
            loop.dispatch(this::deliver, task);
        } catch (RejectedExecutionException closed) {
            // the loop closed: close() cancels this waiter, which returns the grant
        }
    }

    /** Loop thread: the delivery scheduled by {@link #grant}. */
    private void deliver() {
        assert loop.confined() : "Waiter.deliver() off the loop thread";
        if (state != RESERVED) return; // abandoned meanwhile: the grant went back
        T g = grant;
        grant = null;
        state = DELIVERED;
        owner.delivering(this, g);
        delivering = true;
        try {
            settle(g);
        } finally {
            delivering = false;
        }
        owner.delivered(this);
    }

    /** Completes the future at delivery; {@link AsyncCondition}'s waiter may complete it abnormally. */
    void settle(T g) {
        super.complete(g);
    }

    /** Continuations registered on a waiter run inline when it is delivered (see the class javadoc). */
    @Override
    Executor context() {
        Executor base = super.context();
        Task<?> t = loop.inEventLoop() ? loop.currentTask : null;
        return r -> {
            if (delivering) {
                Task<?> prev = loop.currentTask;
                loop.currentTask = t;
                try {
                    r.run();
                } finally {
                    loop.currentTask = prev;
                }
            } else {
                base.execute(r);
            }
        };
    }

    // ---- giving up: cancel() and completeExceptionally() ----

    /**
     * Gives up waiting: the primitive removes this waiter, or takes back a grant not yet delivered, so a
     * cancelled waiter consumes nothing. Safe from any thread (a request from other threads).
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        return requestAbort(null);
    }

    /** Gives up waiting with {@code ex} (e.g. from {@code orTimeout}); consumes nothing, like {@link #cancel}. */
    @Override
    public boolean completeExceptionally(Throwable ex) {
        Checks.notNull(ex, "ex");
        return requestAbort(ex instanceof CancellationException ? null : ex);
    }

    private boolean requestAbort(Throwable reason) {
        if (isDone()) return false;
        if (!loop.inEventLoop() && loop.loopThread() != null) {
            try {
                loop.dispatch(() -> abort(reason), null);
            } catch (RejectedExecutionException closed) {
                return false; // close() cancels it
            }
            return true;
        }
        return abort(reason);
    }

    /** Loop thread: ends the wait abnormally ({@code reason} null means cancelled) and tells the owner. */
    boolean abort(Throwable reason) {
        assert loop.confined() : "Waiter.abort() off the loop thread";
        if (isDone()) return false;
        boolean r = reason == null ? cancelNow() : failNow(reason);
        int s = state;
        state = ABANDONED;
        if (s == QUEUED) {
            owner.waiterCancelled(this);
        } else if (s == RESERVED) {
            T g = grant;
            grant = null;
            owner.grantReturned(this, g);
        }
        return r;
    }

    /** Cancels the future itself, bypassing the give-up protocol. */
    final boolean cancelNow() {
        return super.cancel(false);
    }

    /** Fails the future itself, bypassing the give-up protocol. */
    final boolean failNow(Throwable e) {
        return super.completeExceptionally(e);
    }

    // ---- a grant cannot be forged ----

    private static UnsupportedOperationException noForging() {
        return new UnsupportedOperationException("a waiter is completed by its primitive; cancel() it to stop waiting");
    }

    /** @throws UnsupportedOperationException always: only the primitive grants */
    @Override
    public boolean complete(T value) {
        throw noForging();
    }

    /** @throws UnsupportedOperationException always */
    @Override
    public void obtrudeValue(T value) {
        throw noForging();
    }

    /** @throws UnsupportedOperationException always */
    @Override
    public void obtrudeException(Throwable ex) {
        throw noForging();
    }

    /** @throws UnsupportedOperationException always: use {@code orTimeout} or {@code EventLoop.waitFor} */
    @Override
    public LoopFuture<T> completeOnTimeout(T value, long timeout, TimeUnit unit) {
        throw noForging();
    }

    /** @throws UnsupportedOperationException always */
    @Override
    public CompletableFuture<T> completeAsync(Supplier<? extends T> supplier, Executor executor) {
        throw noForging();
    }
}
