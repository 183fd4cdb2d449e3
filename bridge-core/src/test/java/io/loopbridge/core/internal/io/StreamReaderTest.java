package io.loopbridge.core.internal.io;

import io.loopbridge.core.GuestLoop;
import io.loopbridge.core.IncompleteReadException;
import io.loopbridge.core.LimitOverrunException;
import io.loopbridge.core.LoopFuture;
import io.loopbridge.core.MalformedLineException;
import io.loopbridge.core.testkit.RecordingHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reader's buffer logic, fed directly as CPython's tests feed a {@code StreamReader}
 * ({@code feed_data}/{@code feed_eof}/{@code set_exception}): each test names the one it ports from
 * {@code Lib/test/test_asyncio/test_streams.py}. Deterministic: no socket, the futures complete as the
 * bytes are fed. The same behaviours over real sockets are in {@code StreamsContractTest}.
 */
@Timeout(60)
class StreamReaderTest {
    static final byte[] DATA = b("line1\nline2\nline3\n");

    private final RecordingHost host = RecordingHost.create();
    private final GuestLoop loop = host.loop();
    private FlowGate gate;

    @BeforeEach
    void claimTheLoopThread() {
        host.runOnce();
    }

    @AfterEach
    void close() {
        loop.close();
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private StreamReaderImpl reader(int limit) {
        gate = new FlowGate(2L * limit);
        return new StreamReaderImpl(loop, limit, gate, "test stream");
    }

    private StreamReaderImpl reader() {
        return reader(64 * 1024);
    }

    /** Feeds {@code bytes} as a producer would: counted by the gate first. */
    private void feed(StreamReaderImpl r, byte[] bytes) {
        gate.delivered(bytes.length);
        r.feed(bytes);
    }

    private void feed(StreamReaderImpl r, String s) {
        feed(r, b(s));
    }

    /** What is left in the buffer (read without consuming the stream's end). */
    private static String buffer(StreamReaderImpl r) {
        if (r.buffered() == 0) return "";
        return new String(r.read(Integer.MAX_VALUE).getNow(null), StandardCharsets.UTF_8);
    }

    private static Throwable failureOf(LoopFuture<?> f) {
        assertTrue(f.isDone(), "not done");
        ExecutionException e = assertThrows(ExecutionException.class, f::get);
        return e.getCause();
    }

    @Test
    void readZeroReturnsEmptyAndLeavesTheBuffer() { // test_read_zero
        StreamReaderImpl r = reader();
        feed(r, DATA);
        assertEquals(0, r.read(0).getNow(null).length);
        assertEquals(new String(DATA, StandardCharsets.UTF_8), buffer(r));
    }

    @Test
    void aPendingReadCompletesWhenDataIsFed() { // test_read
        StreamReaderImpl r = reader();
        LoopFuture<byte[]> f = r.read(30);
        assertFalse(f.isDone());
        feed(r, DATA);
        assertArrayEquals(DATA, f.getNow(null));
        assertEquals(0, r.buffered());
    }

    @Test
    void readTakesAtMostMaxBytesAcrossChunks() { // test_read_line_breaks
        StreamReaderImpl r = reader();
        feed(r, "line1");
        feed(r, "line2");
        assertArrayEquals(b("line1"), r.read(5).getNow(null));
        assertEquals("line2", buffer(r));
    }

    @Test
    void readAtEofReturnsEmpty() { // test_read_eof
        StreamReaderImpl r = reader();
        LoopFuture<byte[]> f = r.read(1024);
        r.feedEof();
        assertEquals(0, f.getNow(null).length);
    }

    @Test
    void bytesBufferedBeforeAnErrorAreReadFirst() { // test_read_exception (asyncio raises at once; we deliver what arrived first)
        StreamReaderImpl r = reader();
        feed(r, "line\n");
        assertArrayEquals(b("li"), r.read(2).getNow(null));
        IOException boom = new IOException("boom");
        r.feedError(boom);
        assertArrayEquals(b("ne\n"), r.read(10).getNow(null));
        assertSame(boom, failureOf(r.read(2)));
    }

    @Test
    void readIgnoresTheLimit() { // test_read_limit
        StreamReaderImpl r = reader(3);
        feed(r, "chunk");
        assertArrayEquals(b("chunk"), r.read(5).getNow(null));
        assertEquals(0, r.buffered());
    }

    @Test
    void readLineWaitsForTheSeparatorAcrossChunks() { // test_readline
        StreamReaderImpl r = reader();
        feed(r, "chunk1 ");
        LoopFuture<String> f = r.readLine();
        feed(r, "chunk2 ");
        feed(r, "chunk3 ");
        assertFalse(f.isDone());
        feed(r, "\n chunk4");
        assertEquals("chunk1 chunk2 chunk3 ", f.getNow(null));
        assertEquals(" chunk4", buffer(r));
    }

    @Test
    void readLineOverTheLimitWithDataAlreadyBufferedDropsThatLine() { // test_readline_limit_with_existing_data
        StreamReaderImpl r = reader(3);
        feed(r, "li");
        feed(r, "ne1\nline2\n");
        assertInstanceOf(LimitOverrunException.class, failureOf(r.readLine()));
        assertEquals("line2\n", buffer(r));

        StreamReaderImpl s = reader(3);
        feed(s, "li");
        feed(s, "ne1");
        feed(s, "li");
        assertInstanceOf(LimitOverrunException.class, failureOf(s.readLine()));
        assertEquals("", buffer(s));
        // unlike asyncio, the rest of the over-long line is skipped too, up to its end
        feed(s, "rest\nnx\n");
        assertEquals("nx", s.readLine().getNow(null));
    }

    @Test
    void atEofIsTrueOnlyAtTheEndWithNothingBuffered() { // test_at_eof
        StreamReaderImpl r = reader();
        LoopFuture<Boolean> unknown = r.atEof();
        assertFalse(unknown.isDone(), "nothing buffered and no end yet: the answer is not known");
        unknown.cancel(true);
        feed(r, "some data\n");
        assertFalse(r.atEof().getNow(null));
        r.readLine();
        LoopFuture<Boolean> waiting = r.atEof();
        assertFalse(waiting.isDone(), "nothing buffered and no end yet: the answer is not known");
        feed(r, "some data\n");
        assertFalse(waiting.getNow(null));
        r.feedEof();
        assertEquals("some data", r.readLine().getNow(null));
        assertTrue(r.atEof().getNow(null));
    }

    @Test
    void readLineLimitIsStrict() { // test_readline_limit
        StreamReaderImpl r = reader(7);
        LoopFuture<String> f = r.readLine();
        feed(r, "chunk1");
        feed(r, "chunk2");
        feed(r, "chunk3\n");
        r.feedEof();
        assertInstanceOf(LimitOverrunException.class, failureOf(f));
        assertEquals("", buffer(r));

        StreamReaderImpl s = reader(7);
        LoopFuture<String> g = s.readLine();
        feed(s, "chunk1");
        feed(s, "chunk2\n");
        feed(s, "chunk3\n");
        s.feedEof();
        assertInstanceOf(LimitOverrunException.class, failureOf(g));
        assertEquals("chunk3\n", buffer(s));

        StreamReaderImpl t = reader(7);
        feed(t, "1234567\n");
        assertEquals("1234567", t.readLine().getNow(null));
        feed(t, "12345678\n");
        assertInstanceOf(LimitOverrunException.class, failureOf(t.readLine()));
        assertEquals("", buffer(t));
        feed(t, "12345678");
        assertInstanceOf(LimitOverrunException.class, failureOf(t.readLine()));
        assertEquals("", buffer(t));
    }

    @Test
    void readLineWithEverythingBufferedReturnsOneLine() { // test_readline_nolimit_nowait
        StreamReaderImpl r = reader();
        feed(r, "line1\nli");
        feed(r, "ne2\nline3\n");
        assertEquals("line1", r.readLine().getNow(null));
        assertEquals("line2\nline3\n", buffer(r));
    }

    @Test
    void readLineAtEofReturnsTheUnterminatedLineThenNull() { // test_readline_eof, test_readline_empty_eof
        StreamReaderImpl r = reader();
        feed(r, "some data");
        r.feedEof();
        assertEquals("some data", r.readLine().getNow(null));
        assertNull(r.readLine().getNow("not null"));
    }

    @Test
    void readAfterReadLineCountsBytesFromTheNextLine() { // test_readline_read_byte_count
        StreamReaderImpl r = reader();
        feed(r, DATA);
        r.readLine();
        assertArrayEquals(b("line2\nl"), r.read(7).getNow(null));
        assertEquals("ine3\n", buffer(r));
    }

    @Test
    void readLineFailsWithTheErrorOnceNothingIsBuffered() { // test_readline_exception
        StreamReaderImpl r = reader();
        feed(r, "line\n");
        assertEquals("line", r.readLine().getNow(null));
        IOException boom = new IOException("boom");
        r.feedError(boom);
        assertSame(boom, failureOf(r.readLine()));
    }

    @Test
    void readUntilAnEmptySeparatorIsRejected() { // test_readuntil_separator
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> reader().readUntil(new byte[0]));
        assertTrue(e.getMessage().contains("separator"), e.getMessage());
    }

