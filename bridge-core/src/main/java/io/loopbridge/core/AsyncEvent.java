package io.loopbridge.core;

import java.util.ArrayDeque;

/**
 * A flag tasks can wait for (asyncio's {@code Event}): {@link #set()} raises it and wakes every waiter,
 * {@link #clear()} lowers it, {@link #await()} completes once it is raised.
 *
 * <pre>{@code
 * AsyncEvent connected = new AsyncEvent(loop);
 * loop.createTask(() -> connected.await().thenCompose(v -> sendQueuedMessages()));
 * ...
 * connected.set();   // later, when the connection is up
 * }</pre>
 *
 * <p>A waiter woken by {@code set()} completes in the next loop iteration even if {@code clear()} is
 * called meanwhile (as in asyncio). A cancelled {@code await()} future leaves the wait queue at once.
 *
 * <p><b>Threading.</b> Loop thread only: every method checks it (cheaply) and throws
 * {@link IllegalStateException} from another thread. To set it from another thread, post the call:
 * {@code loop.execute(event::set)}. The returned futures may be cancelled from any thread.
 */
public final class AsyncEvent {
    private final GuestLoop loop;
    /** The flag. Loop thread. */
    private boolean set;
    /** The waiters, oldest first; each is QUEUED and pending; empty while {@link #set}. Loop thread. */
    private final ArrayDeque<Waiter<Void>> waiters = new ArrayDeque<>();

    private final Waiter.Owner<Void> owner = new Waiter.Owner<>() {
        @Override
        public void waiterCancelled(Waiter<Void> w) {
            waiters.remove(w);
        }

        @Override
        public void grantReturned(Waiter<Void> w, Void grant) {
            // waking consumes nothing
        }
    };

    /** A cleared event on {@code loop}. Safe from any thread. */
    public AsyncEvent(EventLoop loop) {
        this.loop = Toolbox.core(loop);
    }

    /** Raises the flag and wakes every waiter (each completes in the next iteration). Loop thread only. */
    public void set() {
        loop.checkLoopThread("AsyncEvent.set");
        if (set) return;
        set = true;
        for (Waiter<Void> w; (w = waiters.pollFirst()) != null; ) w.grant(null);
    }

    /** Lowers the flag: later {@link #await()} calls wait for the next {@link #set()}. Loop thread only. */
    public void clear() {
        loop.checkLoopThread("AsyncEvent.clear");
        set = false;
    }

    /** Whether the flag is raised. Loop thread only. */
    public boolean isSet() {
        loop.checkLoopThread("AsyncEvent.isSet");
        return set;
    }

    /**
     * A future that completes once the flag is raised: already completed if it is raised now. Cancel it to
     * stop waiting. Loop thread only.
     */
    public LoopFuture<Void> await() {
        Toolbox.check(loop, "AsyncEvent.await");
        if (set) return Toolbox.completed(loop, null);
        Waiter<Void> w = Waiter.create(loop, owner);
        waiters.addLast(w);
        return w;
    }

    /** Waiters queued now. Loop thread only. */
    int queued() {
        return waiters.size();
    }

    @Override
    public String toString() {
        return "AsyncEvent[" + (set ? "set" : "unset") + (waiters.isEmpty() ? "" : ", waiters=" + waiters.size()) + "]";
    }
}
