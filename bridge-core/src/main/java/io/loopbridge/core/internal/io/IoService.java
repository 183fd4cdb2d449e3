package io.loopbridge.core.internal.io;

import io.loopbridge.core.EventLoop;
import io.loopbridge.core.LoopFuture;
import io.loopbridge.core.StreamConnection;
import io.loopbridge.core.StreamLimits;
import io.loopbridge.core.StreamServer;
import io.loopbridge.core.Subprocess;
import io.loopbridge.core.internal.Checks;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A loop's streams and subprocesses: what {@code EventLoop.openConnection}, {@code startServer} and
 * {@code subprocess} delegate to. Built on the public {@link EventLoop} API only ({@code createFuture},
 * {@code execute}, {@code runInExecutor}, {@code createEagerTask}) and the JDK.
 *
 * <p><b>Threads</b> (also in {@code docs/streams.md}):
 * <ul>
 *   <li>{@code "<loop>-io"}: the one {@link IoThread} of the loop, started by its first socket, ended by
 *       {@link #close()}. Never one per connection.</li>
 *   <li>{@code "<loop>-pipe-<pid>-<stream>"}: one pump per piped stream of a process (virtual on JDK 21+,
 *       daemon before), ending with its pipe; see {@link Pumps}.</li>
 *   <li>The loop's executor resolves host names: every host string but a canonical IPv4 literal, which is
 *       parsed ({@link HostNames}); <b>no lookup ever runs on the loop thread</b>.</li>
 *   <li>The JDK's process reaper reports exits; the JDK's delayed-task thread kills a process that ignored
 *       a cancellation's SIGTERM for {@link SubprocessImpl#KILL_GRACE_MILLIS} ms.</li>
 * </ul>
 *
 * <p><b>Ownership.</b> Every socket, server and process it opens is recorded here, and {@link #close()}
 * (called by the loop's close) releases all of them: it ends the I/O thread (which closes the selector and
 * every registered channel), closes what was never registered, and kills the processes, waiting up to
 * {@link #CLOSE_WAIT_MILLIS} for their pipes to close.
 *
 * <p><b>Threading.</b> The entry points on the loop thread (as every {@code EventLoop} method that is
 * not documented otherwise); {@link #close()} from any thread.
 */
public final class IoService {
    /** Largest chunk read at once from a socket or pipe: bounds what one read adds beyond a reader's limit. */
    static final int CHUNK = 64 * 1024;
    /** How long {@link #close()} waits for the I/O thread and for killed processes' pipes. */
    static final long CLOSE_WAIT_MILLIS = 2_000;
    /** How host names become addresses: called on the loop's executor only, never on the loop thread. */
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    final EventLoop loop;
    private final String name;
    private final Resolver resolver;
    private final LoopPost post;
    /** The I/O thread, once started. Created under {@code this}. */
    private volatile IoThread ioThread;
    private volatile boolean closed;
    /** Every open socket and server channel of the loop, registered or not. */
    private final Set<Channel> channels = ConcurrentHashMap.newKeySet();
    /** Every process started and not yet reaped with its pipes. */
    private final Set<SubprocessImpl> processes = ConcurrentHashMap.newKeySet();
    /** The buffer the loop thread reads sockets into (see {@link SocketConnection#pull}), once needed. Loop thread. */
    private ByteBuffer loopReadBuffer;

    public IoService(EventLoop loop, String name) {
        this(loop, name, InetAddress::getAllByName);
    }

    /** With {@code resolver} for host names (the tests record where it is called). */
    IoService(EventLoop loop, String name, Resolver resolver) {
        this.loop = Checks.notNull(loop, "loop");
        this.name = Checks.notNull(name, "name");
        this.resolver = Checks.notNull(resolver, "resolver");
        this.post = new LoopPost(loop);
    }

    // =====================================================================================
    // Connections
    // =====================================================================================

    public LoopFuture<StreamConnection> openConnection(String host, int port, StreamLimits limits) {
        Checks.notNull(host, "host");
        Checks.notNull(limits, "limits");
        if (port < 1 || port > 65535) throw new IllegalArgumentException("port: " + port + " (expected: 1..65535)");
        checkThread("openConnection");
        Connect attempt = new Connect();
        // What the caller gets: a task awaiting our plain future, so that cancelling it (directly, or by
        // cancelling the task that called us) cancels that future, whose hook abandons the attempt. The
        // hook is on our own future: nothing the caller sees gets a hidden dependent (see SubprocessImpl).
        attempt.result.whenComplete((c, e) -> {
            if (attempt.result.isCancelled()) attempt.abandon();
        });
        LoopFuture<StreamConnection> f = loop.createEagerTask(() -> attempt.result);
        resolve(host).whenComplete((addrs, e) -> {
            if (e != null) {
                attempt.result.completeExceptionally(unwrap(e));
            } else if (!attempt.result.isDone()) {
                connect(addrs, 0, port, host, limits, attempt, null);
            }
        });
        return f;
    }

    /**
     * One {@code openConnection}: its outcome, and the socket whose connect is in progress, so that
     * cancelling closes it at once (a connect to a host that does not answer would otherwise go on in the
     * kernel until it times out, minutes later).
     *
     * <p><b>Threading.</b> {@link #abandon()} on the cancelling thread (any); the rest on the loop and I/O
     * threads; {@link #inProgress} and {@link #abandoned} guarded by {@code this}.
     */
    private final class Connect {
        final CompletableFuture<StreamConnection> result = new CompletableFuture<>();
        private SocketChannel inProgress;
        private boolean abandoned;

        /** Records {@code ch} as the socket in progress; false (and closes it) if the attempt was abandoned. */
        boolean begin(SocketChannel ch) {
            synchronized (this) {
                if (!abandoned) {
                    inProgress = ch;
                    return true;
                }
            }
            release(ch);
            return false;
        }

        /** The connect of {@code ch} finished or failed: nothing to abandon any more. */
        synchronized void end(SocketChannel ch) {
            if (inProgress == ch) inProgress = null;
        }

        /** Cancelled: closes the socket in progress, if any; no further address is tried. Any thread. */
        void abandon() {
            SocketChannel ch;
            synchronized (this) {
                abandoned = true;
                ch = inProgress;
                inProgress = null;
            }
            if (ch != null) release(ch);
        }

        private void release(SocketChannel ch) {
            IoThread.closeQuietly(ch);
            forget(ch);
            IoThread t = ioThread;
            if (t != null) t.wakeup(); // the selector deregisters the key, which frees the socket
        }
    }

    /** Tries {@code addrs[i]}, then the next on failure; fails with the first error (the others suppressed). Loop thread. */
    private void connect(InetAddress[] addrs, int i, int port, String host, StreamLimits limits, Connect attempt, IOException first) {
        CompletableFuture<StreamConnection> f = attempt.result;
        if (f.isDone()) return; // cancelled
        if (i >= addrs.length) {
            f.completeExceptionally(first != null ? first : new UnknownHostException("no address for " + host));
            return;
        }
        InetSocketAddress to = new InetSocketAddress(addrs[i], port);
        Consumer<IOException> next = err -> {
            IOException x = connectError(host, to, err);
            if (first != null) first.addSuppressed(x);
            connect(addrs, i + 1, port, host, limits, attempt, first != null ? first : x);
        };
        SocketChannel ch;
        boolean connected;
        try {
            checkOpen();
            ch = SocketChannel.open();
            remember(ch);
            if (!attempt.begin(ch)) return;
            try {
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                connected = ch.connect(to);
            } catch (IOException | RuntimeException e) {
                attempt.end(ch);
                IoThread.closeQuietly(ch);
                forget(ch);
                throw e;
            }
        } catch (IOException e) {
            next.accept(e);
            return;
        } catch (RuntimeException e) { // an unresolved or unsupported address
            next.accept(new IOException(e.toString(), e));
            return;
        }
        IoThread t = ioThread();
        t.submit(() -> {
            try {
                if (connected) {
                    attempt.end(ch);
                    SocketConnection c = new SocketConnection(this, ch, limits);
                    c.key = t.register(ch, SelectionKey.OP_READ, c);
                    post(() -> handOver(c, f));
                } else {
                    t.register(ch, SelectionKey.OP_CONNECT, (IoThread.Ready) (k, io) -> finishConnect(k, io, ch, limits, attempt, next));
                }
            } catch (IOException e) { // includes a channel closed by abandon() meanwhile
                attempt.end(ch);
                IoThread.closeQuietly(ch);
                forget(ch);
                post(() -> next.accept(e));
            }
        });
    }

    /** I/O thread: the connect finished (or failed). */
    private void finishConnect(SelectionKey k, IoThread t, SocketChannel ch, StreamLimits limits, Connect attempt,
                               Consumer<IOException> next) {
        try {
            if (!ch.finishConnect()) return;
            attempt.end(ch);
            SocketConnection c = new SocketConnection(this, ch, limits);
            c.key = k;
            k.attach(c);
            k.interestOps(SelectionKey.OP_READ);
            post(() -> handOver(c, attempt.result));
        } catch (IOException e) { // refused, unreachable, or closed by abandon()
            attempt.end(ch);
            k.cancel();
            IoThread.closeQuietly(ch);
            forget(ch);
            post(() -> next.accept(e));
        }
    }

    /** Loop thread: completes the open; a connection nobody waits for any more (cancelled) is closed. */
    private static void handOver(SocketConnection c, CompletableFuture<StreamConnection> f) {
        if (!f.complete(c)) c.abort();
    }

    private static IOException connectError(String host, InetSocketAddress to, IOException e) {
        String msg = "cannot connect to " + host + ":" + to.getPort() + " (" + to.getAddress().getHostAddress() + "): " + e.getMessage();
        IOException x = e instanceof ConnectException ? new ConnectException(msg)
                : e instanceof NoRouteToHostException ? new NoRouteToHostException(msg) : new IOException(msg);
        x.initCause(e);
        return x;
    }

    // =====================================================================================
    // Servers
    // =====================================================================================

    public LoopFuture<StreamServer> startServer(Consumer<StreamConnection> handler, String host, int port, StreamLimits limits) {
        Checks.notNull(handler, "handler");
        Checks.notNull(host, "host");
        Checks.notNull(limits, "limits");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
        checkThread("startServer");
        LoopFuture<StreamServer> f = loop.createFuture();
        resolve(host).whenComplete((addrs, e) -> {
            if (e != null) {
                f.completeExceptionally(unwrap(e));
                return;
            }
            if (f.isDone()) return;
            InetSocketAddress at = new InetSocketAddress(addrs[0], port);
            ServerSocketChannel ch = null;
            try {
                checkOpen();
                ch = ServerSocketChannel.open();
                remember(ch);
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.SO_REUSEADDR, true); // as asyncio on POSIX: rebind past TIME_WAIT
                ch.bind(at, 1024);
                ServerImpl s = new ServerImpl(this, ch, handler, limits);
                ServerSocketChannel c = ch;
                IoThread t = ioThread();
                t.submit(() -> {
                    try {
                        t.register(c, SelectionKey.OP_ACCEPT, s);
                        post(() -> {
                            if (!f.complete(s)) s.close();
                        });
                    } catch (IOException x) {
                        IoThread.closeQuietly(c);
                        forget(c);
                        post(() -> f.completeExceptionally(x));
                    }
                });
            } catch (IOException x) {
                if (ch != null) {
                    IoThread.closeQuietly(ch);
                    forget(ch);
                }
                String msg = "cannot listen on " + host + ":" + port + " (" + at.getAddress().getHostAddress() + "): " + x.getMessage();
                IOException y = x instanceof BindException ? new BindException(msg) : new IOException(msg);
                y.initCause(x);
                f.completeExceptionally(y);
            }
        });
        return f;
    }

    // =====================================================================================
    // Subprocesses
    // =====================================================================================

    public LoopFuture<Subprocess> subprocess(ProcessBuilder builder, StreamLimits limits) {
        Checks.notNull(builder, "builder");
        Checks.notNull(limits, "limits");
        checkThread("subprocess");
        LoopFuture<Subprocess> f = loop.createFuture();
        try {
            checkOpen();
            SubprocessImpl p = SubprocessImpl.start(this, builder, limits);
            f.complete(p);
        } catch (IOException e) {
            f.completeExceptionally(e);
        }
        return f;
    }

    void started(SubprocessImpl p) {
        processes.add(p);
        if (closed) p.killForClose(); // close() ran meanwhile
    }

    void reaped(SubprocessImpl p) {
        processes.remove(p);
    }

    // =====================================================================================
    // Shared
    // =====================================================================================

    /**
     * The addresses of {@code host}: at once for a canonical IPv4 literal (parsed, see {@link HostNames}),
     * else from the {@link #resolver} on the loop's executor. Never a lookup on the loop thread. Loop thread.
     */
    private LoopFuture<InetAddress[]> resolve(String host) {
        InetAddress literal = HostNames.ipv4Literal(host);
        if (literal != null) {
            LoopFuture<InetAddress[]> f = loop.createFuture();
            f.complete(new InetAddress[] {literal});
            return f;
        }
        return loop.runInExecutor(() -> resolver.resolve(host));
    }

    private static Throwable unwrap(Throwable e) {
        while (e instanceof java.util.concurrent.CompletionException && e.getCause() != null) e = e.getCause();
        return e;
    }

    /** The loop thread's read buffer, reused: data is copied out before anything else runs. Loop thread. */
    ByteBuffer loopReadBuffer() {
        ByteBuffer b = loopReadBuffer;
        if (b == null) loopReadBuffer = b = ByteBuffer.allocateDirect(CHUNK);
        return b;
    }

    void post(Runnable event) {
        post.post(event);
    }

    LoopPost loopPost() {
        return post;
    }

    /** The I/O thread, started on first use. Any thread. */
    IoThread ioThread() {
        IoThread t = ioThread;
        if (t == null) {
            synchronized (this) {
                t = ioThread;
                if (t == null) {
                    if (closed) throw new java.util.concurrent.RejectedExecutionException("loop is closed: cannot start its I/O thread");
                    try {
                        ioThread = t = new IoThread(loop, name + "-io");
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException("cannot open a selector for " + name, e);
                    }
                }
            }
        }
        return t;
    }

    /** The I/O thread if it was started, else null (for the tests). */
    public Thread ioThreadIfStarted() {
        IoThread t = ioThread;
        return t == null ? null : t.thread();
    }

    /** How many sockets and servers of the loop are open now (for the tests). Any thread. */
    public int openChannels() {
        return channels.size();
    }

    String name() {
        return name;
    }

    void remember(Channel c) {
        channels.add(c);
        if (closed) IoThread.closeQuietly(c); // close() ran meanwhile: it may have missed this one
    }

    void forget(Channel c) {
        channels.remove(c);
    }

    private void checkOpen() throws IOException {
        if (closed) throw new io.loopbridge.core.StreamClosedException("the loop " + name + " is closed");
    }

    private void checkThread(String call) {
        if (loop.isDebug() && !loop.inEventLoop()) {
            throw new IllegalStateException(call + "() is for the loop thread, but was called on thread '" + Thread.currentThread().getName() + "'");
        }
    }

    /**
     * Releases everything the loop opened: ends the I/O thread (it closes the selector and every registered
     * channel), closes the channels that were never registered, kills every process and waits (at most
     * {@link #CLOSE_WAIT_MILLIS} in all) for its pipes to close. Idempotent. Any thread.
     */
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
        }
        long deadline = System.nanoTime() + CLOSE_WAIT_MILLIS * 1_000_000;
        List<SubprocessImpl> procs = new ArrayList<>(processes);
        for (SubprocessImpl p : procs) p.killForClose();
        IoThread t = ioThread;
        if (t != null) t.shutdown(CLOSE_WAIT_MILLIS);
        for (Channel c : new ArrayList<>(channels)) IoThread.closeQuietly(c);
        channels.clear();
        for (SubprocessImpl p : procs) p.awaitPipes(Math.max(0, deadline - System.nanoTime()));
    }
}
