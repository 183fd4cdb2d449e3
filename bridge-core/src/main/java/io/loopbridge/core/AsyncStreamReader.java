package io.loopbridge.core;

import java.nio.charset.Charset;

/**
 * The reading half of a TCP connection or of a process's output, asyncio's {@code StreamReader}: each
 * read returns a {@link LoopFuture} that completes on the loop thread once the bytes it asks for have
 * arrived.
 *
 * <pre>{@code
 * LoopFuture<Void> printLines(AsyncStreamReader in) {
 *     return in.readLine().thenCompose(line -> {
 *         if (line == null) return CompletableFuture.completedFuture(null);   // end of stream
 *         label.setText(line);
 *         return printLines(in);
 *     });
 * }
 * }</pre>
 *
 * <ul>
 *   <li><b>One read at a time</b> (as in asyncio): a read while another is pending throws
 *       {@link IllegalStateException}.</li>
 *   <li><b>Cancelling</b> a pending read (directly, by a timeout, or by cancelling the {@link Task} it was
 *       created in: it belongs to that task) leaves the stream usable and loses no byte: whatever
 *       arrived stays for the next read.</li>
 *   <li><b>Limits</b>: see {@link StreamLimits}. The reader buffers at most about twice the read limit
 *       (more only while a {@code readExactly(n)} needs {@code n}); past that it stops taking bytes from
 *       the socket or pipe, so a slow reader slows the peer down.</li>
 *   <li><b>Errors</b>: bytes that arrived before the connection broke are still read first; then reads
 *       fail with the error ({@link ConnectionResetException} ...). After {@link StreamConnection#close()}
 *       reads fail with {@link StreamClosedException}.</li>
 * </ul>
 *
 * <p><b>Threading.</b> Loop thread only. The futures complete on the loop thread.
 */
public interface AsyncStreamReader {

    /**
     * Up to {@code max} bytes: those buffered, or, if none are, the next that arrive; an empty array at
     * the end of the stream. {@code read(0)} is an empty array at once. Loop thread.
     *
     * @throws IllegalArgumentException if {@code max < 0}
     * @throws IllegalStateException    if another read is pending
     */
    LoopFuture<byte[]> read(int max);

    /**
     * Exactly {@code n} bytes; fails with {@link IncompleteReadException} (carrying the bytes that did
     * arrive, which it takes from the stream) if the stream ends first. {@code n} may exceed the read
     * limit: the reader then buffers up to {@code n}. Loop thread.
     *
     * @throws IllegalArgumentException if {@code n < 0}
     * @throws IllegalStateException    if another read is pending
     */
    LoopFuture<byte[]> readExactly(int n);

    /**
     * The next line decoded as UTF-8, without its terminator ({@code "\n"} or {@code "\r\n"}); the
     * last line even if unterminated; then null at the end of the stream, like
     * {@link java.io.BufferedReader#readLine()}. Decoding is strict: a line that is not valid UTF-8 fails
     * with {@link MalformedLineException}, which carries its bytes (the line is consumed; the next read
     * goes on after it). A line longer than the read limit fails with {@link LimitOverrunException}, and
     * the rest of that line is skipped. Loop thread.
     *
     * @throws IllegalStateException if another read is pending
     */
    LoopFuture<String> readLine();

    /** Like {@link #readLine()}, decoding strictly in {@code charset}. Loop thread. */
    LoopFuture<String> readLine(Charset charset);

    /**
     * The bytes up to and including the next {@code separator} (asyncio's {@code readuntil}). Fails with
     * {@link LimitOverrunException} if the separator is not within the read limit (the bytes stay in the
     * stream), and with {@link IncompleteReadException} if the stream ends first (the partial bytes are
     * taken and carried). Loop thread.
     *
     * @throws IllegalArgumentException if {@code separator} is empty
     * @throws IllegalStateException    if another read is pending
     */
    LoopFuture<byte[]> readUntil(byte[] separator);

    /**
     * Whether the stream has ended with nothing left to read (asyncio's {@code at_eof()}), answered as soon
     * as it can be: false once a byte is buffered, true once the end arrives with the buffer empty;
     * already done if that is known now. Consumes nothing; it is a read for the one-at-a-time rule.
     * Loop thread.
     *
     * @throws IllegalStateException if another read is pending
     */
    LoopFuture<Boolean> atEof();
}
