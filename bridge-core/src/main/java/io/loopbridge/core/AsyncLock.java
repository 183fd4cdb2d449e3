package io.loopbridge.core;

import io.loopbridge.core.internal.Checks;

import java.util.ArrayDeque;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * A mutual-exclusion lock for tasks on one loop (asyncio's {@code Lock}): {@link #acquire()} returns a
 * future that completes once the lock is the caller's, {@link #release()} hands it to the next waiter,
 * first come first served. Like asyncio's, it is not owned by a task: any code on the loop may release
 * it. Prefer {@link #withLock}, which always releases.
 *
 * <pre>{@code
 * AsyncLock lock = new AsyncLock(loop);
 * lock.withLock(() -> loadSettings().thenCompose(s -> saveSettings(s.with(key, value))));
 * }</pre>
 *
 * <p><b>Fairness and cancellation.</b> Waiters are served in FIFO order; a new {@code acquire()} never
 * overtakes a queued one. A cancelled {@code acquire()} future consumes nothing: if it is cancelled while
 * queued it leaves the queue; if it is cancelled after the lock was handed to it but before its
 * continuations ran (its task was cancelled in that window), the lock goes to the next waiter, or is
 * unlocked. The hand-over is delivered in the loop iteration after the grant, and the continuations of
 * the {@code acquire()} future run in that same step.
 *
 * <p><b>Threading.</b> Loop thread only: every method checks it (cheaply) and throws
 * {@link IllegalStateException} from another thread. The returned futures may be cancelled from any
 * thread (the cancellation is then delivered on the loop thread).
 */
public final class AsyncLock {
    final GuestLoop loop;
    /** The queued acquirers, oldest first; each is QUEUED and pending (see {@link Waiter}). Loop thread. */
    private final ArrayDeque<Waiter<Void>> waiters = new ArrayDeque<>();
    /**
     * Held by someone, or handed to a waiter whose delivery is pending. Invariant: while false, no waiter
     * is queued (release hands the lock over directly). Loop thread.
     */
    private boolean locked;

    final Waiter.Owner<Void> owner = new Waiter.Owner<>() {
        @Override
        public void waiterCancelled(Waiter<Void> w) {
            waiters.remove(w);
        }

        @Override
        public void grantReturned(Waiter<Void> w, Void grant) {
            handOver();
        }
    };

    /** An unlocked lock on {@code loop}. Safe from any thread. */
    public AsyncLock(EventLoop loop) {
        this.loop = Toolbox.core(loop);
    }

    /**
     * A future that completes once the lock is the caller's: in the next iteration if it is free, else
     * when every earlier waiter has had it. Cancel it to stop waiting. Loop thread only.
     */
    public LoopFuture<Void> acquire() {
        Toolbox.check(loop, "AsyncLock.acquire");
        Waiter<Void> w = Waiter.create(loop, owner);
        enqueue(w);
        return w;
    }

    /** Grants the lock to {@code w} if it is free, else queues it (also used by {@link AsyncCondition}). */
    void enqueue(Waiter<Void> w) {
        if (!locked) {
            locked = true;
            w.grant(null);
        } else {
            waiters.addLast(w);
        }
    }

    /**
     * Takes the lock if it is free and nobody waits, without waiting. Loop thread only.
     *
     * @return whether the lock is now the caller's
     */
    public boolean tryAcquire() {
        Toolbox.check(loop, "AsyncLock.tryAcquire");
        if (locked) return false;
        locked = true;
        return true;
    }

    /**
     * Releases the lock: the oldest waiter gets it, or it becomes unlocked. Loop thread only.
     *
     * @throws IllegalStateException if the lock is not locked
     */
    public void release() {
        loop.checkLoopThread("AsyncLock.release");
        if (!locked) throw new IllegalStateException("AsyncLock.release(): the lock is not locked (expected: one release per acquire)");
        handOver();
    }

    private void handOver() {
        Waiter<Void> next = waiters.pollFirst();
        if (next != null) next.grant(null);
        else locked = false;
    }

    /** Whether the lock is held (or being handed to a waiter). Loop thread only. */
    public boolean isLocked() {
        loop.checkLoopThread("AsyncLock.isLocked");
        return locked;
    }

    /**
     * Acquires the lock, runs {@code body}, and releases the lock once the body's stage completes, however
     * it completes (or if {@code body} throws). The result has the body's outcome. Cancelling the result
     * cancels the wait (nothing is taken) or, once the body runs, the body's stage (the lock is released
     * when that stage completes). Loop thread only.
     *
     * @param body called on the loop thread while the lock is held; returns the stage the lock guards
     */
    public <T> LoopFuture<T> withLock(Supplier<? extends CompletionStage<T>> body) {
        Checks.notNull(body, "body");
        return Guarded.run(loop, acquire(), this::release, body);
    }

    /** Waiters queued now (not counting one being handed the lock). Loop thread only. */
    int queued() {
        return waiters.size();
    }

    @Override
    public String toString() {
        return "AsyncLock[" + (locked ? "locked" : "unlocked") + (waiters.isEmpty() ? "" : ", waiters=" + waiters.size()) + "]";
    }
}
