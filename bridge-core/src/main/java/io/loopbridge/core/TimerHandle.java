package io.loopbridge.core;

/**
 * A timed callback, returned by {@link EventLoop#callLater} and {@link EventLoop#callAt}.
 *
 * <p><b>Threading.</b> Safe from any thread. Cancelling on the loop thread removes the timer from the
 * loop's timer heap at once (O(log n)); cancelling from another thread marks it and the loop drops it
 * lazily (see {@link GuestLoop}).
 */
public interface TimerHandle extends Handle {
    /** The deadline, in {@link EventLoop#time()} units (nanoseconds). */
    long when();
}
