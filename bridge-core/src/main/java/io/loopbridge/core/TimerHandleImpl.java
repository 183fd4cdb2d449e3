package io.loopbridge.core;

/**
 * A timer: a {@link HandleImpl} with a {@code (when, seq)} key and its index in the timer heap.
 * About 64 bytes per pending timer with compressed oops, plus one heap slot.
 */
final class TimerHandleImpl extends HandleImpl implements TimerHandle {
    final long when;
    /**
     * Tie-breaker for equal deadlines: a loop-wide scheduling sequence number, so timers with equal
     * deadlines run in the order they were scheduled (FIFO), from whichever thread.
     */
    final long seq;
    /** Position in {@link TimerQueue}, or -1 when not in it. Loop thread only. */
    int heapIndex = -1;

    TimerHandleImpl(GuestLoop loop, Runnable callback, Task<?> task, long when, long seq) {
        super(loop, callback, task);
        this.when = when;
        this.seq = seq;
    }

    @Override
    public long when() {
        return when;
    }

    @Override
    void cancelled() {
        loop.timerCancelled(this);
    }

    boolean before(TimerHandleImpl o) {
        return when < o.when || (when == o.when && seq < o.seq);
    }
}
