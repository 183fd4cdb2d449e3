package io.loopbridge.core;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link EventLoop#runInExecutor(CancellableWork)} and its {@link CancelSignal}, {@link Progress#forTask},
 * and the completed/failed future factories (issue 16, items 6 and 8). The download test is the pattern
 * {@code docs/javafx.md} shows, against a real HTTP server on 127.0.0.1: the JDK's response stream ignores
 * the worker's interrupt, and only the close action stops the transfer.
 */
@Timeout(60)
class CancellableWorkTest {
    private final StandaloneLoop loop = StandaloneLoop.create();
    private final List<ErrorContext> errors = new ArrayList<>();

    {
        loop.setExceptionHandler(errors::add);
    }

    @Test
    void aCloseActionStopsAnHttpDownloadThatIgnoresTheWorkersInterrupt() throws Exception {
        // a server that streams 64 KiB every 5 ms, up to 64 MiB, and records when its writes start failing
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AtomicLong sentAfterCancel = new AtomicLong();
        AtomicBoolean cancelled = new AtomicBoolean();
        CompletableFuture<Throwable> serverSawTheEnd = new CompletableFuture<>();
        server.createContext("/big", ex -> {
            byte[] chunk = new byte[64 << 10];
            ex.sendResponseHeaders(200, 1024L * chunk.length);
            try (OutputStream out = ex.getResponseBody()) {
                for (int i = 0; i < 1024; i++) {
                    out.write(chunk);
                    out.flush();
                    if (cancelled.get()) sentAfterCancel.addAndGet(chunk.length);
                    java.util.concurrent.locks.LockSupport.parkNanos(5_000_000L);
                }
                serverSawTheEnd.complete(null);
            } catch (IOException e) {
                serverSawTheEnd.complete(e);
            }
        });
        server.start();
        HttpClient http = HttpClient.newHttpClient();
        try {
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/big");
            Progress progress = new Progress(loop);
            AtomicLong received = new AtomicLong();
            CountDownLatch started = new CountDownLatch(1);
            AtomicInteger updatesAfterCancel = new AtomicInteger();
            Task<byte[]>[] run = new Task[1];
            run[0] = loop.createTask(() -> {
                Progress mine = progress.forTask(Task.current());
                return loop.runInExecutor(cancel -> {
                    HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofInputStream());
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    byte[] buf = new byte[16 << 10];
                    try (InputStream in = r.body()) {
                        Handle unblock = cancel.onCancel(() -> {
                            try {
                                in.close();
                            } catch (IOException ignored) {
                                // closing is all we want
                            }
                        });
                        for (int n; (n = in.read(buf)) >= 0; ) {
                            out.write(buf, 0, n);
                            received.addAndGet(n);
                            started.countDown();
                            if (cancel.isCancelled()) updatesAfterCancel.incrementAndGet();
                            mine.update(received.get(), 64 << 20);
                        }
                        unblock.cancel();
                    }
                    return out.toByteArray();
                });
            });
            Thread driver = new Thread(() -> loop.runUntilComplete(loop.sleep(java.time.Duration.ofSeconds(30)).handle((v, e) -> v)));
            driver.start();
            assertTrue(started.await(20, TimeUnit.SECONDS), "nothing arrived");
            cancelled.set(true);
            run[0].cancel(true);
            Throwable end = serverSawTheEnd.get(20, TimeUnit.SECONDS);
            assertInstanceOf(IOException.class, end, "the server sent the whole body: the transfer went on after the cancel");
            assertTrue(sentAfterCancel.get() < (16L << 20), sentAfterCancel.get() + " bytes sent after the cancel");
            loop.stop();
            driver.join(10_000);
            assertTrue(run[0].isCancelled());
        } finally {
            server.stop(0);
            loop.close();
        }
    }

    @Test
    void theSignalIsSeenByWorkThatPollsIt() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        LoopFuture<String> f = loop.runInExecutor(cancel -> {
            running.countDown();
            while (true) {
                cancel.throwIfCancelled();
                Thread.onSpinWait();
            }
        });
        assertTrue(running.await(10, TimeUnit.SECONDS));
        f.cancel(false); // no interrupt: only the signal tells it
        assertTrue(f.isCancelled());
        loop.close();
    }

    @Test
    void anActionRegisteredAfterTheCancelRunsAtOnceAndOneUnregisteredNeverRuns() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch cancelledFirst = new CountDownLatch(1);
        CountDownLatch checked = new CountDownLatch(1);
        List<String> ran = new java.util.concurrent.CopyOnWriteArrayList<>();
        LoopFuture<String> f = loop.runInExecutor(cancel -> {
            Handle dropped = cancel.onCancel(() -> ran.add("dropped"));
            dropped.cancel();
            if (!dropped.isCancelled()) ran.add("not unregistered");
            started.countDown();
            cancelledFirst.await();
            cancel.onCancel(() -> ran.add("late"));
            checked.countDown();
            return "x";
        });
        assertTrue(started.await(10, TimeUnit.SECONDS));
        f.cancel(false);
        cancelledFirst.countDown();
        assertTrue(checked.await(10, TimeUnit.SECONDS));
        assertEquals(List.of("late"), ran);
        loop.close();
    }

    @Test
    void actionsAreDroppedWhenTheWorkCompletesAndAThrowingActionIsReported() throws Exception {
        AtomicInteger ran = new AtomicInteger();
        LoopFuture<String> done = loop.runInExecutor(cancel -> {
            cancel.onCancel(ran::incrementAndGet);
            return "done";
        });
        assertEquals("done", loop.runUntilComplete(done));
        done.cancel(true);
        assertEquals(0, ran.get());

        CountDownLatch registered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        IllegalStateException boom = new IllegalStateException("close failed");
        LoopFuture<String> f = loop.runInExecutor(cancel -> {
            cancel.onCancel(() -> {
                throw boom;
            });
            registered.countDown();
            release.await();
            return "x";
        });
        assertTrue(registered.await(10, TimeUnit.SECONDS));
        f.cancel(true);
        release.countDown();
        loop.runUntilComplete(loop.sleep(java.time.Duration.ofMillis(1)));
        assertTrue(errors.stream().anyMatch(c -> c.exception() == boom && c.source() == f), errors.toString());
        loop.close();
    }

    @Test
    void aTaskChannelOfAProgressDropsWhatItIsToldOnceItsTaskIsDone() {
        Progress progress = new Progress(loop);
        List<Double> seen = new ArrayList<>();
        Task<Void>[] t = new Task[1];
        Progress[] ch = new Progress[1];
        loop.runUntilComplete(loop.createTask(() -> {
            progress.onChange(() -> seen.add(progress.fraction()));
            t[0] = loop.createTask(() -> loop.sleep(java.time.Duration.ofMillis(1)));
            ch[0] = progress.forTask(t[0]);
            ch[0].update(1, 4);
            return t[0];
        }));
        ch[0].update(3, 4); // the task is done: dropped
        loop.runUntilComplete(loop.sleep(java.time.Duration.ofMillis(1)));
        assertEquals(List.of(0.25), seen);
        assertEquals(0.25, ch[0].fraction());
        assertThrows(IllegalStateException.class, () -> ch[0].onChange(() -> { }));
        loop.close();
    }

    @Test
    void aBodyFailsWithACheckedExceptionThroughFailedFutureWithoutCeremony() {
        IOException io = new IOException("no route");
        Task<String> t = loop.createTask(() -> loop.failedFuture(io));
        CompletableFuture<Throwable> cause = new CompletableFuture<>();
        t.whenComplete((v, e) -> cause.complete(e));
        Throwable thrown = assertThrows(java.util.concurrent.CompletionException.class, () -> loop.runUntilComplete(t));
        assertSame(io, thrown.getCause());
        LoopFuture<String> ok = loop.completedFuture("at once");
        assertTrue(ok.isDone());
        assertEquals("at once!", loop.runUntilComplete(ok.thenApply(v -> v + "!")));
        assertFalse(errors.stream().anyMatch(c -> c.exception() == io), "observed: not reported");
        loop.close();
    }

    @Test
    void aCancelledWorksFutureReportsCancellationNotTheWorksLaterOutcome() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        LoopFuture<String> f = loop.runInExecutor(cancel -> {
            running.countDown();
            release.await(); // ignores the cancel: the outcome is discarded
            return "late";
        });
        assertTrue(running.await(10, TimeUnit.SECONDS));
        f.cancel(false);
        release.countDown();
        assertThrows(CancellationException.class, () -> loop.runUntilComplete(f));
        loop.close();
    }
}
