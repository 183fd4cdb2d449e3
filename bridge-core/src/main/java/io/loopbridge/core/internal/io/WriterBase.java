package io.loopbridge.core.internal.io;

import io.loopbridge.core.AsyncStreamWriter;
import io.loopbridge.core.EventLoop;
import io.loopbridge.core.LoopFuture;
import io.loopbridge.core.StreamClosedException;
import io.loopbridge.core.StreamLimits;
import io.loopbridge.core.internal.Checks;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What every {@link AsyncStreamWriter} shares: the count of bytes buffered, the drain and close waiters,
 * and the state machine; a subclass moves the bytes ({@link #send}, {@link #shutdown}) and reports back
 * with {@link #sent}, {@link #ended} and {@link #broken}.
 *
 * <p><b>State</b> (loop thread): open; then {@link #eofRequested} (output ends once flushed) and/or
 * {@link #closeRequested} (the stream closes once flushed); then {@link #finished} (terminal: closed, the
 * buffer sent) or {@link #error} (terminal: broken, the buffer dropped).
 *
 * <p><b>Waiters</b> are plain {@link EventLoop#createFuture()} futures, so they belong to the calling task;
 * nothing is attached to them, and a cancelled one is skipped when the waiters are completed (its bytes
 * are still sent: cancelling a drain loses nothing).
 *
 * <p><b>Threading.</b> Loop thread only; every field is confined to it.
 */
abstract class WriterBase implements AsyncStreamWriter {
    final EventLoop loop;
    final String what;
    private final long lowWater;
    private final long highWater;
    /** Bytes accepted by {@link #write} and not yet reported {@link #sent}. */
    private long buffered;
    private final List<LoopFuture<Void>> drainWaiters = new ArrayList<>(1);
    private final List<LoopFuture<Void>> closedWaiters = new ArrayList<>(1);
    boolean eofRequested;
    boolean closeRequested;
    /** Terminal: closed with everything sent. */
    boolean finished;
    /** Terminal: the stream broke. */
    IOException error;

    WriterBase(EventLoop loop, StreamLimits limits, String what) {
        this.loop = loop;
        this.lowWater = limits.writeLowWater();
        this.highWater = limits.writeHighWater();
        this.what = what;
    }

    /**
     * Subclass: send {@code data} after what is already buffered. {@code data} is the caller's array, valid
     * only during this call: what is not written before it returns must be copied.
     */
    abstract void send(byte[] data);

    /** Subclass: once everything buffered is sent, end the output ({@code close}: and close the stream). */
    abstract void shutdown(boolean close);

    final void checkThread(String call) {
        if (loop.isDebug() && !loop.inEventLoop()) {
            throw new IllegalStateException(call + "() is for the loop thread, but was called on thread '" + Thread.currentThread().getName() + "'");
        }
    }

    @Override
    public final void write(byte[] data) {
        Checks.notNull(data, "data");
        checkThread("write");
        if (closeRequested || eofRequested) {
            throw new IllegalStateException("write() after " + (closeRequested ? "close()" : "writeEof()") + " on the " + what
                    + ": " + data.length + " bytes not sent");
        }
        if (error != null || data.length == 0) return; // broken: dropped, and the next drain() says why
        buffered += data.length;
        send(data);
    }

    @Override
    public final LoopFuture<Void> drain() {
        checkThread("drain");
        LoopFuture<Void> f = loop.createFuture();
        if (error != null) f.completeExceptionally(error);
        else if (closeRequested) f.completeExceptionally(new StreamClosedException("drain() after close() on the " + what));
        else if (buffered <= highWater) f.complete(null);
        else drainWaiters.add(f);
        return f;
    }

    @Override
    public final void writeEof() {
        checkThread("writeEof");
        if (eofRequested || closeRequested || error != null) return;
        eofRequested = true;
        shutdown(false);
    }

    @Override
    public final void close() {
        checkThread("close");
        if (closeRequested || error != null) return;
        closeRequested = true;
        failAll(drainWaiters, () -> new StreamClosedException("the " + what + " was closed while a drain() was pending"));
        shutdown(true);
    }

    @Override
    public final LoopFuture<Void> closed() {
        checkThread("closed");
        LoopFuture<Void> f = loop.createFuture();
        if (error != null) f.completeExceptionally(error);
        else if (finished) f.complete(null);
        else closedWaiters.add(f);
        return f;
    }

    @Override
    public final boolean isClosing() {
        return closeRequested || eofRequested || error != null;
    }

    @Override
    public final long bufferedBytes() {
        return buffered;
    }

    /** Loop thread: {@code n} buffered bytes went out. */
    final void sent(long n) {
        buffered -= n;
        if (buffered <= lowWater && !drainWaiters.isEmpty()) {
            List<LoopFuture<Void>> w = new ArrayList<>(drainWaiters);
            drainWaiters.clear();
            for (LoopFuture<Void> f : w) f.complete(null); // a cancelled one stays cancelled
        }
    }

    /** Loop thread: the stream is closed, everything sent (terminal). */
    final void ended() {
        if (finished || error != null) return;
        finished = true;
        List<LoopFuture<Void>> w = new ArrayList<>(closedWaiters);
        closedWaiters.clear();
        for (LoopFuture<Void> f : w) f.complete(null);
    }

    /** Loop thread: the stream broke (terminal): the buffer is dropped and every waiter fails with {@code e}. */
    void broken(IOException e) {
        if (finished || error != null) return;
        error = e;
        buffered = 0;
        failAll(drainWaiters, () -> e);
        failAll(closedWaiters, () -> e);
    }

    private static void failAll(List<LoopFuture<Void>> waiters, java.util.function.Supplier<? extends Throwable> e) {
        if (waiters.isEmpty()) return;
        List<LoopFuture<Void>> w = new ArrayList<>(waiters);
        waiters.clear();
        for (LoopFuture<Void> f : w) f.completeExceptionally(e.get());
    }

    @Override
    public String toString() {
        return "writer of the " + what + "[buffered=" + buffered + (eofRequested ? ", eof" : "") + (closeRequested ? ", closing" : "")
                + (finished ? ", closed" : "") + (error != null ? ", broken" : "") + "]";
    }
}
