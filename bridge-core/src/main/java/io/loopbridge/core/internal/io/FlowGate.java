package io.loopbridge.core.internal.io;

/**
 * Read-side backpressure between a producer thread (the I/O thread for a socket, a pump thread for a pipe)
 * and the reader on the loop thread: the producer counts each chunk it hands over
 * ({@link #delivered}), the reader each byte it consumes ({@link #consumed}); once {@link #inFlight}
 * reaches the threshold the producer is paused, and it resumes once the reader brings it below.
 *
 * <p><b>Bound.</b> A producer hands over a chunk only while not paused, and a chunk is at most
 * {@link IoService#CHUNK} bytes, so {@code inFlight < threshold + CHUNK} always: {@link #peak()} records
 * the largest value seen (the tests assert the bound on it).
 *
 * <p><b>Pausing.</b> A socket pauses by dropping read interest, a pipe pump by blocking in
 * {@link #awaitRoom()}. The interest change runs under this gate's lock ({@link #onPause}/{@link #onResume}),
 * so a pause and a resume racing on two threads leave the interest matching {@link #paused}.
 *
 * <p><b>Threading.</b> {@code delivered} and {@code awaitRoom} on the producer thread; {@code consumed}
 * and {@code setThreshold} on the loop thread; all state guarded by {@code this}.
 */
class FlowGate {
    /** Bytes handed to the loop and not yet consumed (posted, or buffered in the reader). Guarded by this. */
    private long inFlight;
    /** Pause at or above this many bytes in flight. Guarded by this. */
    private long threshold;
    /** Whether the producer is paused. Guarded by this. */
    private boolean paused;
    /** The producer stops for good (the stream closed). Guarded by this. */
    private boolean stopped;
    /** The largest {@link #inFlight} seen. Guarded by this. */
    private long peak;

    FlowGate(long threshold) {
        this.threshold = threshold;
    }

    /** Producer: {@code n} bytes were handed over. Returns whether the producer is now paused. */
    final synchronized boolean delivered(int n) {
        inFlight += n;
        if (inFlight > peak) peak = inFlight;
        if (!paused && inFlight >= threshold) {
            paused = true;
            onPause();
        }
        return paused;
    }

    /** Loop thread: the reader consumed (or dropped) {@code n} bytes. Returns whether the producer was resumed. */
    final boolean consumed(int n) {
        boolean resumed;
        synchronized (this) {
            inFlight -= n;
            resumed = maybeResume();
        }
        if (resumed) afterResume();
        return resumed;
    }

    /** Loop thread: the reader needs this many bytes in flight before it pauses the producer. */
    final void setThreshold(long t) {
        boolean resumed;
        synchronized (this) {
            threshold = t;
            resumed = maybeResume();
        }
        if (resumed) afterResume();
    }

    private boolean maybeResume() {
        if (paused && inFlight < threshold && !stopped) {
            paused = false;
            onResume();
            notifyAll();
            return true;
        }
        return false;
    }

    /** Pump thread: blocks while paused; returns false once {@link #stop()} was called. */
    final synchronized boolean awaitRoom() throws InterruptedException {
        while (paused && !stopped) wait();
        return !stopped;
    }

    /** Any thread: the producer stops for good (wakes a pump blocked in {@link #awaitRoom()}). */
    final synchronized void stop() {
        stopped = true;
        notifyAll();
    }

    final synchronized long peak() {
        return peak;
    }

    final synchronized long inFlight() {
        return inFlight;
    }

    /** Under the lock: stop producing (a socket drops read interest). */
    void onPause() {}

    /** Under the lock: produce again (a socket restores read interest). */
    void onResume() {}

    /** Outside the lock, after a resume (a socket wakes its selector to see the new interest). */
    void afterResume() {}
}
