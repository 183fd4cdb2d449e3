package io.loopbridge.core;

/**
 * A scheduled callback, returned by {@link EventLoop#callSoon(Runnable)}.
 *
 * <p><b>Threading.</b> Safe from any thread. A callback runs exactly once or is cancelled, never
 * both: once {@link #isCancelled()} returns {@code true} the callback has not run and never will.
 */
public interface Handle {
    /** Cancels the callback if it has not started yet; does nothing otherwise. Safe from any thread. */
    void cancel();

    /** Whether {@link #cancel()} (or closing the loop) stopped the callback before it ran. */
    boolean isCancelled();
}
