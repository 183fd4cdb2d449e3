package io.loopbridge.core;

import java.net.InetSocketAddress;

/**
 * A listening TCP socket on the loop, from {@link EventLoop#startServer}: asyncio's {@code Server}. Its
 * handler runs on the loop thread once per accepted connection.
 *
 * <p>{@link #close()} stops listening (the port is released at once); connections already accepted stay
 * open until they are closed (as in asyncio). Closing the loop closes the server and every connection.
 *
 * <p><b>Threading.</b> Loop thread only, except the queries that say otherwise.
 */
public interface StreamServer extends AutoCloseable {

    /** The address the server is bound to (with the real port if 0 was asked for). Safe from any thread. */
    InetSocketAddress address();

    /** Stops accepting and closes the listening socket. Idempotent. Loop thread. */
    @Override
    void close();

    /** Whether {@link #close()} was called (or the loop closed). Safe from any thread. */
    boolean isClosed();

    /**
     * Completes once the server is closed: asyncio's {@code serve_forever()} and {@code wait_closed()} in
     * one. A new future per call, which belongs to the calling task. Loop thread.
     */
    LoopFuture<Void> closed();
}
