package io.loopbridge.core.internal.io;

/**
 * Read-side backpressure between a producer thread (the I/O thread for a socket, a pump thread for a pipe)
 * and the reader on the loop thread: the producer counts each chunk it hands over
 * ({@link #delivered}), the reader each byte it consumes ({@link #consumed}); once {@link #inFlight}
 * reaches the threshold the producer is paused, and it resumes once the reader brings it below.
 *
 * <p><b>Bound.</b> A producer hands over a chunk only while not paused (a socket read on the loop thread:
 * only below the threshold), and a chunk is at most {@link IoService#CHUNK} bytes, so
 * {@code inFlight < threshold + CHUNK} always: {@link #peak()} records the largest value seen (the tests
 * assert the bound on it).
 *
 * <p><b>Pausing.</b> A pipe pump pauses by blocking in {@link #awaitRoom()}. A socket's I/O thread hands
 * its reads over to the loop thread when {@link #delivered} says the gate is paused, and the loop thread
 * reads on demand, below the threshold (see {@link SocketConnection}). (Sockets used to pause by dropping
 * read interest and resume with a selector wake-up per resume, from hooks of this class.)
 *
 * <p><b>Threading.</b> {@code delivered} and {@code awaitRoom} on the producer thread (for a socket, the
 * I/O thread or the loop thread, one at a time); {@code consumed}
 * and {@code setThreshold} on the loop thread; all state guarded by {@code this}.
 */
final class FlowGate {
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
    synchronized boolean delivered(int n) {
        inFlight += n;
        if (inFlight > peak) peak = inFlight;
        if (!paused && inFlight >= threshold) {
            paused = true;
        }
        return paused;
    }

    /** Loop thread: the reader consumed (or dropped) {@code n} bytes. */
    synchronized void consumed(int n) {
        inFlight -= n;
        maybeResume();
    }

    /**
     * Loop thread: the reader needs this many bytes in flight before it pauses the producer. Returns whether
     * fewer are in flight now (there is room for more).
     */
    synchronized boolean setThreshold(long t) {
        threshold = t;
        maybeResume();
        return inFlight < t;
    }

    private void maybeResume() {
        if (paused && inFlight < threshold && !stopped) {
            paused = false;
            notifyAll();
        }
    }

    /** Pump thread: blocks while paused; returns false once {@link #stop()} was called. */
    synchronized boolean awaitRoom() throws InterruptedException {
        while (paused && !stopped) wait();
        return !stopped;
    }

    /** Any thread: the producer stops for good (wakes a pump blocked in {@link #awaitRoom()}). */
    synchronized void stop() {
        stopped = true;
        notifyAll();
    }

    synchronized long peak() {
        return peak;
    }

    synchronized long inFlight() {
        return inFlight;
    }
}
