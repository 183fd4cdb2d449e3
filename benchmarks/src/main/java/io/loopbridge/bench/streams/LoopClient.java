package io.loopbridge.bench.streams;

import io.loopbridge.core.AsyncStreamReader;
import io.loopbridge.core.EventLoop;
import io.loopbridge.core.LoopFuture;
import io.loopbridge.core.StandaloneLoop;
import io.loopbridge.core.StreamConnection;
import io.loopbridge.core.StreamServer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * LoopBridge's streams, as an application writes them: every step a continuation on the loop thread (the
 * FX Application Thread for an {@code FxLoop}, the EDT for a {@code SwingLoop}), in a task, in the
 * callback style (no coroutines). The harness's main thread hands each row to the loop with
 * {@code execute} and waits for its outcome.
 *
 * <p><b>Threading.</b> The public methods on the harness's main thread; everything they start on the loop
 * thread.
 */
final class LoopClient implements Client {
    private static final byte[] HI = "hi\n".getBytes(StandardCharsets.UTF_8);

    private final EventLoop loop;
    /** The thread driving a standalone loop (null for a UI loop: the toolkit drives it). */
    private final Thread driver;

    private LoopClient(EventLoop loop, Thread driver) {
        this.loop = loop;
        this.driver = driver;
    }

    /** A {@code StandaloneLoop} run by {@code runForever} on a platform thread of its own. */
    static LoopClient standalone() {
        StandaloneLoop loop = StandaloneLoop.create();
        Thread t = new Thread(loop::runForever, "standalone-loop");
        t.setDaemon(true);
        t.start();
        return new LoopClient(loop, t);
    }

    /** A loop the UI toolkit drives (an {@code FxLoop} or a {@code SwingLoop}). */
    static LoopClient onUi(EventLoop loop) {
        return new LoopClient(loop, null);
    }

    /** Runs {@code body} as a task on the loop and waits (at most {@code seconds}) for its value. */
    private <T> T onLoop(Supplier<? extends CompletionStage<T>> body, long seconds) throws Exception {
        CompletableFuture<T> out = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                loop.createTask(body).whenComplete((v, e) -> {
                    if (e != null) out.completeExceptionally(e);
                    else out.complete(v);
                });
            } catch (RuntimeException e) {
                out.completeExceptionally(e);
            }
        });
        return out.get(seconds, TimeUnit.SECONDS);
    }

    @Override
    public long echo(int port, long total) throws Exception {
        byte[] chunk = new byte[CHUNK];
        return onLoop(() -> loop.openConnection("127.0.0.1", port).thenCompose(c -> {
            LoopFuture<Long> done = loop.createFuture();
            long t0 = System.nanoTime();
            new Object() {
                long sent;

                /** Writes while drain() is done at once; else resumes when it completes (backpressure). */
                void pump() {
                    while (sent < total) {
                        c.writer().write(chunk);
                        sent += chunk.length;
                        LoopFuture<Void> d = c.writer().drain();
                        if (!d.isDone()) {
                            d.thenRun(this::pump);
                            return;
                        }
                    }
                }
            }.pump();
            readCount(c.reader(), total, 0, t0, done);
            return done.whenComplete((v, e) -> c.close());
        }), 300);
    }

    private static void readCount(AsyncStreamReader r, long total, long got, long t0, LoopFuture<Long> done) {
        r.read(CHUNK).whenComplete((b, e) -> {
            if (e != null || b.length == 0) {
                done.completeExceptionally(e != null ? e : new IllegalStateException("the echo ended after " + got + " of " + total + " bytes"));
                return;
            }
            long now = got + b.length;
            if (now >= total) done.complete(System.nanoTime() - t0);
            else readCount(r, total, now, t0, done);
        });
    }

    @Override
    public long[] pingPong(int port, int warm, int n) throws Exception {
        long[] lat = new long[n];
        byte[] req = new byte[PING];
        onLoop(() -> loop.openConnection("127.0.0.1", port).thenCompose(c -> {
            LoopFuture<Void> done = loop.createFuture();
            new Object() {
                void ping(int i) {
                    long t0 = System.nanoTime();
                    c.writer().write(req);
                    c.reader().readExactly(PING).thenAccept(b -> {
                        if (i >= 0) lat[i] = System.nanoTime() - t0;
                        if (i + 1 == n) done.complete(null);
                        else ping(i + 1);
                    });
                }
            }.ping(-warm);
            return done.whenComplete((v, e) -> c.close());
        }), 300);
        return lat;
    }

    @Override
    public void connections(int n, Runnable measure) throws Exception {
        List<StreamConnection> clients = new ArrayList<>();
        List<StreamConnection> served = new ArrayList<>();
        StreamServer server = onLoop(() -> loop.startServer(c -> {
            served.add(c);
            echoLines(c);
        }, "127.0.0.1", 0), 60);
        try {
            onLoop(() -> {
                List<LoopFuture<StreamConnection>> all = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    all.add(loop.openConnection("127.0.0.1", server.address().getPort()).thenCompose(c -> {
                        c.writer().write(HI);
                        return c.reader().readLine().thenApply(line -> c);
                    }));
                }
                return loop.gather(all).thenApply(clients::addAll);
            }, 120);
            measure.run();
        } finally {
            onLoop(() -> {
                for (StreamConnection c : clients) c.close();
                server.close();
                return server.closed();
            }, 60);
        }
    }

    private static void echoLines(StreamConnection c) {
        c.reader().readLine().thenAccept(line -> {
            if (line == null) {
                c.close();
                return;
            }
            c.writer().write((line + "\n").getBytes(StandardCharsets.UTF_8));
            echoLines(c);
        });
    }

    @Override
    public long lines(ProcessBuilder builder, int n) throws Exception {
        return onLoop(() -> loop.subprocess(builder).thenCompose(p -> {
            LoopFuture<Long> done = loop.createFuture();
            new Object() {
                long first;
                int count;

                void next() {
                    p.stdout().readLine().thenAccept(line -> {
                        if (line == null) {
                            if (count != n) throw new IllegalStateException(count + " lines of " + n);
                            done.complete(System.nanoTime() - first);
                            return;
                        }
                        if (count++ == 0) first = System.nanoTime();
                        next();
                    });
                }
            }.next();
            return done.thenCompose(ns -> p.exit().thenApply(code -> ns));
        }), 300);
    }

    @Override
    public void close() throws Exception {
        loop.close();
        if (driver != null) driver.join(10_000);
    }
}
