package io.loopbridge.swing;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.swing.Timer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A million callbacks from four threads: all run, on the EDT, each producer's in its order, while a
 * 16 ms {@link javax.swing.Timer} (standing in for painting: another EDT client) keeps ticking because
 * the host yields every {@value EdtHost#TIME_SLICE_NANOS} ns. The bound asserted on the tick gap is
 * deliberately generous (the machine is shared); the measured gap is printed.
 */
@Timeout(120)
class FloodTest {
    private SwingLoop loop;

    @BeforeEach
    void createLoop() {
        loop = SwingLoop.create();
    }

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    @Test
    void millionCallbacksFromFourThreadsRunOnTheEdtInProducerOrderWhileASwingTimerKeepsTicking() throws Exception {
        int producers = 4;
        int perProducer = 250_000;
        Thread edt = Edt.call(Thread::currentThread);
        int[] next = new int[producers];
        AtomicInteger total = new AtomicInteger();
        int[] offEdt = {0};
        int[] outOfOrder = {0};
        CompletableFuture<Void> allRan = new CompletableFuture<>();

        long[] lastTick = {0};
        long[] maxGap = {0};
        int[] ticks = {0};
        Timer ticker = Edt.call(() -> {
            Timer t = new Timer(16, e -> {
                long now = System.nanoTime();
                if (lastTick[0] != 0 && !allRan.isDone()) maxGap[0] = Math.max(maxGap[0], now - lastTick[0]);
                lastTick[0] = now;
                ticks[0]++;
            });
            t.start();
            return t;
        });
        long postsBefore = loop.host().posts();

        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int id = p;
            Thread t = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perProducer; i++) {
                    int n = i;
                    loop.callSoon(() -> { // the fields below are confined to the EDT
                        if (Thread.currentThread() != edt) offEdt[0]++;
                        if (next[id] != n) outOfOrder[0]++;
                        next[id] = n + 1;
                        if (total.incrementAndGet() == producers * perProducer) allRan.complete(null);
                    });
                }
            }, "flood-" + p);
            t.start();
            threads.add(t);
        }
        long start = System.nanoTime();
        go.countDown();
        for (Thread t : threads) t.join();
        allRan.get(100, TimeUnit.SECONDS);
        long took = System.nanoTime() - start;
        Edt.run(ticker::stop);

        long[] gapAndTicks = Edt.call(() -> new long[] {maxGap[0], ticks[0], offEdt[0], outOfOrder[0]});
        System.out.printf("flood: %d callbacks in %.0f ms, %d turns posted, longest turn %.1f ms, max Swing timer tick gap %.1f ms over %d ticks%n",
                producers * perProducer, took / 1e6, loop.host().posts() - postsBefore, loop.host().maxTurnNanos() / 1e6,
                gapAndTicks[0] / 1e6, gapAndTicks[1]);
        assertEquals(0, gapAndTicks[2], "callbacks that ran off the EDT");
        assertEquals(0, gapAndTicks[3], "callbacks that ran out of their producer's order");
        int[] seen = Edt.call(next::clone);
        for (int p = 0; p < producers; p++) assertEquals(perProducer, seen[p], "callbacks run for producer " + p);
        assertTrue(gapAndTicks[0] < TimeUnit.SECONDS.toNanos(1), "the Swing timer stalled for " + gapAndTicks[0] / 1e6 + " ms");
    }
}
