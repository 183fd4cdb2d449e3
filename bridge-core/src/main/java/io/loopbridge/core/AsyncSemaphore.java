package io.loopbridge.core;

import io.loopbridge.core.internal.Checks;

import java.util.ArrayDeque;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * A counting semaphore for tasks on one loop (asyncio's {@code Semaphore}): it holds permits,
 * {@link #acquire()} takes one (waiting while none is left), {@link #release()} gives one back. Use it
 * to bound concurrency, for instance how many downloads run at once; {@link #withPermit} always gives
 * the permit back. {@link #bounded} makes one that refuses more releases than acquires (asyncio's
 * {@code BoundedSemaphore}).
 *
 * <pre>{@code
 * AsyncSemaphore downloads = new AsyncSemaphore(loop, 4);
 * for (URI uri : uris) {
 *     group.createTask(() -> downloads.withPermit(() -> fetch(uri)));   // at most 4 fetches at a time
 * }
 * }</pre>
 *
 * <p><b>Fairness and cancellation.</b> Waiters are served in FIFO order: a released permit goes to the
 * oldest waiter, and {@code acquire()} does not take a free permit while others wait. A cancelled
 * {@code acquire()} future consumes nothing: cancelled while queued, it leaves the queue; cancelled
 * after a permit was handed to it but before its continuations ran, the permit goes to the next waiter
 * or back to the count. The hand-over is delivered in the loop iteration after the grant, and the
 * continuations of the {@code acquire()} future run in that same step.
 *
 * <p><b>Threading.</b> Loop thread only: every method checks it (cheaply) and throws
 * {@link IllegalStateException} from another thread. The returned futures may be cancelled from any
 * thread (the cancellation is then delivered on the loop thread).
 */
public final class AsyncSemaphore {
    private final GuestLoop loop;
    /** For a bounded semaphore, the initial count that releases may not exceed; -1 otherwise. */
    private final int bound;
    /**
     * Free permits. Invariant: while {@code > 0}, no waiter is queued (release hands a permit straight to
     * the oldest waiter). Loop thread.
     */
    private int permits;
    /** The queued acquirers, oldest first; each is QUEUED and pending (see {@link Waiter}). Loop thread. */
    private final ArrayDeque<Waiter<Void>> waiters = new ArrayDeque<>();

    private final Waiter.Owner<Void> owner = new Waiter.Owner<>() {
        @Override
        public void waiterCancelled(Waiter<Void> w) {
            waiters.remove(w);
        }

        @Override
        public void grantReturned(Waiter<Void> w, Void grant) {
            handOver();
        }
    };

    /**
     * A semaphore with {@code permits} free permits. Safe from any thread.
     *
     * @throws IllegalArgumentException if {@code permits} is negative
     */
    public AsyncSemaphore(EventLoop loop, int permits) {
        this(loop, permits, false);
    }

    private AsyncSemaphore(EventLoop loop, int permits, boolean bounded) {
        if (permits < 0) throw new IllegalArgumentException("permits: " + permits + " (expected: >= 0)");
        this.loop = Toolbox.core(loop);
        this.permits = permits;
        this.bound = bounded ? permits : -1;
    }

    /**
     * A semaphore whose {@link #release()} throws {@link IllegalStateException} if it would raise the free
     * permits above {@code permits} (asyncio's {@code BoundedSemaphore}): it catches unbalanced releases.
     * Safe from any thread.
     */
    public static AsyncSemaphore bounded(EventLoop loop, int permits) {
        return new AsyncSemaphore(loop, permits, true);
    }

    /**
     * A future that completes once a permit is the caller's: in the next iteration if one is free and
     * nobody waits, else in FIFO order as permits are released. Cancel it to stop waiting. Loop thread only.
     */
    public LoopFuture<Void> acquire() {
        Toolbox.check(loop, "AsyncSemaphore.acquire");
        Waiter<Void> w = Waiter.create(loop, owner);
        if (permits > 0) {
            permits--;
            w.grant(null);
        } else {
            waiters.addLast(w);
        }
        return w;
    }

    /**
     * Takes a permit if one is free (then nobody waits), without waiting. Loop thread only.
     *
     * @return whether a permit is now the caller's
     */
    public boolean tryAcquire() {
        Toolbox.check(loop, "AsyncSemaphore.tryAcquire");
        if (permits == 0) return false;
        permits--;
        return true;
    }

    /**
     * Gives a permit back: the oldest waiter gets it, or the count goes up. Loop thread only.
     *
     * @throws IllegalStateException for a {@linkplain #bounded bounded} semaphore released more often than
     *                               acquired
     */
    public void release() {
        loop.checkLoopThread("AsyncSemaphore.release");
        if (bound >= 0 && permits >= bound) {
            throw new IllegalStateException("AsyncSemaphore.release(): released more often than acquired (bounded at "
                    + bound + " permits)");
        }
        handOver();
    }

    private void handOver() {
        Waiter<Void> next = waiters.pollFirst();
        if (next != null) next.grant(null);
        else permits++;
    }

    /** The free permits (0 while anyone waits). Loop thread only. */
    public int availablePermits() {
        loop.checkLoopThread("AsyncSemaphore.availablePermits");
        return permits;
    }

    /**
     * Acquires a permit, runs {@code body}, and releases the permit once the body's stage completes,
     * however it completes (or if {@code body} throws). The result has the body's outcome. Cancelling the
     * result cancels the wait (nothing is taken) or, once the body runs, the body's stage. Loop thread only.
     */
    public <T> LoopFuture<T> withPermit(Supplier<? extends CompletionStage<T>> body) {
        Checks.notNull(body, "body");
        return Guarded.run(loop, acquire(), this::release, body);
    }

    /** Waiters queued now. Loop thread only. */
    int queued() {
        return waiters.size();
    }

    @Override
    public String toString() {
        return "AsyncSemaphore[permits=" + permits + (bound >= 0 ? ", bound=" + bound : "")
                + (waiters.isEmpty() ? "" : ", waiters=" + waiters.size()) + "]";
    }
}
