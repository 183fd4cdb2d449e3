package io.loopbridge.core;

import io.loopbridge.core.internal.Checks;

import java.util.ArrayDeque;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A condition variable for tasks on one loop (asyncio's {@code Condition}), bound to an {@link AsyncLock}:
 * while holding the lock, a task {@linkplain #await() awaits} a signal (the lock is released meanwhile and
 * held again when the wait ends); another task changes the shared state under the lock and
 * {@linkplain #signal() signals}. The names follow {@link java.util.concurrent.locks.Condition}
 * ({@code Object.notify} is final).
 *
 * <pre>{@code
 * AsyncCondition changed = new AsyncCondition(loop);
 * changed.withLock(() -> changed.awaitUntil(() -> !pending.isEmpty())        // consumer
 *                               .thenApply(v -> pending.remove()));
 * changed.withLock(() -> {                                                 // producer
 *     pending.add(job);
 *     changed.signal();
 *     return CompletableFuture.completedFuture(null);
 * });
 * }</pre>
 *
 * <p><b>The lock is always held again.</b> The future of {@link #await()} completes, normally or
 * cancelled, only once the lock is the caller's again, so the code that follows (and a
 * {@code withLock} around it) can always release it. Cancelling it is therefore a request, as on a
 * {@link Task}: {@code cancel} returns true and the future ends cancelled once the lock has been
 * re-acquired. A waiter that was signalled and then cancelled passes the signal on to the next waiter,
 * so no signal is lost. Waiters are signalled in FIFO order and re-acquire the lock in FIFO order with
 * the lock's other waiters.
 *
 * <p><b>Threading.</b> Loop thread only: every method checks it (cheaply) and throws
 * {@link IllegalStateException} from another thread. The returned futures may be cancelled from any
 * thread (the cancellation is then delivered on the loop thread).
 */
public final class AsyncCondition {
    private final GuestLoop loop;
    private final AsyncLock lock;
    /** Waiters not yet signalled, oldest first. Loop thread. */
    private final ArrayDeque<ConditionWaiter> waiters = new ArrayDeque<>();

    /** A condition with its own new lock. Safe from any thread. */
    public AsyncCondition(EventLoop loop) {
        this(loop, new AsyncLock(loop));
    }

    /** A condition bound to {@code lock} (several conditions may share one lock). Safe from any thread. */
    public AsyncCondition(EventLoop loop, AsyncLock lock) {
        this.loop = Toolbox.core(loop);
        this.lock = Checks.notNull(lock, "lock");
        if (lock.loop != this.loop) throw new IllegalArgumentException("lock: " + lock + " belongs to another loop (expected: a lock of " + loop + ")");
    }

    /** The lock this condition is bound to. Safe from any thread. */
    public AsyncLock lock() {
        return lock;
    }

    /** {@link AsyncLock#withLock} on this condition's lock. Loop thread only. */
    public <T> LoopFuture<T> withLock(Supplier<? extends CompletionStage<T>> body) {
        return lock.withLock(body);
    }

    /**
     * Releases the lock, waits for a signal, and re-acquires the lock: the future completes once the lock
     * is the caller's again. Like every condition variable, a wake-up does not prove the condition holds:
     * re-check it, or use {@link #awaitUntil}. Loop thread only.
     *
     * @throws IllegalStateException if the lock is not held
     */
    public LoopFuture<Void> await() {
        Toolbox.check(loop, "AsyncCondition.await");
        if (!lock.isLocked()) throw new IllegalStateException("AsyncCondition.await(): the lock is not held (expected: await inside withLock, or after acquire())");
        ConditionWaiter w = new ConditionWaiter(loop, lock.owner);
        loop.own(w);
        waiters.addLast(w);
        lock.release();
        return w;
    }

    /**
     * Waits until {@code predicate} holds (asyncio's {@code wait_for}): checks it now, and after each
     * wake-up with the lock held. The future completes with the lock held. Loop thread only.
     *
     * @throws IllegalStateException if the predicate is false and the lock is not held
     */
    public LoopFuture<Void> awaitUntil(BooleanSupplier predicate) {
        Checks.notNull(predicate, "predicate");
        Toolbox.check(loop, "AsyncCondition.awaitUntil");
        if (predicate.getAsBoolean()) return Toolbox.completed(loop, null);
        return await().thenCompose(v -> awaitUntil(predicate));
    }

    /** Wakes the oldest waiter, if any. Loop thread only. @throws IllegalStateException if the lock is not held */
    public void signal() {
        signal(1);
    }

    /**
     * Wakes the {@code n} oldest waiters. Loop thread only.
     *
     * @throws IllegalArgumentException if {@code n} is negative
     * @throws IllegalStateException    if the lock is not held
     */
    public void signal(int n) {
        loop.checkLoopThread("AsyncCondition.signal");
        if (n < 0) throw new IllegalArgumentException("n: " + n + " (expected: >= 0)");
        if (!lock.isLocked()) throw new IllegalStateException("AsyncCondition.signal(): the lock is not held (expected: signal inside withLock)");
        wake(n);
    }

    /** Wakes every waiter. Loop thread only. @throws IllegalStateException if the lock is not held */
    public void signalAll() {
        signal(Integer.MAX_VALUE);
    }

    /** Moves up to {@code n} waiters to the lock's queue. */
    private void wake(int n) {
        for (int i = 0; i < n; i++) {
            ConditionWaiter w = waiters.pollFirst();
            if (w == null) return;
            w.signalled = true;
            lock.enqueue(w);
        }
    }

    /** Waiters not yet signalled. Loop thread only. */
    int queued() {
        return waiters.size();
    }

    @Override
    public String toString() {
        return "AsyncCondition[" + lock + (waiters.isEmpty() ? "" : ", waiters=" + waiters.size()) + "]";
    }

    /**
     * The future of one {@link #await()}: queued here until signalled, then queued on the lock (it is a
     * waiter of the lock, granted the lock like an {@code acquire()}). Giving up never skips the
     * re-acquisition: it is recorded and delivered, with the lock held, as the outcome.
     */
    private final class ConditionWaiter extends Waiter<Void> {
        /** Moved to the lock's queue by a signal (not by a cancellation). Loop thread. */
        boolean signalled;
        /** Why it gave up (a CancellationException for cancel), or null. Loop thread. */
        private Throwable abortedBy;

        ConditionWaiter(GuestLoop loop, Waiter.Owner<Void> lockOwner) {
            super(loop, lockOwner);
        }

        @Override
        boolean abort(Throwable reason) {
            if (isDone() || abortedBy != null) return !isDone();
            if (loop.isClosed()) { // close(): nobody will release the lock for us any more
                state = ABANDONED;
                waiters.remove(this);
                return cancelNow();
            }
            abortedBy = reason != null ? reason : new CancellationException("AsyncCondition.await() cancelled");
            if (waiters.remove(this)) {
                lock.enqueue(this); // not signalled: re-acquire the lock, then end with abortedBy
            } else if (signalled) {
                wake(1); // the signal it consumed goes to the next waiter
            }
            return true;
        }

        @Override
        void settle(Void g) {
            Throwable a = abortedBy;
            if (a == null) super.settle(g);
            else if (a instanceof CancellationException) cancelNow();
            else failNow(a);
        }
    }
}
