package io.loopbridge.core.internal.io;

import io.loopbridge.core.AsyncStreamReader;
import io.loopbridge.core.EventLoop;
import io.loopbridge.core.IncompleteReadException;
import io.loopbridge.core.LimitOverrunException;
import io.loopbridge.core.LoopFuture;
import io.loopbridge.core.MalformedLineException;
import io.loopbridge.core.StreamClosedException;
import io.loopbridge.core.internal.Checks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The {@link AsyncStreamReader} of a socket or a pipe: a buffer on the loop thread, fed by its producer
 * through {@link #feed}, {@link #feedEof} and {@link #feedError} (events the I/O thread or a pump posted),
 * and at most one pending request, served whenever bytes arrive or a request is made.
 *
 * <p><b>Cancellation without a hook.</b> A request's future is a plain {@link EventLoop#createFuture()}
 * future (so it belongs to the calling task, and cancelling the task cancels it). Nothing is attached to
 * it: the reader notices a cancelled request when it next serves ({@code isDone()}), and a request that
 * is cancelled on another thread just as it completes gets its bytes put back ({@link #complete}). So a
 * cancelled read never consumes a byte. (A dependent attached by the reader would count as "awaited" in
 * the task's cancellation, and as observing a failure nobody saw.)
 *
 * <p><b>Flow.</b> After every change the reader tells its {@link FlowGate} what it consumed and how much
 * it wants buffered: twice the limit (asyncio's pause point), or {@code n} while a {@code readExactly(n)}
 * needs more; the gate pauses the producer above that.
 *
 * <p><b>Pulling.</b> A reader may also have a {@link Source} it reads from itself, on the loop thread (a
 * socket whose reads the I/O thread handed over): whenever the pending request still needs bytes after
 * being served, {@link #serve()} pulls a chunk and serves again, so a reader that is behind its socket
 * reads it as a blocking reader would, without a hop through the I/O thread per chunk. It pulls at most
 * {@link #PULL_BUDGET} bytes per call and never past the gate's threshold (the same bound as the producer's);
 * past the budget it gives the reads back ({@link Source#resumeProducer()}).
 *
 * <p><b>Threading.</b> Loop thread only (checked in debug mode); every field is confined to it.
 */
final class StreamReaderImpl implements AsyncStreamReader {
    private enum Kind { READ, EXACT, UNTIL, LINE, AT_EOF }

    /** The pending request. Loop thread. */
    private static final class Request {
        final Kind kind;
        final int n;
        final byte[] sep;
        final Charset charset;
        final LoopFuture<Object> future;
        /** Where the separator search resumes (the buffer before it has no separator start). */
        int searchFrom;

        Request(Kind kind, int n, byte[] sep, Charset charset, LoopFuture<Object> future) {
            this.kind = kind;
            this.n = n;
            this.sep = sep;
            this.charset = charset;
            this.future = future;
        }
    }

    /**
     * What the loop thread may read from a {@link Source} itself.
     *
     * <p><b>Threading.</b> Loop thread only.
     */
    interface Source {
        /**
         * Reads what is there now, without blocking, into the reader ({@link #accept}, {@link #acceptEof});
         * returns the bytes it added (1 for the end of the stream), or 0: the source does not let the loop
         * thread read now (its own thread reads: its chunks come through {@link #feed}), or it had nothing
         * (it then gives the reads back to its own thread, as {@link #resumeProducer()}).
         */
        int pull();

        /** The reader has pulled enough for one call: the source's own thread reads again. */
        void resumeProducer();
    }

    /**
     * The most one {@link #serve()} pulls from the {@link Source} before giving the reads back to its own
     * thread: 256 KiB (four chunks; about 100 µs of copying), so a {@code readExactly} of megabytes pulled in
     * one go does not hold the loop thread (a UI thread) for long; beyond it the bytes come in chunks again.
     */
    static final int PULL_BUDGET = 4 * IoService.CHUNK;

    private static final byte[] NEWLINE = {'\n'};
    private static final byte[] EMPTY = new byte[0];

    private final EventLoop loop;
    private final int limit;
    private final FlowGate flow;
    private final String what;
    private final ByteQueue buffer = new ByteQueue();
    /** Where the reader may pull from itself, or null (a pipe: only fed). Set once, before the first request. */
    private Source source;
    private Request pending;
    /** The producer delivered the end of the stream. */
    private boolean eof;
    /** The producer failed; reported once the buffer cannot serve a request. */
    private IOException error;
    /** {@link #closeLocally()} was called: requests fail, arrivals are dropped. */
    private boolean closed;
    /** The strict decoder of the last non-ASCII line's charset (see {@link #decode}). */
    private CharsetDecoder decoder;
    /** Skipping the rest of a line that overran the limit in {@code readLine}, up to its '\n'. */
    private boolean skippingLine;

    /**
     * @param what names the stream in messages ("connection to 127.0.0.1:80", "stdout of pid 123")
     */
    StreamReaderImpl(EventLoop loop, int limit, FlowGate flow, String what) {
        this.loop = loop;
        this.limit = limit;
        this.flow = flow;
        this.what = what;
    }

    /** Loop thread, before the first request: lets the reader pull from {@code s} itself (see the class javadoc). */
    void pullFrom(Source s) {
        source = s;
    }

    // ---- the producer's side (events on the loop thread) ----

    /**
     * Loop thread: {@code chunk} arrived (already counted by the gate's {@code delivered}). The reader owns
     * it from now on: it may hand it to a request as it is.
     */
    void feed(byte[] chunk) {
        accept(chunk);
        serve();
    }

    /** Loop thread: as {@link #feed}, without serving: for a {@link Source} pulled from inside {@link #serve()}. */
    void accept(byte[] chunk) {
        if (closed) {
            flow.consumed(chunk.length);
            return;
        }
        Request r = pending;
        if (r != null && buffer.size() == 0 && !skippingLine && !r.future.isDone()
                && (r.kind == Kind.READ && r.n >= chunk.length || r.kind == Kind.EXACT && r.n == chunk.length)) {
            // The whole chunk is the answer: hand it over as it is (the producer made it for us alone)
            // rather than copy it into the buffer and out again. Same accounting as take().
            flow.consumed(chunk.length);
            complete(r, chunk, chunk);
            return;
        }
        buffer.append(chunk);
    }

    /** Loop thread: the stream ended. */
    void feedEof() {
        acceptEof();
        serve();
    }

    /** Loop thread: as {@link #feedEof}, without serving (see {@link #accept}). */
    void acceptEof() {
        eof = true;
    }

    /** Loop thread: the stream broke; bytes already buffered are still read first. */
    void feedError(IOException e) {
        if (error == null && !eof) error = e;
        serve();
    }

    /** Loop thread: this side closed the stream; a pending request fails, the buffer is dropped. */
    void closeLocally() {
        if (closed) return;
        closed = true;
        int n = buffer.size();
        buffer.discard(n);
        flow.consumed(n);
        flow.stop();
        serve();
    }

    /** Whether the end (or an error) arrived. Loop thread. */
    boolean ended() {
        return eof || error != null;
    }

    // ---- requests ----

    @Override
    public LoopFuture<byte[]> read(int max) {
        if (max < 0) throw new IllegalArgumentException("max: " + max + " (expected: >= 0)");
        return request(Kind.READ, max, null, null, "read");
    }

    @Override
    public LoopFuture<byte[]> readExactly(int n) {
        if (n < 0) throw new IllegalArgumentException("n: " + n + " (expected: >= 0)");
        return request(Kind.EXACT, n, null, null, "readExactly");
    }

    @Override
    public LoopFuture<String> readLine() {
        return request(Kind.LINE, 0, NEWLINE, StandardCharsets.UTF_8, "readLine");
    }

    @Override
    public LoopFuture<String> readLine(Charset charset) {
        Checks.notNull(charset, "charset");
        return request(Kind.LINE, 0, NEWLINE, charset, "readLine");
    }

    @Override
    public LoopFuture<byte[]> readUntil(byte[] separator) {
        Checks.notNull(separator, "separator");
        if (separator.length == 0) throw new IllegalArgumentException("separator: empty (expected: at least one byte)");
        return request(Kind.UNTIL, 0, separator.clone(), null, "readUntil");
    }

    @Override
    public LoopFuture<Boolean> atEof() {
        return request(Kind.AT_EOF, 0, null, null, "atEof");
    }

    @SuppressWarnings("unchecked")
    private <T> LoopFuture<T> request(Kind kind, int n, byte[] sep, Charset cs, String call) {
        if (loop.isDebug() && !loop.inEventLoop()) {
            throw new IllegalStateException(call + "() is for the loop thread, but was called on thread '" + Thread.currentThread().getName() + "'");
        }
        if (pending != null && !pending.future.isDone()) {
            throw new IllegalStateException(call + "() while another read is pending on the " + what
                    + " (one read at a time: chain the next read on the previous one)");
        }
        LoopFuture<Object> f = loop.createFuture();
        pending = new Request(kind, n, sep, cs, f);
        serve();
        return (LoopFuture<T>) (LoopFuture<?>) f;
    }

    /**
     * Loop thread: serves the pending request as far as the buffer allows, pulling from the {@link Source}
     * while the request still needs bytes (see the class javadoc); keeps the gate in step.
     */
    private void serve() {
        long pulled = 0;
        for (;;) {
            if (skippingLine) skipLineRest();
            Request r = pending;
            if (r != null && r.future.isDone()) r = pending = null; // cancelled: nothing was taken
            if (r != null) {
                if (closed) fail(r, new StreamClosedException(what + " is closed"), null);
                else serve(r);
            }
            Request p = pending;
            long want = 2L * limit;
            if (p != null && p.kind == Kind.EXACT) want = Math.max(want, p.n);
            if (p != null && p.sep != null) want = Math.max(want, (long) limit + p.sep.length);
            boolean room = flow.setThreshold(want); // first: a source that gives its reads back resumes against this threshold
            if (source == null || p == null || p.future.isDone() || closed || ended() || !room) return;
            if (pulled >= PULL_BUDGET) {
                source.resumeProducer();
                return;
            }
            int n = source.pull();
            if (n == 0) return;
            pulled += n;
        }
    }

    private void serve(Request r) {
        int size = buffer.size();
        switch (r.kind) {
            case READ -> {
                if (r.n == 0) complete(r, EMPTY, null);
                else if (size > 0) take(r, Math.min(r.n, size));
                else if (error != null) fail(r, error, null);
                else if (eof) complete(r, EMPTY, null);
            }
            case EXACT -> {
                if (size >= r.n) take(r, r.n);
                else if (error != null) fail(r, error, null);
                else if (eof) {
                    byte[] partial = takeBytes(size);
                    fail(r, new IncompleteReadException(partial, r.n), partial);
                }
            }
            case AT_EOF -> {
                if (size > 0) complete(r, Boolean.FALSE, null);
                else if (error != null) fail(r, error, null);
                else if (eof) complete(r, Boolean.TRUE, null);
            }
            case UNTIL, LINE -> serveSeparated(r, size);
        }
    }

    private void serveSeparated(Request r, int size) {
        int seplen = r.sep.length;
        int at = buffer.indexOf(r.sep, r.searchFrom);
        if (at >= 0) {
            if (at > limit) {
                LimitOverrunException x = new LimitOverrunException("separator is found, but the chunk of " + at
                        + " bytes before it is longer than the limit of " + limit + " bytes on the " + what, at);
                if (r.kind == Kind.LINE) { // the over-long line is dropped, through its terminator
                    drop(at + seplen);
                }
                fail(r, x, null);
            } else if (r.kind == Kind.LINE) {
                completeLine(r, takeBytes(at + seplen));
            } else {
                take(r, at + seplen);
            }
            return;
        }
        r.searchFrom = Math.max(0, size + 1 - seplen);
        if (size + 1 - seplen > limit) {
            LimitOverrunException x = new LimitOverrunException("separator is not found, and the chunk of " + size
                    + " bytes exceeds the limit of " + limit + " bytes on the " + what, size + 1 - seplen);
            if (r.kind == Kind.LINE) { // drop what is here and skip the rest of the line as it arrives
                drop(size);
                skippingLine = true;
            }
            fail(r, x, null);
        } else if (error != null) {
            fail(r, error, null);
        } else if (eof) {
            if (r.kind == Kind.LINE) {
                if (size == 0) complete(r, null, null);
                else completeLine(r, takeBytes(size));
            } else {
                byte[] partial = takeBytes(size);
                fail(r, new IncompleteReadException(partial, -1), partial);
            }
        }
    }

    private void skipLineRest() {
        int at = buffer.indexOf(NEWLINE, 0);
        if (at >= 0) {
            drop(at + 1);
            skippingLine = false;
        } else {
            drop(buffer.size());
            if (ended()) skippingLine = false;
        }
    }

    private void completeLine(Request r, byte[] raw) {
        int end = raw.length;
        if (end > 0 && raw[end - 1] == '\n') {
            end--;
            if (end > 0 && raw[end - 1] == '\r') end--;
        }
        String line;
        try {
            line = decode(r.charset, raw, end);
        } catch (CharacterCodingException e) {
            fail(r, new MalformedLineException(raw, r.charset.name(), e), raw);
            return;
        }
        complete(r, line, raw);
    }

    /**
     * Decodes {@code raw[0, end)} strictly. An ASCII line in an ASCII-compatible charset (UTF-8, ISO-8859-1,
     * US-ASCII: the common case, a log or a protocol line) is copied as it is: it cannot be malformed there.
     * Otherwise a decoder kept for this reader's last charset does it (one per line would cost more than
     * the line).
     */
    private String decode(Charset cs, byte[] raw, int end) throws CharacterCodingException {
        if (cs == StandardCharsets.UTF_8 || cs == StandardCharsets.ISO_8859_1 || cs == StandardCharsets.US_ASCII) {
            boolean ascii = true;
            for (int i = 0; i < end && ascii; i++) ascii = raw[i] >= 0;
            if (ascii) return new String(raw, 0, end, StandardCharsets.ISO_8859_1);
        }
        CharsetDecoder d = decoder;
        if (d == null || !d.charset().equals(cs)) {
            decoder = d = cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        }
        return d.reset().decode(ByteBuffer.wrap(raw, 0, end)).toString();
    }

    // ---- taking bytes: every byte that leaves the buffer goes through here, and back if unwanted ----

    private byte[] takeBytes(int n) {
        byte[] b = buffer.take(n);
        flow.consumed(n);
        return b;
    }

    private void drop(int n) {
        buffer.discard(n);
        flow.consumed(n);
    }

    private void take(Request r, int n) {
        byte[] b = takeBytes(n);
        complete(r, b, b);
    }

    /** Completes {@code r}; if it was cancelled meanwhile (from another thread), {@code taken} goes back. */
    private void complete(Request r, Object value, byte[] taken) {
        pending = null;
        if (!r.future.complete(value) && taken != null) putBack(taken);
    }

    private void fail(Request r, Throwable e, byte[] taken) {
        pending = null;
        if (!r.future.completeExceptionally(e) && taken != null) putBack(taken);
    }

    private void putBack(byte[] taken) {
        buffer.prepend(taken);
        flow.delivered(taken.length);
    }

    /** Bytes buffered unread. Loop thread. */
    int buffered() {
        return buffer.size();
    }

    /** The gate (the tests read its peak). */
    FlowGate flow() {
        return flow;
    }

    @Override
    public String toString() {
        return "reader of the " + what + "[buffered=" + buffer.size() + (eof ? ", eof" : "") + (error != null ? ", failed" : "")
                + (closed ? ", closed" : "") + "]";
    }
}
