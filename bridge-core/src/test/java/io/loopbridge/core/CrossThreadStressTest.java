package io.loopbridge.core;

import io.loopbridge.core.testkit.RecordingHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cross-thread submission under load, on a bare {@link GuestLoop} driven by a real host thread (it blocks
 * for wake-ups as a UI thread would) through a {@link RecordingHost}, which fails on a wake-up that was not
 * coalesced. Each callback must run exactly once, in its producer's order, on the loop thread.
 */
@Timeout(60)
class CrossThreadStressTest {
    private static final int PRODUCERS = 4;
    private static final int PER_PRODUCER = 100_000;

    @Test
    void fourProducersTimesAHundredThousandCallSoonRunExactlyOnceInProducerOrderOnTheHostThread() throws Exception {
        RecordingHost host = RecordingHost.create().toleratingLateWakeUps(); // producers race with the host
        GuestLoop loop = host.loop();
        int[] next = new int[PRODUCERS]; // loop thread only
        AtomicInteger outOfOrder = new AtomicInteger();
        AtomicInteger offLoop = new AtomicInteger();
        AtomicInteger total = new AtomicInteger();
        AtomicReference<Thread> hostThread = new AtomicReference<>();
        AtomicReference<Throwable> hostFailure = new AtomicReference<>();
        CountDownLatch hostReady = new CountDownLatch(1);

        Thread h = new Thread(() -> {
            try {
                host.runOnce(); // claim this thread as the loop thread
                hostThread.set(Thread.currentThread());
                hostReady.countDown();
                host.pumpUntil(() -> total.get() == PRODUCERS * PER_PRODUCER);
            } catch (Throwable e) {
                hostFailure.set(e);
            }
        }, "host");
        h.start();
        assertTrue(hostReady.await(10, java.util.concurrent.TimeUnit.SECONDS));

        List<Thread> producers = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        for (int p = 0; p < PRODUCERS; p++) {
            int id = p;
            Thread t = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < PER_PRODUCER; i++) {
                    int n = i;
                    loop.callSoon(() -> {
                        if (Thread.currentThread() != hostThread.get()) offLoop.incrementAndGet();
                        if (next[id] != n) outOfOrder.incrementAndGet();
                        next[id] = n + 1;
                        total.incrementAndGet();
                    });
                }
            }, "producer-" + p);
            producers.add(t);
            t.start();
        }
        go.countDown();
        for (Thread t : producers) t.join();
        h.join(50_000);
        assertFalse(h.isAlive(), "the host did not finish");
        assertNull(hostFailure.get());
        host.assertContractKept();
        assertEquals(PRODUCERS * PER_PRODUCER, total.get(), "each exactly once");
        assertEquals(0, outOfOrder.get(), "per-producer FIFO");
        assertEquals(0, offLoop.get(), "on the loop thread");
        for (int p = 0; p < PRODUCERS; p++) assertEquals(PER_PRODUCER, next[p]);
        assertTrue(host.wakeUps() <= host.turns() + 1, "wake-ups " + host.wakeUps() + " for " + host.turns() + " host turns");
        assertTrue(host.wakeUps() < PRODUCERS * PER_PRODUCER / 10, "barely coalesced: " + host.wakeUps() + " wake-ups");
        loop.close();
    }

    /** A running callback's own handle is never cancelled (the claim and the cancel are one CAS apart). */
    private static boolean cancelledSelf(Handle[] self) {
        synchronized (self) {
            return self[0].isCancelled();
        }
    }

    @Test
    void producersMixingCallbacksTimersAndCancellationsLoseNothing() throws Exception {
        RecordingHost host = RecordingHost.create().toleratingLateWakeUps(); // producers race with the host
        GuestLoop loop = host.loop();
        int perProducer = 20_000;
        int[] nextSoon = new int[PRODUCERS];
        int[] nextTimer = new int[PRODUCERS];
        AtomicInteger bad = new AtomicInteger();
        AtomicInteger ran = new AtomicInteger();
        AtomicInteger expected = new AtomicInteger();
        AtomicInteger producersDone = new AtomicInteger();
        AtomicReference<Throwable> hostFailure = new AtomicReference<>();
        CountDownLatch hostReady = new CountDownLatch(1);

        Thread h = new Thread(() -> {
            try {
                host.runOnce();
                hostReady.countDown();
                host.pumpUntil(() -> producersDone.get() == PRODUCERS && ran.get() == expected.get());
            } catch (Throwable e) {
                hostFailure.set(e);
            }
        }, "host");
        h.start();
        assertTrue(hostReady.await(10, java.util.concurrent.TimeUnit.SECONDS));

        List<Thread> producers = new ArrayList<>();
        for (int p = 0; p < PRODUCERS; p++) {
            int id = p;
            Thread t = new Thread(() -> {
                for (int i = 0; i < perProducer; i++) {
                    int n = i;
                    boolean cancel = i % 7 == 3;
                    Handle[] self = new Handle[1];
                    Runnable cb = i % 2 == 0
                            ? () -> {
                                if (cancelledSelf(self) || n < nextSoon[id]) bad.incrementAndGet();
                                nextSoon[id] = n;
                                ran.incrementAndGet();
                            }
                            : () -> {
                                if (cancelledSelf(self) || n < nextTimer[id]) bad.incrementAndGet();
                                nextTimer[id] = n;
                                ran.incrementAndGet();
                            };
                    // the callback may run before callSoon returns: it reads its handle under this lock
                    synchronized (self) {
                        self[0] = i % 2 == 0 ? loop.callSoon(cb) : loop.callLater(Duration.ZERO, cb);
                    }
                    if (cancel) self[0].cancel();
                    // a cancel that came too late (the host already ran it) does not count as cancelled
                    if (!self[0].isCancelled()) expected.incrementAndGet();
                }
                producersDone.incrementAndGet();
                loop.callSoon(() -> { }); // a final wake-up after the last count
            }, "producer-" + p);
            producers.add(t);
            t.start();
        }
        for (Thread t : producers) t.join();
        h.join(50_000);
        assertFalse(h.isAlive(), "the host did not finish");
        assertNull(hostFailure.get());
        host.assertContractKept();
        assertEquals(0, bad.get(), "a cancelled callback ran, or a producer's order was broken");
        assertEquals(expected.get(), ran.get());
        assertTrue(loop.stats().pendingTimers() <= 1 + PRODUCERS * perProducer / 7, "cancelled timers pile up");
        loop.close();
    }
}
