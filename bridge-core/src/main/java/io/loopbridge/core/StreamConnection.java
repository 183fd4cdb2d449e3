package io.loopbridge.core;

import java.net.InetSocketAddress;

/**
 * A TCP connection on the loop, from {@link EventLoop#openConnection} or handed to the handler of
 * {@link EventLoop#startServer}: asyncio's {@code (reader, writer)} pair.
 *
 * <pre>{@code
 * loop.openConnection("127.0.0.1", port).thenCompose(c -> {
 *     c.writer().write("hello\n".getBytes(StandardCharsets.UTF_8));
 *     return c.reader().readLine().whenComplete((line, e) -> c.close());
 * });
 * }</pre>
 *
 * <p>The connection belongs to its loop: closing the loop closes it. It does not belong to a task
 * (cancelling the task that opened it cancels its pending reads and drains, which leaves it usable).
 *
 * <p><b>Threading.</b> Loop thread only; its futures complete on the loop thread. Its socket is
 * watched by the loop's one I/O thread (see {@code docs/streams.md}).
 */
public interface StreamConnection extends AutoCloseable {

    /** The reading half. Loop thread. */
    AsyncStreamReader reader();

    /** The writing half. Loop thread. */
    AsyncStreamWriter writer();

    /**
     * Closes the connection: a pending read fails with {@link StreamClosedException} and unread bytes are
     * dropped; what the writer buffered is still sent, then the socket closes (see
     * {@link AsyncStreamWriter#closed()}). Idempotent. Loop thread.
     */
    @Override
    void close();

    /** This end's address. Safe from any thread. */
    InetSocketAddress localAddress();

    /** The peer's address. Safe from any thread. */
    InetSocketAddress remoteAddress();
}
