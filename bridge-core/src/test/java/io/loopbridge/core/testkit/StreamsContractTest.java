package io.loopbridge.core.testkit;

import io.loopbridge.core.ConnectionResetException;
import io.loopbridge.core.ErrorContext;
import io.loopbridge.core.EventLoop;
import io.loopbridge.core.IncompleteReadException;
import io.loopbridge.core.LimitOverrunException;
import io.loopbridge.core.LoopFuture;
import io.loopbridge.core.MalformedLineException;
import io.loopbridge.core.StreamClosedException;
import io.loopbridge.core.StreamConnection;
import io.loopbridge.core.StreamLimits;
import io.loopbridge.core.StreamServer;
import io.loopbridge.core.Subprocess;
import io.loopbridge.core.Task;
import io.loopbridge.core.internal.io.Probes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Streams and subprocesses on real sockets (127.0.0.1) and real processes (the JDK's own {@code java}
 * running {@link StreamChild}), the same on every host: a {@code GuestLoop} under a test host,
 * {@code StandaloneLoop}, {@code FxLoop}, {@code SwingLoop}. Each host's test subclasses this and supplies
 * {@link #createLoop()} and, where the default does not fit, {@link #run}. Behaviours ported from CPython's
 * {@code Lib/test/test_asyncio/test_streams.py} and {@code test_subprocess.py} name their test there.
 *
 * <p>Peers that must misbehave (stop reading, reset the connection) are plain blocking sockets on a
 * thread of their own ({@link Peer}). Nothing here asserts speed.
 */
@Timeout(60)
public abstract class StreamsContractTest {
    /** asyncio's test data. */
    static final byte[] DATA = bytes("line1\nline2\nline3\n");

    protected EventLoop loop;

    /** A fresh loop for one test; closed after it. */
    protected abstract EventLoop createLoop();

    /** Runs {@code body} as a task on the loop thread and returns its value once it is done. */
    protected <T> T run(Supplier<? extends CompletionStage<T>> body) {
        return loop.runUntilComplete(loop.createTask(body));
    }

    /** Runs {@code body} and returns its failure, unwrapped (fails if it succeeds). */
    @SuppressWarnings("unchecked")
    protected Throwable failure(Supplier<? extends CompletionStage<?>> body) {
        Supplier<CompletionStage<Object>> b = () -> (CompletionStage<Object>) body.get();
        CompletionException e = assertThrows(CompletionException.class, () -> run(b));
        Throwable c = e;
        while (c instanceof CompletionException && c.getCause() != null) c = c.getCause();
        return c;
    }

    @BeforeEach
    void createTheLoop() {
        loop = createLoop();
    }

    @AfterEach
    void closeTheLoop() {
        if (loop != null) loop.close();
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** A future of this loop completed by {@code stage}, a plain future completed on another thread. */
    <T> LoopFuture<T> onLoop(CompletableFuture<T> stage) {
        return loop.wrapFuture(stage);
    }

    /** Completes (on another thread) once {@code millis} of real time have passed: host clocks may be manual. */
    static CompletableFuture<Void> realDelay(long millis) {
        return CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS));
    }

    /**
     * {@code stage}, failed with a {@link TimeoutException} if it is not done within {@code seconds} of real
     * time (not the loop's clock: a test host's manual clock jumps ahead whenever the loop is idle).
     */
    <T> LoopFuture<T> withinRealTime(CompletionStage<T> stage, long seconds) {
        CompletableFuture<T> plain = new CompletableFuture<>();
        stage.whenComplete((v, e) -> {
            if (e != null) plain.completeExceptionally(e);
            else plain.complete(v);
        });
        return onLoop(plain.orTimeout(seconds, TimeUnit.SECONDS));
    }

    /** A plain blocking peer on a thread of its own: accepts one connection and runs {@code body} on it. */
    protected static final class Peer implements AutoCloseable {
        interface Body {
            void on(Socket s) throws Exception;
        }

        final ServerSocket server;
        private final Thread thread;
        private volatile Throwable failure;

        private Peer(Body body) throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            thread = new Thread(() -> {
                try (Socket s = server.accept()) {
                    body.on(s);
                } catch (Throwable e) {
                    failure = e;
                }
            }, "stream-test-peer");
            thread.setDaemon(true);
            thread.start();
        }

        static Peer serve(Body body) {
            try {
                return new Peer(body);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }

        int port() {
            return server.getLocalPort();
        }

        /** Waits for the peer's body and rethrows what it threw. */
        @Override
        public void close() throws Exception {
            thread.join(30_000);
            server.close();
            assertFalse(thread.isAlive(), "the peer did not finish");
            if (failure != null) throw new AssertionError("the peer failed", failure);
        }
    }

    static byte[] readAll(InputStream in) throws IOException {
        return in.readAllBytes();
    }

    static void await(CountDownLatch l) throws InterruptedException {
        if (!l.await(30, TimeUnit.SECONDS)) throw new AssertionError("latch not released within 30 s");
    }

    /** Reads {@code r} to its end, counting bytes, with reads of at most {@code max}. */
    static LoopFuture<Long> drainReader(io.loopbridge.core.AsyncStreamReader r, int max, long soFar) {
        return r.read(max).thenCompose(b -> b.length == 0 ? CompletableFuture.completedFuture(soFar) : drainReader(r, max, soFar + b.length));
    }

    /** Reads {@code r} to its end as text. */
    static LoopFuture<String> readText(io.loopbridge.core.AsyncStreamReader r, StringBuilder sb) {
        return r.read(8192).thenCompose(b -> {
            if (b.length == 0) return CompletableFuture.completedFuture(sb.toString());
            sb.append(text(b));
            return readText(r, sb);
        });
    }

    // =============================================================================================
    // Connections and servers
    // =============================================================================================

    /** ported from test_streams.py: test_start_server (the callback variant) */
    @Test
    protected void aServerEchoesALineToAClientOnTheSameLoop() {
        String echoed = run(() -> loop.startServer(c -> c.reader().readLine().thenAccept(line -> {
                    assertTrue(loop.inEventLoop(), "handler continuation off the loop thread");
                    c.writer().write(bytes(line + "\n"));
                    c.writer().close();
                }), "127.0.0.1", 0)
                .thenCompose(server -> loop.openConnection("127.0.0.1", server.address().getPort()).thenCompose(c -> {
                    c.writer().write(bytes("hello world!\n"));
                    return c.reader().readLine().whenComplete((l, e) -> {
                        c.close();
                        server.close();
                    });
                })));
        assertEquals("hello world!", echoed);
    }

    /** ported from test_streams.py: test_readline, test_readline_eof, test_readline_empty_eof */
    @Test
    protected void readLineJoinsChunksThenReturnsTheUnterminatedLastLineThenNull() throws Exception {
        try (Peer peer = Peer.serve(s -> {
            OutputStream o = s.getOutputStream();
            for (String part : List.of("chunk1 ", "chunk2 ", "chunk3 ", "\n chunk4")) {
                o.write(bytes(part));
                o.flush();
            }
            s.shutdownOutput();
        })) {
            List<String> lines = run(() -> loop.openConnection("127.0.0.1", peer.port()).thenCompose(c -> {
                List<String> got = new ArrayList<>();
                return c.reader().readLine().thenCompose(l1 -> {
                    got.add(l1);
                    return c.reader().readLine();
                }).thenCompose(l2 -> {
                    got.add(l2);
                    return c.reader().readLine();
                }).thenApply(l3 -> {
                    got.add(l3);
                    c.close();
                    return got;
                });
            }));
            assertEquals(Arrays.asList("chunk1 chunk2 chunk3 ", " chunk4", null), lines);
        }
    }

    @Test
    protected void readLineStripsLfAndCrLf() throws Exception {
        try (Peer peer = Peer.serve(s -> s.getOutputStream().write(bytes("a\r\nb\n\nc\r")))) {
            List<String> lines = run(() -> loop.openConnection("127.0.0.1", peer.port()).thenCompose(c -> {
                List<String> got = new ArrayList<>();
                return readLines(c, got).thenApply(v -> got);
            }));
            assertEquals(List.of("a", "b", "", "c\r"), lines);
        }
    }

    private LoopFuture<Void> readLines(StreamConnection c, List<String> into) {
        return c.reader().readLine().thenCompose(l -> {
            if (l == null) {
                c.close();
                return CompletableFuture.completedFuture(null);
            }
            into.add(l);
            return readLines(c, into);
        });
    }

    /** ported from test_streams.py: test_readexactly, test_readexactly_eof */
    @Test
    protected void readExactlyAtEofFailsWithThePartialBytes() throws Exception {
        try (Peer peer = Peer.serve(s -> s.getOutputStream().write(DATA))) {
            Throwable e = failure(() -> loop.openConnection("127.0.0.1", peer.port()).thenCompose(c -> c.reader().readExactly(2 * DATA.length)));
            IncompleteReadException x = assertInstanceOf(IncompleteReadException.class, e);
            assertArrayEquals(DATA, x.partial());
            assertEquals(36, x.expected());
            assertEquals("18 bytes read on a total of 36 expected bytes", x.getMessage());
        }
    }

    /** ported from test_streams.py: test_readexactly_limit, test_read_limit */
    @Test
    protected void readExactlyBeyondTheReadLimitWaitsForAllTheBytes() throws Exception {
        byte[] big = new byte[300_000];
        for (int i = 0; i < big.length; i++) big[i] = (byte) i;
        try (Peer peer = Peer.serve(s -> s.getOutputStream().write(big))) {
            byte[] got = run(() -> loop.openConnection("127.0.0.1", peer.port(), StreamLimits.DEFAULT.withReadLimit(3))
                    .thenCompose(c -> c.reader().readExactly(big.length).whenComplete((v, e) -> c.close())));
            assertArrayEquals(big, got);
        }
    }

    /** ported from test_streams.py: test_readuntil_limit_found_sep, test_readuntil_multi_chunks */
    @Test
    protected void readUntilOverTheLimitFailsAndLeavesTheBytesInTheStream() throws Exception {
        try (Peer peer = Peer.serve(s -> s.getOutputStream().write(bytes("some dataAAAxxx")))) {
            List<Object> got = run(() -> loop.openConnection("127.0.0.1", peer.port(), StreamLimits.DEFAULT.withReadLimit(3)).thenCompose(c ->
                    c.reader().readExactly(0).thenCompose(v -> c.reader().readUntil(bytes("AAA")))
                            .handle((v, e) -> e)
                            .thenCompose(e -> c.reader().readExactly(15).thenApply(rest -> {
                                c.close();
                                return List.<Object>of(e, text(rest));
                            }))));
            Throwable e = got.get(0) instanceof CompletionException ? ((Throwable) got.get(0)).getCause() : (Throwable) got.get(0);
            LimitOverrunException x = assertInstanceOf(LimitOverrunException.class, e);
            assertTrue(x.getMessage().contains("is found") || x.getMessage().contains("not found"), x.getMessage());
            assertEquals("some dataAAAxxx", got.get(1));
        }
        try (Peer peer = Peer.serve(s -> s.getOutputStream().write(bytes("QWEaaXYaaaxxx")))) {
            List<String> got = run(() -> loop.openConnection("127.0.0.1", peer.port()).thenCompose(c ->
                    c.reader().readUntil(bytes("aaa")).thenCompose(a -> c.reader().readUntil(bytes("zz")).handle((b, e) -> {
                        IncompleteReadException x = assertInstanceOf(IncompleteReadException.class, e instanceof CompletionException ? e.getCause() : e);
                        assertEquals(-1, x.expected());
                        c.close();
                        return List.of(text(a), text(x.partial()));
                    }))));
            assertEquals(List.of("QWEaaXYaaa", "xxx"), got);
        }
    }

    /** ported from test_streams.py: test_readline_limit (strictness of the limit), test_readline_limit_with_existing_data */
    @Test
    protected void readLineOverTheLimitFailsAndSkipsTheRestOfThatLine() throws Exception {
        try (Peer peer = Peer.serve(s -> s.getOutputStream().write(bytes("1234567\n12345678\nchunk1chunk2chunk3\nnext\n")))) {
            List<Object> got = run(() -> loop.openConnection("127.0.0.1", peer.port(), StreamLimits.DEFAULT.withReadLimit(7)).thenCompose(c -> {
                List<Object> out = new ArrayList<>();
                return c.reader().readLine().thenCompose(l -> {
                    out.add(l);
                    return c.reader().readLine().handle((v, e) -> e);
                }).thenCompose(e -> {
                    out.add(e);
                    return c.reader().readLine().handle((v, e2) -> e2);
                }).thenCompose(e -> {
                    out.add(e);
                    return c.reader().readLine();
                }).thenApply(l -> {
                    out.add(l);
                    c.close();
                    return out;
                });
            }));
            assertEquals("1234567", got.get(0));
            assertInstanceOf(LimitOverrunException.class, unwrap((Throwable) got.get(1)));
            assertInstanceOf(LimitOverrunException.class, unwrap((Throwable) got.get(2)));
            assertEquals("next", got.get(3));
        }
    }

    static Throwable unwrap(Throwable e) {
        while (e instanceof CompletionException && e.getCause() != null) e = e.getCause();
        return e;
    }

    @Test
    protected void aLineThatIsNotUtf8FailsWithItsBytesAndTheNextLineReads() throws Exception {
        byte[] bad = {'f', (byte) 0xff, (byte) 0xfe, '\n'};
        try (Peer peer = Peer.serve(s -> {
            s.getOutputStream().write(bad);
            s.getOutputStream().write(bytes("ok é\n"));
        })) {
            List<Object> got = run(() -> loop.openConnection("127.0.0.1", peer.port()).thenCompose(c ->
                    c.reader().readLine().handle((v, e) -> e).thenCompose(e -> c.reader().readLine().thenApply(l -> {
                        c.close();
                        return List.<Object>of(e, l);
                    }))));
            MalformedLineException x = assertInstanceOf(MalformedLineException.class, unwrap((Throwable) got.get(0)));
            assertArrayEquals(bad, x.line());
            assertTrue(x.getMessage().contains("UTF-8"), x.getMessage());
            assertEquals("ok é", got.get(1));
        }
    }

    /** ported from test_streams.py: test_read, test_read_eof, test_read_zero */
    @Test
    protected void readReturnsWhatArrivedThenAnEmptyArrayAtEof() throws Exception {
        try (Peer peer = Peer.serve(s -> s.getOutputStream().write(DATA))) {
            List<byte[]> got = run(() -> loop.openConnection("127.0.0.1", peer.port()).thenCompose(c -> {
                List<byte[]> out = new ArrayList<>();
                return c.reader().read(0).thenCompose(z -> {
                    out.add(z);
                    return c.reader().readExactly(DATA.length);
                }).thenCompose(d -> {
                    out.add(d);
                    return c.reader().read(1024);
                }).thenCompose(eof -> {
                    out.add(eof);
                    return c.reader().atEof();
                }).thenApply(atEof -> {
                    assertTrue(atEof);
                    c.close();
                    return out;
                });
            }));
            assertEquals(0, got.get(0).length);
            assertArrayEquals(DATA, got.get(1));
            assertEquals(0, got.get(2).length);
        }
    }

    @Test
    protected void aSecondReadWhileOneIsPendingIsRejected() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (Peer peer = Peer.serve(s -> {
            await(release);
            s.getOutputStream().write(bytes("x\n"));
        })) {
            String line = run(() -> loop.openConnection("127.0.0.1", peer.port()).thenCompose(c -> {
                LoopFuture<String> first = c.reader().readLine();
                IllegalStateException x = assertThrows(IllegalStateException.class, () -> c.reader().read(1));
                assertTrue(x.getMessage().contains("another read is pending"), x.getMessage());
                release.countDown();
                return first.whenComplete((v, e) -> c.close());
            }));
            assertEquals("x", line);
        }
    }

    /** ported from test_streams.py: test_exception_cancel (a cancelled read leaves the reader usable) */
    @Test
    protected void cancellingAPendingReadLosesNoByte() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (Peer peer = Peer.serve(s -> {
            await(release);
            s.getOutputStream().write(bytes("abc\ndef\n"));
        })) {
            List<String> got = run(() -> loop.openConnection("127.0.0.1", peer.port()).thenCompose(c -> {
                LoopFuture<byte[]> pending = c.reader().read(2);
                assertTrue(pending.cancel(true));
                release.countDown();
                return c.reader().readLine().thenCompose(a -> c.reader().readLine().thenApply(b -> {
                    c.close();
                    return List.of(a, b);
                }));
            }));
            assertEquals(List.of("abc", "def"), got);
        }
    }

    @Test
    protected void cancellingTheTaskCancelsItsPendingReadAndTheStreamStaysUsable() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (Peer peer = Peer.serve(s -> {
            await(release);
            s.getOutputStream().write(bytes("abc\n"));
        })) {
            List<Object> got = run(() -> loop.openConnection("127.0.0.1", peer.port()).thenCompose(c -> {
                Task<String> reading = loop.createTask(() -> c.reader().readLine());
                return loop.sleep(Duration.ofMillis(5)).thenCompose(v -> {
                    reading.cancel(true);
                    return reading.handle((l, e) -> reading.isCancelled());
                }).thenCompose(cancelled -> {
                    release.countDown();
                    return c.reader().readLine().thenApply(l -> {
                        c.close();
                        return List.<Object>of(cancelled, l);
                    });
                });
            }));
            assertEquals(List.of(true, "abc"), got);
        }
    }

    /** Backpressure: drain() waits while the peer does not read, and completes once it does. */
    @Test
    protected void drainWaitsWhileThePeerDoesNotReadAndCompletesWhenItDoes() throws Exception {
        CountDownLatch startReading = new CountDownLatch(1);
        AtomicLong received = new AtomicLong();
        try (Peer peer = Peer.serve(s -> {
            await(startReading);
            received.set(readAll(s.getInputStream()).length);
        })) {
            long[] written = new long[1];
            long[] bufferedWhenPending = new long[1];
            run(() -> loop.openConnection("127.0.0.1", peer.port()).thenCompose(c -> {
                byte[] chunk = new byte[64 * 1024];
                LoopFuture<Void> d = null;
                for (int i = 0; i < 2048; i++) { // at most 128 MB: far beyond any socket buffer
                    c.writer().write(chunk);
                    written[0] += chunk.length;
                    d = c.writer().drain();
                    if (!d.isDone()) break;
                }
                assertFalse(d.isDone(), "drain() never waited: the peer is not reading");
                bufferedWhenPending[0] = c.writer().bufferedBytes();
                startReading.countDown();
                return d.thenCompose(v -> {
                    assertTrue(c.writer().bufferedBytes() <= StreamLimits.DEFAULT.writeLowWater());
                    c.writer().close();
                    return c.writer().closed();
                });
            }));
            assertTrue(bufferedWhenPending[0] > StreamLimits.DEFAULT.writeHighWater(), "buffered " + bufferedWhenPending[0]);
            peer.close();
            assertEquals(written[0], received.get());
        }
    }

    /** Backpressure on reading: a reader that stops reading stops the socket; what is in flight stays bounded. */
    @Test
    protected void aReaderThatStopsReadingStopsThePeerWithBoundedBuffering() throws Exception {
        long total = 64L * 1024 * 1024; // beyond the kernel's socket buffers on both ends
        AtomicLong sent = new AtomicLong();
        try (Peer peer = Peer.serve(s -> {
            OutputStream o = s.getOutputStream();
            byte[] chunk = new byte[64 * 1024];
            for (long left = total; left > 0; left -= chunk.length) {
                o.write(chunk);
                sent.addAndGet(chunk.length);
            }
            s.shutdownOutput();
        })) {
            int limit = 16 * 1024;
            long[] result = run(() -> loop.openConnection("127.0.0.1", peer.port(), StreamLimits.DEFAULT.withReadLimit(limit)).thenCompose(c ->
                    c.reader().atEof().thenCompose(eof -> onLoop(untilStalled(sent))).thenCompose(stalledAt -> {
                        long inFlight = Probes.inFlight(c.reader());
                        return drainReader(c.reader(), 64 * 1024, 0).thenApply(n -> {
                            c.close();
                            return new long[] {stalledAt, inFlight, n, Probes.peakInFlight(c.reader())};
                        });
                    })));
            assertTrue(result[0] < total, "the peer was never stopped: it sent everything to a reader that read nothing");
            long bound = Probes.pauseThreshold(limit) + Probes.chunk();
            assertTrue(result[1] <= bound, "in flight while stalled: " + result[1] + " > " + bound);
            assertTrue(result[3] <= bound, "peak in flight: " + result[3] + " > " + bound);
            assertEquals(total, result[2]);
        }
    }

    /** Completes once {@code progress} has not moved for 300 ms of real time, with its value then. */
    static CompletableFuture<Long> untilStalled(AtomicLong progress) {
        return CompletableFuture.supplyAsync(() -> {
            long last = -1;
            long since = System.nanoTime();
            for (;;) {
                long now = progress.get();
                if (now != last) {
                    last = now;
                    since = System.nanoTime();
                } else if (System.nanoTime() - since > 300_000_000L) {
                    return now;
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    throw new CompletionException(e);
                }
            }
        });
    }

    // ---- the hand-over of a socket's reads between the I/O thread and the loop thread ----

    /** The byte at {@code i} of a test stream: differs between positions a chunk apart, so a lost, doubled or swapped chunk shows. */
    static byte pattern(long i) {
        return (byte) (i ^ (i >>> 7) ^ (i >>> 15) ^ (i >>> 23));
    }

    /**
     * A peer that writes {@code total} bytes of {@link #pattern} in pieces of random sizes (single bytes, whole
     * 64 KiB chunks, up to 256 KiB), now and then pausing up to 2 ms so that the client's socket runs dry and
     * its reads go back to the I/O thread; then ends the stream.
     */
    static Peer patternPeer(long total, long seed) {
        return patternPeer(total, seed, 0);
    }

    /** As {@link #patternPeer(long, long)}; with {@code pauseNanos > 0} it pauses that long after every piece of at most 64 KiB. */
    static Peer patternPeer(long total, long seed, long pauseNanos) {
        return Peer.serve(s -> {
            OutputStream o = s.getOutputStream();
            java.util.Random rnd = new java.util.Random(seed);
            byte[] buf = new byte[256 * 1024];
            for (long at = 0; at < total; ) {
                int size = switch (rnd.nextInt(4)) {
                    case 0 -> 1 + rnd.nextInt(100);
                    case 1 -> 64 * 1024;
                    default -> 1 + rnd.nextInt(buf.length);
                };
                int n = (int) Math.min(total - at, pauseNanos > 0 ? Math.min(size, 64 * 1024) : size);
                for (int k = 0; k < n; k++) buf[k] = pattern(at + k);
                o.write(buf, 0, n);
                at += n;
                if (pauseNanos > 0) java.util.concurrent.locks.LockSupport.parkNanos(pauseNanos);
                else if (rnd.nextInt(8) == 0) java.util.concurrent.locks.LockSupport.parkNanos(rnd.nextInt(2_000_000));
            }
            s.shutdownOutput();
        });
    }

    /** Fails unless {@code b} is the stream's bytes from {@code at} on. */
    static void checkPattern(byte[] b, long at, long seed) {
        for (int k = 0; k < b.length; k++) {
            if (b[k] != pattern(at + k)) throw new AssertionError("byte " + (at + k) + " is wrong (seed " + seed + "): lost, doubled or reordered");
        }
    }

    /** State of a reading chain: where it is in the stream, its random choices. Loop thread. */
    static final class Cursor {
        final java.util.Random rnd;
        final long total;
        long at;
        int reads;
        int cancelled;

        Cursor(long seed, long total) {
            this.rnd = new java.util.Random(seed ^ 0x5DEECE66DL);
            this.total = total;
        }
    }

    /** Reads the rest of the stream with a random mix of read(max) and readExactly(n), checking every byte. */
    static LoopFuture<Long> readPattern(StreamConnection c, Cursor k, long seed) {
        long left = k.total - k.at;
        LoopFuture<byte[]> f = switch (k.rnd.nextInt(3)) {
            case 0 -> c.reader().read(1 + k.rnd.nextInt(128 * 1024));
            case 1 -> c.reader().readExactly((int) Math.max(1, Math.min(left, 1 + k.rnd.nextInt(300 * 1024))));
            default -> c.reader().read(64 * 1024);
        };
        return f.thenCompose(b -> {
            checkPattern(b, k.at, seed);
            k.at += b.length;
            k.reads++;
            if (k.at == k.total || b.length == 0) return CompletableFuture.completedFuture(k.at);
            return readPattern(c, k, seed);
        });
    }

    /**
     * The reads of a socket move between the I/O thread and the loop thread (handed over when a read fills
     * a chunk, given back when the socket runs dry): across many such moves, with reads of every size, no
     * byte is lost, doubled or reordered, and what is in flight stays bounded.
     */
    @Test
    protected void aStreamReadInRandomPiecesArrivesWholeAndInOrderAcrossHandOversOfItsReads() throws Exception {
        long total = 16L * 1024 * 1024;
        long seed = System.nanoTime();
        try (Peer peer = patternPeer(total, seed)) {
            int[] moves = new int[2];
            long[] peak = new long[1];
            long got = run(() -> loop.openConnection("127.0.0.1", peer.port()).thenCompose(c -> {
                Cursor k = new Cursor(seed, total);
                return readPattern(c, k, seed).thenCompose(n -> c.reader().atEof().thenApply(eof -> {
                    assertTrue(eof, "more than " + total + " bytes");
                    moves[0] = Probes.handOvers(c);
                    moves[1] = Probes.readsGivenBack(c);
                    peak[0] = Probes.peakInFlight(c.reader());
                    c.close();
                    return n;
                }));
            }));
            assertEquals(total, got);
            assertTrue(moves[0] > 0, "the I/O thread never handed the reads over");
            assertTrue(moves[1] > 0, "the loop thread never gave the reads back");
            long bound = Probes.pauseThreshold(StreamLimits.DEFAULT.readLimit()) + Probes.chunk();
            assertTrue(peak[0] <= Math.max(bound, 300 * 1024 + Probes.chunk()), "peak in flight: " + peak[0]); // a readExactly(n) lets n in
        }
    }

    /**
     * A peer that sends {@link #pattern} in pieces of random sizes (from {@code seed}), each when the client
     * asks for it with one byte; then ends the stream.
     */
    static Peer piecePeer(int pieces, long seed) {
        return Peer.serve(s -> {
            InputStream in = s.getInputStream();
            OutputStream o = s.getOutputStream();
            java.util.Random sizes = new java.util.Random(seed);
            long at = 0;
            for (int i = 0; i < pieces; i++) {
                int n = 1 + sizes.nextInt(100 * 1024);
                if (in.read() < 0) throw new IOException("the client went away after " + i + " pieces");
                byte[] piece = new byte[n];
                for (int k = 0; k < n; k++) piece[k] = pattern(at + k);
                o.write(piece);
                at += n;
            }
            s.shutdownOutput();
        });
    }

    /** The client side of {@link #piecePeer}: where it is, what was asked for, its random choices. Loop thread. */
    static final class Pieces {
        final java.util.Random sizes;
        final java.util.Random rnd;
        final int pieces;
        int asked;
        long sent;
        long at;
        int cancelled;
        int raced;

        Pieces(int pieces, long seed) {
            this.sizes = new java.util.Random(seed); // the peer's sizes, in step with it
            this.rnd = new java.util.Random(~seed);
            this.pieces = pieces;
        }
    }

    /**
     * Reads the pieces with readExactly: each read of a new piece is made before the piece is asked for (so
     * it is pending); a third of them are cancelled from another thread before the piece is asked for (the
     * cancel wins), a third just after (it races the bytes coming in: the I/O thread feeding the reader, or
     * the loop thread reading the socket for it). A cancelled read's bytes are read by the next read.
     */
    LoopFuture<Long> readPieces(StreamConnection c, Pieces k, long seed) {
        if (k.at == k.sent && k.asked == k.pieces) return c.reader().atEof().thenApply(eof -> {
            assertTrue(eof, "more than the pieces");
            return k.at;
        });
        Runnable ask = () -> c.writer().write(new byte[] {1});
        LoopFuture<byte[]> f;
        LoopFuture<?> settled; // done once f is done
        if (k.at < k.sent) { // the bytes of a cancelled read: read them now
            f = c.reader().readExactly((int) (k.sent - k.at));
            settled = f;
        } else {
            int n = 1 + k.sizes.nextInt(100 * 1024);
            k.asked++;
            k.sent += n;
            f = c.reader().readExactly(n);
            assertFalse(f.isDone(), "a read of a piece not asked for yet is done");
            switch (k.rnd.nextInt(3)) {
                case 0 -> {
                    ask.run();
                    settled = f;
                }
                case 1 -> settled = loop.runInExecutor(() -> f.cancel(true)).thenRun(ask); // wins: nothing was asked
                default -> {
                    ask.run();
                    k.raced++;
                    settled = loop.runInExecutor(() -> f.cancel(true));
                }
            }
        }
        return settled.handle((x, e) -> null).thenCompose(x -> f.handle((b, e) -> b)).thenCompose(b -> {
            if (b == null) {
                assertTrue(f.isCancelled(), "the read failed: " + f);
                k.cancelled++;
            } else {
                checkPattern(b, k.at, seed);
                k.at += b.length;
            }
            return readPieces(c, k, seed);
        });
    }

    /**
     * Cancelling a pending read from another thread, before its bytes come or as they come in (fed by the
     * I/O thread, or read from the socket by the loop thread), loses no byte: a cancelled read takes
     * nothing, and what it would have taken is read next.
     */
    @Test
    protected void readsCancelledFromAnotherThreadWhileTheSocketIsReadLoseNoByte() throws Exception {
        int pieces = 90;
        long seed = System.nanoTime();
        try (Peer peer = piecePeer(pieces, seed)) {
            Pieces[] done = new Pieces[1];
            long got = run(() -> loop.openConnection("127.0.0.1", peer.port()).thenCompose(c -> {
                Pieces k = new Pieces(pieces, seed);
                done[0] = k;
                return readPieces(c, k, seed).whenComplete((n, e) -> c.close());
            }));
            assertEquals(done[0].sent, got);
            assertTrue(done[0].cancelled > 0, "no read was cancelled: the test tested nothing");
            assertTrue(done[0].raced > 0, "no cancel raced the bytes");
        }
    }

    @Test
    protected void aRefusedConnectionFailsWithConnectExceptionNamingTheAddress() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Throwable e = failure(() -> loop.openConnection("127.0.0.1", port));
        assertInstanceOf(ConnectException.class, e);
        assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
    }

    @Test
    protected void anUnknownHostFailsWithUnknownHostException() {
        Throwable e = failure(() -> loop.openConnection("nosuch.invalid", 80));
        assertInstanceOf(UnknownHostException.class, e);
        assertTrue(e.getMessage().contains("nosuch.invalid"), e.getMessage());
    }

    @Test
    protected void aResetByThePeerFailsTheNextReadAndDrainWithConnectionResetException() throws Exception {
        CountDownLatch reset = new CountDownLatch(1);
        try (Peer peer = Peer.serve(s -> {
            s.getOutputStream().write(bytes("abc"));
            await(reset);
            s.setSoLinger(true, 0); // close with RST
        })) {
            List<Throwable> got = run(() -> loop.openConnection("127.0.0.1", peer.port()).thenCompose(c ->
                    c.reader().readExactly(3).thenCompose(abc -> {
                        assertEquals("abc", text(abc));
                        reset.countDown();
                        return c.reader().read(10).handle((v, e) -> e);
                    }).thenCompose(readError -> {
                        c.writer().write(bytes("after the reset")); // not thrown: the bytes are dropped
                        return c.writer().drain().handle((v, e) -> List.of(readError, e));
                    })));
            assertInstanceOf(ConnectionResetException.class, unwrap(got.get(0)));
            assertInstanceOf(ConnectionResetException.class, unwrap(got.get(1)));
        }
    }

    @Test
    protected void writingAfterCloseThrowsAndDrainAndReadFailWithStreamClosed() throws Exception {
        try (Peer peer = Peer.serve(s -> readAll(s.getInputStream()))) {
            List<Throwable> got = run(() -> loop.openConnection("127.0.0.1", peer.port()).thenCompose(c -> {
                LoopFuture<byte[]> pending = c.reader().read(10);
                c.close();
                IllegalStateException x = assertThrows(IllegalStateException.class, () -> c.writer().write(bytes("late")));
                assertTrue(x.getMessage().contains("write() after close()"), x.getMessage());
                return pending.handle((v, e) -> e).thenCompose(pendingError -> c.writer().drain().handle((v, e) -> e)
                        .thenCompose(drainError -> c.reader().readLine().handle((v, e) -> List.of(pendingError, drainError, e))));
            }));
            for (Throwable e : got) assertInstanceOf(StreamClosedException.class, unwrap(e));
        }
    }

    /** asyncio: Server.close() stops listening; connections already accepted go on. */
    @Test
    protected void closingAServerRefusesNewConnectionsAndKeepsTheAcceptedOnes() {
        List<String> got = run(() -> loop.startServer(this::echoLines, "127.0.0.1", 0).thenCompose(server -> {
            int port = server.address().getPort();
            return loop.openConnection("127.0.0.1", port).thenCompose(c -> {
                c.writer().write(bytes("one\n"));
                return c.reader().readLine().thenCompose(one -> {
                    server.close();
                    assertTrue(server.isClosed());
                    return server.closed().thenCompose(v -> {
                        c.writer().write(bytes("two\n"));
                        return c.reader().readLine();
                    }).thenCompose(two -> loop.openConnection("127.0.0.1", port).handle((c2, e) -> {
                        c.close();
                        if (c2 != null) c2.close();
                        return List.of(one, two, e == null ? "connected" : unwrap(e).getClass().getSimpleName());
                    }));
                });
            });
        }));
        assertEquals(List.of("one", "two", "ConnectException"), got);
    }

    /** A handler that throws is reported to the loop's exception handler, and its connection is closed. */
    @Test
    protected void aServerHandlerThatThrowsIsReportedAndItsConnectionClosed() {
        List<ErrorContext> reported = new CopyOnWriteArrayList<>();
        IllegalStateException bug = new IllegalStateException("a bug in the handler");
        int[] port = new int[1];
        int got = run(() -> {
            loop.setExceptionHandler(reported::add);
            return loop.startServer(c -> {
                throw bug;
            }, "127.0.0.1", 0).thenCompose(server -> {
                port[0] = server.address().getPort();
                // bounded in real time (host clocks may be manual): a connection left open must fail the test, not hang it
                return loop.openConnection("127.0.0.1", port[0]).thenCompose(c -> withinRealTime(c.reader().read(10), 20).thenApply(b -> {
                    c.close();
                    server.close();
                    return b.length;
                }));
            });
        });
        assertEquals(0, got, "the connection of the failed handler was not closed (expected the end of the stream)");
        List<ErrorContext> mine = reported.stream().filter(r -> r.exception() == bug).toList();
        assertEquals(1, mine.size(), "reports: " + reported);
        assertTrue(mine.get(0).message().contains("127.0.0.1:" + port[0]), mine.get(0).message());
        assertTrue(mine.get(0).message().contains("the connection is closed"), mine.get(0).message());
    }

    /**
     * Cancelling {@code openConnection} while the connect is in progress closes the socket at once (it
     * would otherwise go on in the kernel until the connect times out). A connect stays in progress here
     * because the peer's accept queue is full: Linux drops the SYN and the client retries for minutes.
     */
    @Test
    protected void cancellingAConnectInProgressClosesItsSocketAtOnce() throws Exception {
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> queued = fillAcceptQueue(full);
            try {
                int[] got = run(() -> {
                    LoopFuture<StreamConnection> f = loop.openConnection("127.0.0.1", full.getLocalPort());
                    return onLoop(realDelay(200)).thenCompose(v -> {
                        int pending = f.isDone() ? -1 : openChannels(loop);
                        f.cancel(true);
                        return f.handle((c, e) -> new int[] {pending, f.isCancelled() ? 1 : 0, openChannels(loop)});
                    });
                });
                assertEquals(1, got[0], "the connect was not in progress (-1: it finished) with one socket open");
                assertEquals(1, got[1], "not cancelled");
                assertEquals(0, got[2], "the socket of the cancelled connect is still open");
            } finally {
                for (Socket s : queued) s.close();
            }
        }
    }

    /** Fills {@code server}'s accept queue (it never accepts) until a connect no longer completes. */
    static List<Socket> fillAcceptQueue(ServerSocket server) throws IOException {
        List<Socket> queued = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            Socket s = new Socket();
            try {
                s.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 300);
                queued.add(s);
            } catch (java.net.SocketTimeoutException full) {
                s.close();
                return queued;
            }
        }
        for (Socket s : queued) s.close();
        Assumptions.assumeTrue(false, "this platform completes connects to a full accept queue (Linux does not): no connect stays in progress");
        return queued;
    }

    /** The sockets and servers {@code loop} has open (its I/O service, reached as {@link TestCores} reaches the core). */
    static int openChannels(EventLoop loop) {
        try {
            java.lang.reflect.Field f = io.loopbridge.core.GuestLoop.class.getDeclaredField("io");
            f.setAccessible(true);
            io.loopbridge.core.internal.io.IoService io = (io.loopbridge.core.internal.io.IoService) f.get(TestCores.of(loop));
            return io == null ? 0 : io.openChannels();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot reach the I/O service of " + loop, e);
        }
    }

    /** A handler that echoes every line until the end of the stream. */
    protected void echoLines(StreamConnection c) {
        c.reader().readLine().thenAccept(line -> {
            if (line == null) {
                c.close();
                return;
            }
            c.writer().write(bytes(line + "\n"));
            echoLines(c);
        });
    }

    @Test
    protected void aServerBindsWhereTold() {
        StreamServer s = run(() -> loop.startServer(c -> { }, "127.0.0.1", 0));
        assertEquals("127.0.0.1", s.address().getAddress().getHostAddress());
        assertTrue(s.address().getPort() > 0);
        Throwable e = failure(() -> loop.startServer(c -> { }, "127.0.0.1", s.address().getPort()));
        assertInstanceOf(java.net.BindException.class, e);
        assertTrue(e.getMessage().contains("127.0.0.1:" + s.address().getPort()), e.getMessage());
    }

    /** A thousand connections at once, both ends on this loop: one I/O thread for all of them. */
    @Test
    protected void aThousandConnectionsShareTheLoopsOneIoThread() {
        int n = 1000;
        int threadsBefore = LeakCheck.threadCount();
        List<String> echoed = run(() -> loop.startServer(this::echoLines, "127.0.0.1", 0).thenCompose(server -> {
            List<LoopFuture<String>> all = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String msg = "client " + i;
                all.add(loop.openConnection("127.0.0.1", server.address().getPort()).thenCompose(c -> {
                    c.writer().write(bytes(msg + "\n"));
                    return c.reader().readLine().whenComplete((l, e) -> c.close());
                }));
            }
            return loop.gather(all).whenComplete((v, e) -> server.close());
        }));
        for (int i = 0; i < n; i++) assertEquals("client " + i, echoed.get(i));
        String loopName = TestCores.of(loop).toString();
        loopName = loopName.substring(0, loopName.indexOf('['));
        int ioThreads = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) if (t.getName().equals(loopName + Probes.ioThreadSuffix())) ioThreads++;
        assertEquals(1, ioThreads, "I/O threads of " + loopName + ": " + LeakCheck.threadNames());
        int added = LeakCheck.threadCount() - threadsBefore;
        assertTrue(added <= 3, added + " threads more for " + n + " connections: " + LeakCheck.threadNames());
    }

    @Test
    protected void closingTheLoopClosesItsSocketsAndServers() throws Exception {
        CountDownLatch connected = new CountDownLatch(1);
        AtomicLong peerRead = new AtomicLong(-2);
        try (Peer peer = Peer.serve(s -> {
            connected.countDown();
            peerRead.set(s.getInputStream().read()); // blocks until the loop closes the connection
        })) {
            StreamServer server = run(() -> loop.startServer(c -> { }, "127.0.0.1", 0));
            StreamConnection out = run(() -> loop.openConnection("127.0.0.1", peer.port()));
            await(connected);
            Socket client = new Socket(InetAddress.getLoopbackAddress(), server.address().getPort());
            client.setSoTimeout(20_000);
            loop.close();
            int r;
            try {
                r = client.getInputStream().read();
            } catch (java.net.SocketException reset) {
                r = -1;
            }
            assertEquals(-1, r, "the loop's accepted connection is still open");
            client.close();
            peer.close();
            assertEquals(-1, peerRead.get(), "the loop's outgoing connection is still open");
            assertThrows(ConnectException.class, () -> new Socket(InetAddress.getLoopbackAddress(), server.address().getPort()).close());
            assertTrue(server.isClosed() || loop.isClosed());
            assertTrue(out.localAddress().getPort() > 0);
        }
    }

    // =============================================================================================
    // Subprocesses
    // =============================================================================================

    /** ported from test_subprocess.py: test_stdout_stderr / test_communicate (output, error, return code) */
    @Test
    protected void aProcessGivesItsStdoutStderrAndExitCode() {
        List<Object> got = run(() -> loop.subprocess(StreamChild.builder("both", "hello", "oops", "3")).thenCompose(p ->
                readText(p.stdout(), new StringBuilder()).thenCompose(out -> readText(p.stderr(), new StringBuilder())
                        .thenCompose(err -> p.exit().thenApply(code -> List.<Object>of(out, err, code))))));
        assertEquals(List.of("hello", "oops", 3), got);
    }

    /** ported from test_subprocess.py: test_stdin_stdout */
    @Test
    protected void stdinIsPipedToTheProcess() {
        List<Object> got = run(() -> loop.subprocess(StreamChild.builder("echo")).thenCompose(p -> {
            p.stdin().write(bytes("ping\n"));
            return p.stdout().readLine().thenCompose(ping -> {
                p.stdin().write(bytes("pong\n"));
                p.stdin().writeEof();
                return p.stdout().readLine().thenCompose(pong -> p.stdout().readLine()
                        .thenCompose(end -> p.exit().thenApply(code -> Arrays.asList(ping, pong, end, code))));
            });
        }));
        assertEquals(Arrays.asList("ping", "pong", null, 0), got);
    }

    @Test
    protected void linesOfAProcessArriveInOrder() {
        List<String> got = run(() -> loop.subprocess(StreamChild.builder("lines", "2000")).thenCompose(p -> {
            List<String> lines = new ArrayList<>();
            return collectLines(p.stdout(), lines).thenCompose(v -> p.exit()).thenApply(code -> lines);
        }));
        assertEquals(2000, got.size());
        for (int i = 0; i < got.size(); i++) assertEquals("line " + (i + 1), got.get(i));
    }

    static LoopFuture<Void> collectLines(io.loopbridge.core.AsyncStreamReader r, List<String> into) {
        return r.readLine().thenCompose(l -> {
            if (l == null) return CompletableFuture.completedFuture(null);
            into.add(l);
            return collectLines(r, into);
        });
    }

    @Test
    protected void aProcessThatCannotStartFailsWithIOExceptionNamingIt() {
        Throwable e = failure(() -> loop.subprocess(new ProcessBuilder("/nonexistent/no-such-program-42")));
        assertInstanceOf(IOException.class, e);
        assertTrue(e.getMessage().contains("no-such-program-42"), e.getMessage());
    }

    @Test
    protected void redirectedStreamsReadAsEnded() {
        List<Object> got = run(() -> loop.subprocess(StreamChild.builder("both", "out", "err", "0")
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.INHERIT)).thenCompose(p ->
                p.stderr().atEof().thenCompose(errAtEof -> readText(p.stdout(), new StringBuilder())
                        .thenCompose(out -> p.exit().thenApply(code -> {
                            assertThrows(IllegalStateException.class, () -> p.stdin().write(new byte[0]), "a redirected stdin is closed");
                            return List.<Object>of(errAtEof, out.length());
                        })))));
        assertEquals(List.of(true, 6), got); // "out" and "err", merged in either order
    }

    /** ported from test_subprocess.py: test_cancel_process_wait (here cancelling the owning task terminates the process) */
    @Test
    protected void cancellingTheTaskThatStartedAProcessTerminatesIt() throws Exception {
        long[] pid = new long[1];
        Task<?>[] owner = new Task<?>[1];
        run(() -> {
            LoopFuture<Void> ready = loop.createFuture();
            owner[0] = loop.createTask(() -> loop.subprocess(StreamChild.builder("sleep")).thenCompose(p -> {
                pid[0] = p.pid();
                return p.stdout().readLine().thenCompose(line -> {
                    ready.complete(null);
                    return new CompletableFuture<Void>(); // waits for ever on something it does not own
                });
            }));
            return ready.thenCompose(v -> {
                owner[0].cancel(true);
                return owner[0].handle((x, e) -> null);
            });
        });
        assertTrue(owner[0].isCancelled());
        awaitGone(pid[0]);
    }

    /** Trio's run_process: SIGTERM on cancel, SIGKILL if the process is still alive after a grace period. */
    @Test
    protected void aCancelledProcessThatIgnoresSigtermIsKilledAfterTheGrace() throws Exception {
        long[] pid = new long[1];
        Task<?>[] owner = new Task<?>[1];
        boolean aliveAfterSigterm = run(() -> {
            LoopFuture<Void> ready = loop.createFuture();
            owner[0] = loop.createTask(() -> loop.subprocess(StreamChild.builder("stubborn")).thenCompose(p -> {
                pid[0] = p.pid();
                return p.stdout().readLine().thenCompose(line -> {
                    ready.complete(null);
                    return new CompletableFuture<Void>(); // waits for ever on something it does not own
                });
            }));
            return ready.thenCompose(v -> {
                owner[0].cancel(true);
                return owner[0].handle((x, e) -> null);
            }).thenCompose(v -> onLoop(realDelay(1_000)))
                    .thenApply(v -> ProcessHandle.of(pid[0]).map(ProcessHandle::isAlive).orElse(false));
        });
        assertTrue(owner[0].isCancelled());
        assertTrue(aliveAfterSigterm, "the child did not outlive SIGTERM: this test would prove nothing");
        awaitGone(pid[0]); // within 20 s: the grace is 5 s
    }

    @Test
    protected void aTimedOutWaitForTheExitTerminatesTheProcess() throws Exception {
        long[] pid = new long[1];
        Throwable e = failure(() -> loop.subprocess(StreamChild.builder("sleep")).thenCompose(p -> {
            pid[0] = p.pid();
            return p.stdout().readLine().thenCompose(ready -> loop.waitFor(p.exit(), Duration.ofMillis(50)));
        }));
        assertInstanceOf(TimeoutException.class, e);
        awaitGone(pid[0]);
    }

    /** ported from test_subprocess.py: test_kill, test_terminate */
    @Test
    protected void killAndTerminateEndTheProcess() {
        List<Integer> codes = run(() -> loop.subprocess(StreamChild.builder("sleep")).thenCompose(a -> loop.subprocess(StreamChild.builder("sleep"))
                .thenCompose(b -> a.stdout().readLine().thenCompose(x -> b.stdout().readLine()).thenCompose(x -> {
                    a.kill();
                    b.terminate();
                    return a.exit().thenCompose(ca -> b.exit().thenApply(cb -> List.of(ca, cb)));
                }))));
        assertNotEquals(0, codes.get(0));
        assertNotEquals(0, codes.get(1));
    }

    /** A process printing 10 MB to a reader that stops for a while: the pump stops too, within its bound. */
    @Test
    protected void tenMegabytesToASlowReaderStayWithinThePumpsBound() {
        long total = 10L * 1024 * 1024;
        int limit = 64 * 1024;
        long[] got = run(() -> loop.subprocess(StreamChild.builder("flood", String.valueOf(total))).thenCompose(p ->
                p.stdout().atEof().thenCompose(eof -> onLoop(realDelay(300))).thenCompose(v -> {
                    long stalled = Probes.inFlight(p.stdout());
                    return slowLines(p.stdout(), 0, 0).thenCompose(n -> p.exit().thenApply(code -> new long[] {stalled, n, code, Probes.stdoutPeak(p)}));
                })));
        long bound = Probes.pauseThreshold(limit) + Probes.chunk();
        assertTrue(got[0] <= bound, "in flight while the reader paused: " + got[0] + " > " + bound);
        assertTrue(got[3] <= bound, "peak in flight: " + got[3] + " > " + bound);
        assertEquals(total, got[1]);
        assertEquals(0, got[2]);
    }

    /** Reads lines, pausing (in real time) every 20,000 lines: a reader slower than the process. */
    LoopFuture<Long> slowLines(io.loopbridge.core.AsyncStreamReader r, long bytes, int lines) {
        return r.readUntil(new byte[] {'\n'}).handle((b, e) -> {
            if (e != null) {
                IncompleteReadException x = (IncompleteReadException) unwrap(e);
                return CompletableFuture.completedFuture(bytes + x.partial().length);
            }
            long n = bytes + b.length;
            if ((lines + 1) % 20_000 == 0) return onLoop(realDelay(20)).thenCompose(v -> slowLines(r, n, lines + 1));
            return slowLines(r, n, lines + 1);
        }).thenCompose(f -> f);
    }

    @Test
    protected void closingTheLoopKillsItsProcesses() throws Exception {
        long pid = run(() -> loop.subprocess(StreamChild.builder("sleep")).thenCompose(p -> p.stdout().readLine().thenApply(ready -> p.pid())));
        loop.close();
        awaitGone(pid);
    }

    /** Waits (up to 20 s) until process {@code pid} is gone. */
    static void awaitGone(long pid) throws Exception {
        java.util.Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isPresent()) h.get().onExit().get(20, TimeUnit.SECONDS);
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "process " + pid + " still alive");
    }
}
