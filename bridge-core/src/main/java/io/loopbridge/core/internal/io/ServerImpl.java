package io.loopbridge.core.internal.io;

import io.loopbridge.core.ErrorContext;
import io.loopbridge.core.LoopFuture;
import io.loopbridge.core.StreamConnection;
import io.loopbridge.core.StreamLimits;
import io.loopbridge.core.StreamServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A listening socket: the I/O thread accepts (up to {@link #ACCEPTS_PER_ROUND} per select round),
 * registers each new socket for reading, and posts it to the loop thread, which calls the handler.
 *
 * <p><b>Closing</b> runs on the I/O thread: cancel the key, close the channel, and select once so the
 * selector deregisters it, which is when the JDK really closes a registered listening socket; only then
 * is the port free (no connection can be queued on it any more), and only then does {@link #closed()}
 * complete.
 *
 * <p><b>Threading.</b> {@link #ready} on the I/O thread; {@link #address()} and {@link #isClosed()} from
 * any thread; the rest on the loop thread ({@link #closeRequested} is volatile for the I/O thread).
 */
final class ServerImpl implements StreamServer, IoThread.Ready {
    /** Accepts per select round, so one busy listener cannot starve the sockets. */
    private static final int ACCEPTS_PER_ROUND = 256;

    private final IoService io;
    private final ServerSocketChannel channel;
    private final Consumer<StreamConnection> handler;
    private final StreamLimits limits;
    private final InetSocketAddress address;
    private volatile boolean closeRequested;
    /** The I/O thread has closed and deregistered the socket. Loop thread. */
    private boolean closedDone;
    private final List<LoopFuture<Void>> closedWaiters = new ArrayList<>(1);

    ServerImpl(IoService io, ServerSocketChannel channel, Consumer<StreamConnection> handler, StreamLimits limits) throws IOException {
        this.io = io;
        this.channel = channel;
        this.handler = handler;
        this.limits = limits;
        this.address = (InetSocketAddress) channel.getLocalAddress();
    }

    @Override
    public void ready(SelectionKey key, IoThread t) {
        for (int i = 0; i < ACCEPTS_PER_ROUND && !closeRequested; i++) {
            SocketChannel c;
            try {
                c = channel.accept();
            } catch (IOException e) {
                // a connection that died in the backlog (ECONNABORTED), or out of descriptors: report, go on
                io.post(() -> io.loop.callExceptionHandler(new ErrorContext("accept() failed on the server at " + address, e, this)));
                return;
            }
            if (c == null) return;
            SocketConnection conn;
            try {
                c.configureBlocking(false);
                c.setOption(StandardSocketOptions.TCP_NODELAY, true);
                io.remember(c);
                conn = new SocketConnection(io, c, limits);
                conn.key = t.register(c, SelectionKey.OP_READ, conn);
            } catch (IOException e) {
                IoThread.closeQuietly(c);
                io.forget(c);
                continue; // the peer went away already
            }
            io.post(() -> accepted(conn));
        }
    }

    /** Loop thread: hands {@code conn} to the handler (or drops it if the server closed meanwhile). */
    private void accepted(SocketConnection conn) {
        if (closeRequested) {
            conn.abort();
            return;
        }
        try {
            handler.accept(conn);
        } catch (RuntimeException | LinkageError | AssertionError e) {
            io.loop.callExceptionHandler(new ErrorContext("The handler of the server at " + address + " threw on " + conn
                    + ": the connection is closed", e, this));
            conn.close();
        }
    }

    @Override
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public void close() {
        if (closeRequested) return;
        closeRequested = true;
        io.ioThread().submit(() -> {
            SelectionKey k = channel.keyFor(io.ioThread().selector);
            if (k != null) k.cancel();
            IoThread.closeQuietly(channel);
            try {
                io.ioThread().selector.selectNow(); // deregisters the key: the JDK closes the socket now
            } catch (IOException ignored) {
                // the socket is closed with the selector anyway
            }
            io.forget(channel);
            io.post(this::closedDone);
        });
    }

    private void closedDone() {
        closedDone = true;
        List<LoopFuture<Void>> w = new ArrayList<>(closedWaiters);
        closedWaiters.clear();
        for (LoopFuture<Void> f : w) f.complete(null);
    }

    @Override
    public boolean isClosed() {
        return closeRequested;
    }

    @Override
    public LoopFuture<Void> closed() {
        LoopFuture<Void> f = io.loop.createFuture();
        if (closedDone) f.complete(null);
        else closedWaiters.add(f);
        return f;
    }

    @Override
    public String toString() {
        return "server at " + address + (closeRequested ? " (closed)" : "");
    }
}
