package io.loopbridge.core;

/**
 * The writing half of a TCP connection or a process's standard input, asyncio's {@code StreamWriter}:
 * {@link #write(byte[])} never blocks and never fails for the stream's state (it buffers);
 * {@link #drain()} is the backpressure: its future is pending while more than the high-water mark is
 * unsent and completes once the buffer is down to the low-water mark ({@link StreamLimits}).
 *
 * <pre>{@code
 * out.write(chunk);
 * return out.drain().thenCompose(v -> sendRest());   // waits only if the peer is not keeping up
 * }</pre>
 *
 * <ul>
 *   <li><b>Writing after {@link #close()} or {@link #writeEof()}</b> is a bug in the caller:
 *       {@code write} throws {@link IllegalStateException}, and {@code drain()} fails with
 *       {@link StreamClosedException}.</li>
 *   <li><b>Writing after the connection broke</b> is not: the bytes are dropped and the next
 *       {@code drain()} (and {@link #closed()}) fails with the connection's error
 *       ({@link ConnectionResetException} for a reset or broken pipe).</li>
 *   <li><b>Cancelling</b> a pending drain (or the task it was created in) loses nothing: the bytes stay
 *       buffered and are sent.</li>
 * </ul>
 *
 * <p><b>Threading.</b> Loop thread only. The futures complete on the loop thread.
 */
public interface AsyncStreamWriter {

    /**
     * Queues {@code data} (copied) to be sent; sends at once what the socket or pipe takes without
     * waiting. Loop thread.
     *
     * @throws IllegalStateException if this writer was closed or had {@link #writeEof()} called
     */
    void write(byte[] data);

    /**
     * Done at once while at most the high-water mark is unsent; otherwise completes once the buffer is
     * down to the low-water mark. Fails with the connection's error if it broke, and with
     * {@link StreamClosedException} after {@link #close()}. Loop thread.
     */
    LoopFuture<Void> drain();

    /**
     * Sends what is buffered, then ends the output (a TCP half-close; for a process, closes its
     * standard input); the reading half stays open. Idempotent. Loop thread.
     */
    void writeEof();

    /**
     * Sends what is buffered, then closes (for a connection: the whole connection, see
     * {@link StreamConnection#close()}). Idempotent. Loop thread.
     */
    void close();

    /**
     * Completes once this writer is closed and its buffer sent (asyncio's {@code wait_closed}); fails
     * with the connection's error if it broke first. A new future per call, which belongs to the calling
     * task (cancelling it changes nothing else). Loop thread.
     */
    LoopFuture<Void> closed();

    /** Whether {@link #close()} or {@link #writeEof()} was called, or the connection broke. Loop thread. */
    boolean isClosing();

    /** Bytes buffered and not yet sent. Loop thread. */
    long bufferedBytes();
}
