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
     * The core behind {@code loop}: the loop itself, or the core a host built on
     * {@link ForwardingEventLoop} drives. Any other {@link EventLoop} implementation is resolved through
     * one of its futures (every {@link LoopFuture} is bound to a core), which must then be done on its loop
     * thread. Safe from any thread for a {@code GuestLoop} or a forwarding host.
     */
    static GuestLoop core(EventLoop loop) {
        Checks.notNull(loop, "loop");
        if (loop instanceof GuestLoop) return (GuestLoop) loop;
        if (loop instanceof ForwardingEventLoop) return ((ForwardingEventLoop) loop).core();
        if (!loop.inEventLoop()) {
            throw new IllegalArgumentException("loop: " + loop + " (expected: a GuestLoop or a host built on one, "
                    + "such as StandaloneLoop, FxLoop or SwingLoop; or create the primitive on the loop's thread)");
        }
        LoopFuture<Object> probe = loop.createFuture();
        probe.cancel(false);
        return probe.loop;
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
