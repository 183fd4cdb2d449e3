package io.loopbridge.core;

import io.loopbridge.core.internal.Checks;

import java.util.concurrent.RejectedExecutionException;

/**
 * What the task toolbox ({@link TaskGroup}, {@link TimeoutScope}, {@link AsyncLock}, ...) shares: finding
 * the {@link GuestLoop} behind a user's {@link EventLoop}, and the checks every toolbox call makes.
 *
 * <p><b>Threading.</b> Static helpers; each says who may call it.
 */
final class Toolbox {
    private Toolbox() {}

    /**
     * The core behind {@code loop}: the loop itself, or the core of a host built on
     * {@link ForwardingEventLoop} ({@link EventLoop} is sealed: there is no other kind). Safe from any thread.
     */
    static GuestLoop core(EventLoop loop) {
        Checks.notNull(loop, "loop");
        return loop instanceof GuestLoop ? (GuestLoop) loop : ((ForwardingEventLoop) loop).core();
    }

    /** The loop-thread and open checks of a toolbox call named {@code what} (e.g. "AsyncLock.acquire"). Cheap. */
    static void check(GuestLoop loop, String what) {
        loop.checkLoopThread(what);
        if (loop.isClosed()) throw new RejectedExecutionException("loop is closed: cannot " + what + "() on " + loop);
    }

    /** A future already completed with {@code value}, bound to {@code loop} and owned by nobody. */
    static <T> LoopFuture<T> completed(GuestLoop loop, T value) {
        LoopFuture<T> f = new LoopFuture<>(loop);
        f.complete(value);
        return f;
    }
}