    @Test
    void readUntilFindsTheSeparatorAcrossChunks() { // test_readuntil_multi_chunks, test_readuntil_multi_chunks_1
        StreamReaderImpl r = reader();
        feed(r, "lineAAA");
        assertArrayEquals(b("lineAAA"), r.readUntil(b("AAA")).getNow(null));
        feed(r, "lineAAAxxx");
        assertArrayEquals(b("lineAAA"), r.readUntil(b("AAA")).getNow(null));
        assertEquals("xxx", buffer(r));

        feed(r, "QWEaa");
        LoopFuture<byte[]> f = r.readUntil(b("aaa"));
        feed(r, "XYa");
        assertFalse(f.isDone());
        feed(r, "aa");
        assertArrayEquals(b("QWEaaXYaaa"), f.getNow(null));
        feed(r, "XXX");
        LoopFuture<byte[]> g = r.readUntil(b("aaa"));
        feed(r, "a");
        feed(r, "a");
        assertFalse(g.isDone());
        feed(r, "a");
        assertArrayEquals(b("XXXaaa"), g.getNow(null));
        assertEquals(0, r.buffered());
    }

    @Test
    void readUntilAtEofFailsWithThePartialBytes() { // test_readuntil_eof
        StreamReaderImpl r = reader();
        feed(r, "some dataAA");
        r.feedEof();
        IncompleteReadException e = assertInstanceOf(IncompleteReadException.class, failureOf(r.readUntil(b("AAA"))));
        assertArrayEquals(b("some dataAA"), e.partial());
        assertEquals(-1, e.expected());
        assertTrue(e.getMessage().contains("undefined expected bytes"), e.getMessage());
        assertEquals(0, r.buffered());
    }

