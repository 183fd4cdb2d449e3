package io.loopbridge.swing;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.awt.AWTEvent;
import java.awt.EventQueue;
import java.awt.Toolkit;
import java.awt.event.InvocationEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Counts the loop's turn events as AWT sees them, with an {@link EventQueue} pushed for the test:
 * however many threads submit, one {@code invokeLater} at most is in flight.
 */
@Timeout(60)
class WakeUpCoalescingTest {
    private SwingLoop loop;

    @BeforeEach
    void createLoop() {
        loop = SwingLoop.create();
    }

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    /** An event queue that counts the invocation events of one loop's turns. */
    static final class CountingQueue extends EventQueue {
        private final String marker;
        final AtomicInteger turnEvents = new AtomicInteger();

        CountingQueue(SwingLoop loop) {
            marker = "runnable=" + loop.host().turnName() + ",";
        }

        @Override
        public void postEvent(AWTEvent e) {
            if (e instanceof InvocationEvent && e.paramString().contains(marker)) turnEvents.incrementAndGet();
            super.postEvent(e);
        }

        void uninstall() {
            pop();
        }
    }

    @Test
    void manyCrossThreadSubmissionsWhileTheEdtIsBusyPostOneInvokeLater() throws Exception {
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        EventQueue.invokeLater(() -> { // keep the EDT busy: nothing it could dispatch meanwhile
            busy.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        busy.await();
        CountingQueue queue = new CountingQueue(loop);
        Toolkit.getDefaultToolkit().getSystemEventQueue().push(queue);
        try {
            int threads = 4;
            int each = 10_000;
            AtomicInteger ran = new AtomicInteger();
            CompletableFuture<Void> allRan = new CompletableFuture<>();
            List<Thread> producers = new ArrayList<>();
            for (int p = 0; p < threads; p++) {
                Thread t = new Thread(() -> {
                    for (int i = 0; i < each; i++) {
                        loop.callSoon(() -> {
                            if (ran.incrementAndGet() == threads * each) allRan.complete(null);
                        });
                    }
                });
                t.start();
                producers.add(t);
            }
            for (Thread t : producers) t.join();
            assertEquals(1, queue.turnEvents.get(), "invokeLater posts for " + threads * each + " submissions");
            release.countDown();
            allRan.get(30, TimeUnit.SECONDS);
            assertEquals(threads * each, ran.get());
        } finally {
            release.countDown();
            queue.uninstall();
        }
    }

    @Test
    void submissionsAfterATurnTookTheWorkPostTheNextTurn() throws Exception {
        // The coalescing must not swallow a wake-up: each burst after the EDT went idle runs.
        for (int burst = 0; burst < 50; burst++) {
            CompletableFuture<Integer> done = new CompletableFuture<>();
            int n = burst;
            loop.callSoon(() -> done.complete(n));
            assertEquals(burst, done.get(10, TimeUnit.SECONDS));
        }
    }
}
