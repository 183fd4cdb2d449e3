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
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * A connected TCP socket: its {@link StreamReaderImpl}, fed by the I/O thread or reading on the loop
 * thread, and its {@link SocketWriter}, which writes from the loop thread.
 *
 * <p><b>Reading</b> is done by one thread at a time, the I/O thread or the loop thread, handed between them
 * in stream order:
 * <ul>
 *   <li>The <b>I/O thread</b> reads when the socket is readable ({@link #ready}): one read of at most
 *       {@link IoService#CHUNK} bytes per select round, copied and posted to the reader. A reply, a line, a
 *       request costs one post; its wake-up is the loop's coalesced one.</li>
 *   <li>When that read filled the whole chunk (more is waiting, most likely) or the reader is behind (its
 *       {@link FlowGate} is at the pause point), the I/O thread <b>hands the reads over</b>: it drops read
 *       interest, stops reading ({@link #ioReads}), and posts the chunk as the hand-over
 *       ({@link #handedOver}). From then on the loop thread reads ({@link Pull}), as the reader asks for
 *       bytes: a chunk straight from the socket, without the hop through the I/O thread, the loop's host
 *       and back that each chunk cost before (for a UI loop, a toolkit post per chunk, and a selector
 *       wake-up per pause: most of a chunk's cost on the FX thread; see {@code docs/streams.md}).</li>
 *   <li>When a read on the loop thread finds nothing (or the reader pulled its budget), the loop thread
 *       <b>gives the reads back</b>: sets {@link #ioReads}, restores read interest, and wakes the selector if
 *       it is waiting in {@code select} ({@link IoThread#wakeup()}).</li>
 * </ul>
 * <b>Order.</b> The I/O thread reads nothing after the chunk that hands the reads over, and the
 * {@link LoopPost} runs events in order, so when the loop thread takes over, every byte the I/O thread read
 * is in the reader already; the loop thread stops reading before it gives the reads back (a volatile write
 * the I/O thread reads before its next read). So the two never read at once, and the bytes reach the reader
 * in the order they came off the socket. <b>Bound.</b> The I/O thread stops once its gate is full, and the
 * loop thread reads only while the reader needs bytes and the gate is below its threshold (at most
 * {@link StreamReaderImpl#PULL_BUDGET} per request served), so what is read and not consumed stays below the
 * threshold plus one chunk, as before. A reader that stops reading stops the reads (nobody reads while the
 * loop thread holds them and nothing asks), the kernel buffers fill, and the peer blocks; an end or a reset
 * of the stream is then seen at the next read request (as asyncio's paused transport sees it on resuming).
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
    private final FlowGate flow;
    private final StreamReaderImpl reader;
    private final SocketWriter writer;
    private final InetSocketAddress local;
    private final InetSocketAddress remote;
    private final String what;
    /** The input ended or failed: no more read interest. Written on the thread that read the end. */
    private volatile boolean inputDone;
    /**
     * Whether the I/O thread reads this socket. Cleared by the I/O thread when it hands the reads over
     * (before the event saying so is posted); set by the loop thread when it gives them back (after its last
     * read, before read interest is restored). See the class javadoc.
     */
    private volatile boolean ioReads = true;
    /** Whether the loop thread reads: from the hand-over event until it gives the reads back. Loop thread. */
    private boolean loopReads;
    /** Hand-overs to the loop thread, and reads given back to the I/O thread, so far (for the tests). Loop thread. */
    int handOvers, givenBack;

    SocketConnection(IoService io, SocketChannel channel, StreamLimits limits) throws IOException {
        this.io = io;
        this.channel = channel;
        this.local = (InetSocketAddress) channel.getLocalAddress();
        this.remote = (InetSocketAddress) channel.getRemoteAddress();
        this.what = "connection " + local + " -> " + remote;
        // The gate counts and bounds what is in flight; who reads is decided here (the class javadoc), so
        // its pause and resume hooks stay the base class's no-ops.
        this.flow = new FlowGate(2L * limits.readLimit());
        this.reader = new StreamReaderImpl(io.loop, limits.readLimit(), flow, what);
        this.reader.pullFrom(new Pull());
        this.writer = new SocketWriter(limits);
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
        if ((ops & SelectionKey.OP_READ) != 0 && !inputDone && ioReads) readOnce(k, t.readBuffer);
    }

    /**
     * I/O thread: one read of at most a chunk, posted as one event. If the reader is behind (the gate is
     * full) or the read filled the chunk (more is waiting, most likely), the reads are handed over to the
     * loop thread with it (see the class javadoc).
     */
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
            boolean behind = flow.delivered(n);
            if (behind || n == buf.capacity()) {
                k.interestOpsAnd(~SelectionKey.OP_READ);
                ioReads = false; // no read of this thread follows: the next is the loop thread's, after this event
                io.post(() -> handedOver(chunk));
            } else {
                io.post(() -> reader.feed(chunk));
            }
        }
    }

    /** Loop thread: the I/O thread's last chunk before it handed the reads over; the loop thread reads on. */
    private void handedOver(byte[] chunk) {
        loopReads = true;
        handOvers++;
        reader.feed(chunk); // serves the pending request, pulling the rest from the socket if it needs more
    }

    // ---- the loop thread's reads ----

    /** The reader's side of the hand-over: reads on the loop thread while it holds the reads. Loop thread. */
    private final class Pull implements StreamReaderImpl.Source {
        @Override
        public int pull() {
            if (!loopReads) return 0;
            ByteBuffer buf = io.loopReadBuffer();
            buf.clear();
            int n;
            try {
                n = channel.read(buf);
            } catch (ClosedChannelException closed) { // closed on this side (the writer's close): as the I/O thread, read no more
                loopReads = false;
                return 0;
            } catch (IOException e) {
                loopReads = false;
                inputDone = true;
                ConnectionResetException x = reset("read", e);
                io.post(() -> broken(x)); // after this serve(): the reader fails once its buffer is read
                return 0;
            }
            if (n < 0) {
                loopReads = false;
                inputDone = true;
                reader.acceptEof();
                return 1;
            }
            if (n == 0) {
                resumeProducer();
                return 0;
            }
            byte[] chunk = new byte[n];
            buf.flip();
            buf.get(chunk);
            flow.delivered(n);
            reader.accept(chunk);
            return n;
        }

        @Override
        public void resumeProducer() {
            if (!loopReads) return;
            loopReads = false;
            if (inputDone || !channel.isOpen()) return;
            givenBack++;
            ioReads = true; // before the interest: the I/O thread's read follows its select, which follows this
            setInterest(SelectionKey.OP_READ, true);
            io.ioThread().wakeup();
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

    /** Whether the loop thread holds the reads now (for the tests). Loop thread. */
    boolean loopReads() {
        return loopReads;
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