    @Test
    void readUntilOverTheLimitLeavesTheBytes() { // test_readuntil_limit_found_sep
        StreamReaderImpl r = reader(3);
        feed(r, "some dataAA");
        LimitOverrunException e = assertInstanceOf(LimitOverrunException.class, failureOf(r.readUntil(b("AAA"))));
        assertTrue(e.getMessage().contains("not found"), e.getMessage());
        assertEquals(9, e.consumed());
        assertEquals(11, r.buffered());
        feed(r, "A");
        e = assertInstanceOf(LimitOverrunException.class, failureOf(r.readUntil(b("AAA"))));
        assertTrue(e.getMessage().contains("is found"), e.getMessage());
        assertEquals("some dataAAA", buffer(r));
    }

    @Test
    void readExactlyZeroIsEmptyAndNegativeIsRejected() { // test_readexactly_zero_or_less
        StreamReaderImpl r = reader();
        feed(r, DATA);
        assertEquals(0, r.readExactly(0).getNow(null).length);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.readExactly(-1));
        assertTrue(e.getMessage().contains("n: -1"), e.getMessage());
        assertEquals(DATA.length, r.buffered());
    }

    @Test
    void readExactlyWaitsForAllTheBytes() { // test_readexactly
        StreamReaderImpl r = reader();
        LoopFuture<byte[]> f = r.readExactly(2 * DATA.length);
        feed(r, DATA);
        assertFalse(f.isDone());
        feed(r, DATA);
        feed(r, DATA);
        byte[] two = new byte[2 * DATA.length];
        System.arraycopy(DATA, 0, two, 0, DATA.length);
        System.arraycopy(DATA, 0, two, DATA.length, DATA.length);
        assertArrayEquals(two, f.getNow(null));
        assertEquals(DATA.length, r.buffered());
    }

    @Test
    void readExactlyIgnoresTheLimit() { // test_readexactly_limit
        StreamReaderImpl r = reader(3);
        feed(r, "chunk");
        assertArrayEquals(b("chunk"), r.readExactly(5).getNow(null));
    }

    @Test
    void readExactlyAtEofFailsWithThePartialBytesTakenFromTheStream() { // test_readexactly_eof
        StreamReaderImpl r = reader();
        LoopFuture<byte[]> f = r.readExactly(2 * DATA.length);
        feed(r, DATA);
        r.feedEof();
        IncompleteReadException e = assertInstanceOf(IncompleteReadException.class, failureOf(f));
        assertArrayEquals(DATA, e.partial());
        assertEquals(36, e.expected());
        assertEquals("18 bytes read on a total of 36 expected bytes", e.getMessage());
        assertEquals(0, r.buffered());
    }

    @Test
    void aPendingReadFailsWithTheError() { // test_exception_waiter
        StreamReaderImpl r = reader();
        LoopFuture<String> f = r.readLine();
        IOException boom = new IOException("boom");
        r.feedError(boom);
        assertSame(boom, failureOf(f));
    }

    @Test
    void aCancelledReadIsForgottenAndTakesNoByte() { // test_exception_cancel
        StreamReaderImpl r = reader();
        LoopFuture<String> f = r.readLine();
        assertTrue(f.cancel(true));
        feed(r, "abc\n");
        assertEquals(4, r.buffered(), "the cancelled read took bytes");
        r.feedError(new IOException("after the cancel"));
        assertEquals("abc", r.readLine().getNow(null));
    }

    @Test
    void aLineThatIsNotValidUtf8FailsWithItsBytesAndIsConsumed() {
        StreamReaderImpl r = reader();
        byte[] bad = {'a', (byte) 0xc3, '\r', '\n'};
        feed(r, bad);
        feed(r, "ok\n");
        MalformedLineException e = assertInstanceOf(MalformedLineException.class, failureOf(r.readLine()));
        assertArrayEquals(bad, e.line());
        assertEquals("ok", r.readLine().getNow(null));
        feed(r, new byte[] {(byte) 0xe9, '\n'});
        assertEquals("é", r.readLine(StandardCharsets.ISO_8859_1).getNow(null));
    }

    @Test
    void theGatePausesTheProducerAtTwiceTheLimitAndResumesWhenTheReaderCatchesUp() {
        StreamReaderImpl r = reader(4);
        assertFalse(gate.delivered(7));
        r.feed(new byte[7]);
        assertTrue(gate.delivered(1), "8 bytes in flight with a limit of 4: paused");
        r.feed(new byte[1]);
        r.read(1);
        assertFalse(gate.delivered(0), "7 in flight: resumed");
        LoopFuture<byte[]> big = r.readExactly(20);
        assertFalse(gate.delivered(12), "a readExactly(20) lets 20 bytes in: not paused at 19");
        r.feed(new byte[12]);
        assertFalse(big.isDone());
        assertTrue(gate.delivered(1), "paused at 20");
        r.feed(new byte[1]);
        assertEquals(20, big.getNow(null).length);
        assertEquals(20, gate.peak());
        assertEquals(0, gate.inFlight());
    }

    @Test
    void aReadCancelledAsItCompletesPutsItsBytesBack() {
        StreamReaderImpl r = reader();
        feed(r, "abcdef");
        LoopFuture<byte[]> first = r.readExactly(10);
        first.cancel(true);
        assertEquals(6, r.buffered());
        assertArrayEquals(b("abcdef"), r.read(100).getNow(null));
        assertEquals(0, gate.inFlight());
    }

    @Test
    void closingLocallyFailsThePendingReadAndDropsTheBuffer() {
        StreamReaderImpl r = reader();
        feed(r, "abc");
        LoopFuture<byte[]> f = r.readExactly(10);
        r.closeLocally();
        assertInstanceOf(io.loopbridge.core.StreamClosedException.class, failureOf(f));
        assertEquals(0, gate.inFlight());
        feed(r, "late");
        assertEquals(0, gate.inFlight(), "bytes arriving after the close are dropped and counted out");
        assertInstanceOf(io.loopbridge.core.StreamClosedException.class, failureOf(r.read(1)));
        assertThrows(CompletionException.class, () -> r.readLine().join());
    }

    // ---- pulling from a Source (a socket whose reads the loop thread holds) ----

    /**
     * A scripted {@link StreamReaderImpl.Source}: hands out its queued pieces one per {@code pull()} (counted by
     * the gate, as a socket's pull does), then reports "nothing" and counts a resume, as a socket that gives its
     * reads back to the I/O thread.
     */
    private final class ScriptedSource implements StreamReaderImpl.Source {
        final java.util.ArrayDeque<byte[]> pieces = new java.util.ArrayDeque<>();
        StreamReaderImpl reader;
        boolean eofAfter;
        int pulls;
        int resumes;

        @Override
        public int pull() {
            pulls++;
            byte[] p = pieces.poll();
            if (p == null) {
                if (eofAfter) {
                    eofAfter = false;
                    reader.acceptEof();
                    return 1;
                }
                resumeProducer();
                return 0;
            }
            gate.delivered(p.length);
            reader.accept(p);
            return p.length;
        }

        @Override
        public void resumeProducer() {
            resumes++;
        }
    }

    private ScriptedSource pulling(StreamReaderImpl r, String... pieces) {
        ScriptedSource src = new ScriptedSource();
        src.reader = r;
        for (String p : pieces) src.pieces.add(b(p));
        r.pullFrom(src);
        return src;
    }

    @Test
    void aReadThatTheBufferCannotServePullsFromTheSourceUntilServedAndNoFurther() {
        StreamReaderImpl r = reader();
        ScriptedSource src = pulling(r, "li", "ne1\nline2\n", "later");
        assertEquals("line1", r.readLine().getNow(null));
        assertEquals(2, src.pulls, "pulled past what the line needed");
        assertEquals("line2", r.readLine().getNow(null), "served from the buffer");
        assertEquals(2, src.pulls, "a read the buffer serves pulls nothing");
        assertArrayEquals(b("later"), r.read(100).getNow(null));
        assertEquals(0, src.resumes);
        LoopFuture<byte[]> f = r.read(100);
        assertFalse(f.isDone());
        assertEquals(1, src.resumes, "an empty source gives its reads back");
        assertEquals(0, gate.inFlight());
        feed(r, "fed");
        assertArrayEquals(b("fed"), f.getNow(null));
    }

    @Test
    void pulledBytesKeepTheirOrderWithBufferedOnes() {
        StreamReaderImpl r = reader();
        feed(r, "abc");
        ScriptedSource src = pulling(r, "def", "ghi");
        assertArrayEquals(b("abcdefgh"), r.readExactly(8).getNow(null));
        assertEquals(2, src.pulls);
        assertArrayEquals(b("i"), r.read(10).getNow(null));
    }

    @Test
    void theEndPulledFromTheSourceEndsTheStream() {
        StreamReaderImpl r = reader();
        ScriptedSource src = pulling(r, "tail");
        src.eofAfter = true;
        IncompleteReadException e = assertInstanceOf(IncompleteReadException.class, failureOf(r.readExactly(10)));
        assertArrayEquals(b("tail"), e.partial());
        assertTrue(r.atEof().getNow(null));
        assertEquals(2, src.pulls, "pulled again after the end");
    }

    @Test
    void aPullPastTheBudgetGivesTheReadsBackToTheProducer() {
        StreamReaderImpl r = reader();
        int piece = IoService.CHUNK;
        ScriptedSource src = pulling(r);
        for (int i = 0; i < 6; i++) src.pieces.add(new byte[piece]);
        LoopFuture<byte[]> f = r.readExactly(6 * piece);
        assertFalse(f.isDone());
        assertEquals(StreamReaderImpl.PULL_BUDGET / piece, src.pulls, "one serve pulled more than the budget");
        assertEquals(1, src.resumes, "past the budget the producer reads again");
        while (!src.pieces.isEmpty()) feed(r, src.pieces.poll()); // the producer's chunks
        assertEquals(6 * piece, f.getNow(null).length);
        assertEquals(0, gate.inFlight());
    }

    @Test
    void theReaderPullsOnlyBelowTheGatesThreshold() {
        StreamReaderImpl r = reader(4); // pauses at 8 in flight
        ScriptedSource src = pulling(r, "0123456789");
        feed(r, "abcdefgh"); // 8 in flight: at the threshold
        assertArrayEquals(b("abcdefgh"), r.readExactly(8).getNow(null));
        assertEquals(0, src.pulls, "a request the buffer serves pulls nothing");
        LoopFuture<byte[]> f = r.readExactly(3);
        assertArrayEquals(b("012"), f.getNow(null));
        assertEquals(1, src.pulls);
        assertEquals(10, gate.peak(), "the bound: below the threshold plus one chunk");
    }

    @Test
    void aCancelledOrClosedReaderPullsNothing() {
        StreamReaderImpl r = reader();
        ScriptedSource src = pulling(r);
        LoopFuture<byte[]> f = r.read(10); // the source is empty: one pull, one resume
        assertEquals(1, src.pulls);
        f.cancel(true);
        src.pieces.add(b("kept"));
        r.feedEof(); // serves: the cancelled request is dropped, nothing asks, nothing is pulled
        assertEquals(1, src.pulls, "pulled for a cancelled read");
        StreamReaderImpl closed = reader();
        ScriptedSource none = pulling(closed, "x");
        closed.closeLocally();
        assertInstanceOf(io.loopbridge.core.StreamClosedException.class, failureOf(closed.read(1)));
        assertEquals(0, none.pulls, "a closed reader pulled");
    }

    @Test
    void aReadCancelledWhileTheReaderPullsLosesNoByte() {
        StreamReaderImpl r = reader();
        ScriptedSource src = pulling(r);
        LoopFuture<byte[]> f = r.readExactly(6); // nothing to pull yet: pending
        assertFalse(f.isDone());
        src.pieces.add(b("def"));
        // The request is cancelled (as from another thread) while the reader pulls for it: the pulled chunk
        // must stay in the buffer, not go to the cancelled request.
        r.pullFrom(new StreamReaderImpl.Source() {
            @Override
            public int pull() {
                f.cancel(true);
                return src.pull();
            }

            @Override
            public void resumeProducer() {
                src.resumeProducer();
            }
        });
        feed(r, "abc"); // serves: 3 of 6 buffered, so it pulls
        assertTrue(f.isCancelled());
        assertEquals(6, r.buffered(), "the cancelled read lost bytes");
        r.pullFrom(src);
        assertArrayEquals(b("abcdef"), r.read(10).getNow(null));
        assertEquals(0, gate.inFlight());
    }
}
