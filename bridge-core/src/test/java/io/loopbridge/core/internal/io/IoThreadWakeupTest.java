package io.loopbridge.core.internal.io;

import io.loopbridge.core.StandaloneLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link IoThread#wakeup()} wakes the selector only while it is in {@code select}: an interest change made
 * while the I/O thread is busy elsewhere is seen by its next {@code select} without a wake-up, and one made
 * while it waits wakes it. Real sockets on 127.0.0.1; bounded by timeouts.
 */
@Timeout(30)
class IoThreadWakeupTest {
    private final StandaloneLoop loop = StandaloneLoop.create(); // only where the I/O thread reports errors
    private IoThread io;

    @AfterEach
    void close() {
        if (io != null) io.shutdown(5_000);
        loop.close();
    }

    /** A connected pair: {@code [0]} the writing end (blocking), {@code [1]} the end registered with the I/O thread. */
    private static SocketChannel[] pair(ServerSocketChannel server) throws IOException {
        SocketChannel a = SocketChannel.open(server.getLocalAddress());
        SocketChannel b = server.accept();
        b.configureBlocking(false);
        return new SocketChannel[] {a, b};
    }

    /** Registers {@code ch} with no interest; the handler drops the interest again and counts {@code readable} down. */
    private SelectionKey register(SocketChannel ch, CountDownLatch readable) throws Exception {
        CompletableFuture<SelectionKey> key = new CompletableFuture<>();
        io.submit(() -> {
            try {
                key.complete(io.register(ch, 0, (k, t) -> {
                    k.interestOps(0);
                    readable.countDown();
                }));
            } catch (IOException e) {
                key.completeExceptionally(e);
            }
        });
        return key.get(10, TimeUnit.SECONDS);
    }

    private static void await(CountDownLatch l) {
        try {
            if (!l.await(10, TimeUnit.SECONDS)) throw new AssertionError("latch not released within 10 s");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void anInterestChangeWhileTheIoThreadIsBusyIsSeenByItsNextSelectWithoutAWakeUp() throws Exception {
        io = new IoThread(loop, "wakeup-test-io");
        try (ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            SocketChannel[] p = pair(server);
            try (SocketChannel a = p[0]; SocketChannel b = p[1]) {
                CountDownLatch readable = new CountDownLatch(1);
                SelectionKey k = register(b, readable);
                CountDownLatch busy = new CountDownLatch(1);
                CountDownLatch release = new CountDownLatch(1);
                io.submit(() -> { // holds the I/O thread between two selects
                    busy.countDown();
                    await(release);
                });
                await(busy);
                a.write(ByteBuffer.wrap(new byte[] {1}));
                long before = io.wakeupsSent;
                k.interestOpsOr(SelectionKey.OP_READ);
                io.wakeup();
                assertEquals(before, io.wakeupsSent, "woke a selector that was not selecting");
                release.countDown();
                assertTrue(readable.await(10, TimeUnit.SECONDS), "the next select did not see the new interest");
            }
        }
    }

    @Test
    void anInterestChangeWhileTheIoThreadWaitsInSelectWakesIt() throws Exception {
        io = new IoThread(loop, "wakeup-test-io");
        try (ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            SocketChannel[] p = pair(server);
            try (SocketChannel a = p[0]; SocketChannel b = p[1]) {
                CountDownLatch readable = new CountDownLatch(1);
                SelectionKey k = register(b, readable);
                a.write(ByteBuffer.wrap(new byte[] {1})); // readable, but nobody asks: the I/O thread waits in select
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!io.isSelecting()) {
                    assertTrue(System.nanoTime() < deadline, "the I/O thread never went back to select");
                    Thread.onSpinWait();
                }
                long before = io.wakeupsSent;
                k.interestOpsOr(SelectionKey.OP_READ);
                io.wakeup();
                assertEquals(before + 1, io.wakeupsSent, "a selector in select was not woken");
                assertTrue(readable.await(10, TimeUnit.SECONDS), "the woken select did not see the new interest");
            }
        }
    }
}
