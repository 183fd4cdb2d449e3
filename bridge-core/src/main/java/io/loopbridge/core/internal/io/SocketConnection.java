package io.loopbridge.core.internal.io;

import io.loopbridge.core.AsyncStreamReader;
import io.loopbridge.core.AsyncStreamWriter;
import io.loopbridge.core.ConnectionResetException;
import io.loopbridge.core.StreamConnection;
import io.loopbridge.core.StreamLimits;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * A connected TCP socket: its {@link StreamReaderImpl}, fed by the I/O thread, and its
 * {@link SocketWriter}, which writes from the loop thread.
 *
 * <p><b>Reading</b> happens on the I/O thread ({@link #ready}): one read of at most
 * {@link IoService#CHUNK} bytes per select round and socket, copied and posted to the reader. The
 * {@link FlowGate} drops read interest once the reader is far enough behind, and restores it when the
 * reader catches up.
 *
 * <p><b>Writing</b> happens on the loop thread: a write goes straight to the socket when nothing is
 * queued (non-blocking: the kernel takes what fits); the rest is queued, write interest is set, and the I/O
 * thread's "writable" event makes the loop thread write again.
 *
 * <p><b>Threading.</b> Created on the I/O thread or the loop thread, published to the loop thread through
 * the {@link LoopPost}; {@link #ready} on the I/O thread; everything else on the loop thread.
 * {@link #key} is written once, before the connection is published.
 */
final class SocketConnection implements StreamConnection, IoThread.Ready {
    private final IoService io;
    final SocketChannel channel;
    /** Written once on the I/O thread, before the connection is published to the loop thread. */
    volatile SelectionKey key;
    private final Flow flow;
    private final StreamReaderImpl reader;
    private final SocketWriter writer;
    private final InetSocketAddress local;
    private final InetSocketAddress remote;
    private final String what;
    /** The input ended or failed: no more read interest. Written on the I/O thread. */
    private volatile boolean inputDone;

    SocketConnection(IoService io, SocketChannel channel, StreamLimits limits) throws IOException {
        this.io = io;
        this.channel = channel;
        this.local = (InetSocketAddress) channel.getLocalAddress();
        this.remote = (InetSocketAddress) channel.getRemoteAddress();
        this.what = "connection " + local + " -> " + remote;
        this.flow = new Flow(2L * limits.readLimit());
        this.reader = new StreamReaderImpl(io.loop, limits.readLimit(), flow, what);
        this.writer = new SocketWriter(limits);
    }

    /** Read-side backpressure by read interest (see {@link FlowGate}). */
    private final class Flow extends FlowGate {
        Flow(long threshold) {
            super(threshold);
        }

        @Override
        void onPause() {
            setInterest(SelectionKey.OP_READ, false);
        }

        @Override
        void onResume() {
            if (!inputDone) setInterest(SelectionKey.OP_READ, true);
        }

        @Override
        void afterResume() {
            io.ioThread().wakeup();
        }
    }

    private void setInterest(int op, boolean on) {
        SelectionKey k = key;
        if (k == null) return;
        try {
            if (on) k.interestOpsOr(op);
            else k.interestOpsAnd(~op);
        } catch (CancelledKeyException closed) {
            // closed meanwhile
        }
    }

    // ---- the I/O thread ----

    @Override
    public void ready(SelectionKey k, IoThread t) {
        int ops = k.readyOps();
        if ((ops & SelectionKey.OP_WRITE) != 0) {
            k.interestOpsAnd(~SelectionKey.OP_WRITE);
            io.post(writer::onWritable);
        }
        if ((ops & SelectionKey.OP_READ) != 0 && !inputDone) readOnce(k, t.readBuffer);
    }

    private void readOnce(SelectionKey k, ByteBuffer buf) {
        int n;
        buf.clear();
        try {
            n = channel.read(buf);
        } catch (IOException e) {
            inputDone = true;
            k.interestOpsAnd(~SelectionKey.OP_READ);
            ConnectionResetException x = reset("read", e);
            io.post(() -> broken(x));
            return;
        }
        if (n < 0) {
            inputDone = true;
            k.interestOpsAnd(~SelectionKey.OP_READ);
            io.post(reader::feedEof);
        } else if (n > 0) {
            byte[] chunk = new byte[n];
            buf.flip();
            buf.get(chunk);
            flow.delivered(n);
            io.post(() -> reader.feed(chunk));
        }
    }

    private ConnectionResetException reset(String op, IOException e) {
        return new ConnectionResetException("the " + what + " broke during a " + op + ": " + e.getMessage(), e);
    }

    // ---- the loop thread ----

    /** Loop thread: the connection broke: both halves fail, and the socket is released. */
    void broken(IOException e) {
        reader.feedError(e);
        writer.broken(e);
        release();
    }

    /** Loop thread: closes at once, dropping what is buffered (the loop is closing, or nobody took it). */
    void abort() {
        reader.closeLocally();
        writer.broken(new io.loopbridge.core.StreamClosedException("the " + what + " was aborted"));
        release();
    }

    private void release() {
        IoThread.closeQuietly(channel);
        io.forget(channel);
        io.ioThread().wakeup(); // the selector deregisters the key, which frees the socket
    }

    @Override
    public AsyncStreamReader reader() {
        return reader;
    }

    @Override
    public AsyncStreamWriter writer() {
        return writer;
    }

    @Override
    public void close() {
        reader.closeLocally();
        writer.close();
    }

    @Override
    public InetSocketAddress localAddress() {
        return local;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    StreamReaderImpl readerImpl() {
        return reader;
    }

    @Override
    public String toString() {
        return what;
    }

    /** The writer: straight to the socket when it can, else queued until the I/O thread says "writable". */
    final class SocketWriter extends WriterBase {
        /** Bytes not yet written, in order. Loop thread. */
        private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
        /** Write interest is set: the I/O thread will post {@link #onWritable}. Loop thread. */
        private boolean awaitingWritable;
        /** Whether output was shut down (after writeEof, once flushed). Loop thread. */
        private boolean outputShut;

        SocketWriter(StreamLimits limits) {
            super(io.loop, limits, SocketConnection.this.what);
        }

        @Override
        void send(byte[] data) {
            if (awaitingWritable || !queue.isEmpty()) {
                queue.add(ByteBuffer.wrap(data.clone()));
                if (!awaitingWritable) flush(); // else flushed when the socket is writable again
                return;
            }
            // Nothing queued: straight from the caller's array to the socket; only what the kernel does not
            // take now is copied (the caller may reuse its array once write() returns).
            ByteBuffer b = ByteBuffer.wrap(data);
            int n;
            try {
                n = channel.write(b);
            } catch (IOException e) {
                SocketConnection.this.broken(reset("write", e));
                return;
            }
            if (n > 0) sent(n);
            if (!b.hasRemaining()) return;
            queue.add(ByteBuffer.wrap(Arrays.copyOfRange(data, b.position(), data.length)));
            awaitingWritable = true;
            setInterest(SelectionKey.OP_WRITE, true);
            io.ioThread().wakeup();
        }

        @Override
        void shutdown(boolean close) {
            if (!awaitingWritable) flush();
        }

        /** Loop thread: the I/O thread saw the socket writable. */
        void onWritable() {
            awaitingWritable = false;
            if (error == null && !finished) flush();
        }

        /** Writes what the socket takes; arms write interest for the rest; ends the output once all is out. */
        private void flush() {
            long wrote = 0;
            try {
                while (!queue.isEmpty()) {
                    ByteBuffer b = queue.peek();
                    int n = channel.write(b);
                    wrote += n;
                    if (b.hasRemaining()) break;
                    queue.poll();
                }
            } catch (IOException e) {
                if (wrote > 0) sent(wrote);
                SocketConnection.this.broken(reset("write", e));
                return;
            }
            if (wrote > 0) sent(wrote);
            if (!queue.isEmpty()) {
                awaitingWritable = true;
                setInterest(SelectionKey.OP_WRITE, true);
                io.ioThread().wakeup();
                return;
            }
            if (closeRequested) {
                release();
                ended();
            } else if (eofRequested && !outputShut) {
                outputShut = true;
                try {
                    channel.shutdownOutput();
                } catch (IOException e) {
                    SocketConnection.this.broken(reset("shutdown of the output", e));
                }
            }
        }

        @Override
        void broken(IOException e) {
            queue.clear();
            super.broken(e);
        }
    }
}
