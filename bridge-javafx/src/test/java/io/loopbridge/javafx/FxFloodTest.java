package io.loopbridge.javafx;

import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static io.loopbridge.javafx.FxTesting.onFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A flood of 1,000,000 cross-thread callbacks: every one runs, on the FX thread, in its producer's order,
 * while the pulse keeps going (turns are time-sliced by {@link FxLoop#TURN_BUDGET}). The pulse gap is
 * recorded and only checked against a generous bound (timing belongs to the benchmarks).
 */
@Timeout(120)
class FxFloodTest {
    private static final int PRODUCERS = 4;
    private static final int PER_PRODUCER = 250_000;
    /** Far above budget + one callback (2 ms) and a frame (17 ms): only a stopped pulse fails this. */
    private static final long MAX_PULSE_GAP_MILLIS = 500;

    private FxLoop loop;

    @BeforeAll
    static void startToolkit() {
        FxTesting.startToolkit();
    }

    @AfterEach
    void closeLoop() {
        if (loop != null) loop.close();
    }

    /** Two rounds in one JVM: the first also pays for class loading and JIT, the second is warm. */
    @Test
    void aMillionCallbacksFromFourThreadsAllRunInProducerOrderWhileThePulseGoesOn() throws Exception {
        loop = FxLoop.create();
        for (int round = 1; round <= 2; round++) flood(round);
    }

    private void flood(int round) throws Exception {
        Stage stage = onFx(() -> { // something on screen, so that pulses render
            Stage s = new Stage();
            s.setScene(new Scene(new Label("flood"), 100, 50));
            s.show();
            return s;
        });
        long[] maxGap = {0};
        long[] frames = {0};
        long[] last = {0};
        AnimationTimer pulseProbe = new AnimationTimer() {
            @Override
            public void handle(long now) {
                long t = System.nanoTime(); // when the pulse actually ran, not its scheduled time
                if (last[0] != 0) maxGap[0] = Math.max(maxGap[0], t - last[0]);
                last[0] = t;
                frames[0]++;
            }
        };
        onFx(() -> {
            pulseProbe.start();
            return null;
        });

        int[] next = new int[PRODUCERS];
        AtomicInteger offFx = new AtomicInteger();
        AtomicInteger outOfOrder = new AtomicInteger();
        AtomicInteger total = new AtomicInteger();
        CompletableFuture<Void> allRan = new CompletableFuture<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> producers = new ArrayList<>();
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
                        if (!Platform.isFxApplicationThread()) offFx.incrementAndGet();
                        if (next[id] != n) outOfOrder.incrementAndGet(); // FX thread only: no race
                        next[id] = n + 1;
                        if (total.incrementAndGet() == PRODUCERS * PER_PRODUCER) allRan.complete(null);
                    });
                }
            }, "flood-producer-" + p);
            t.start();
            producers.add(t);
        }
        long framesBefore = onFx(() -> frames[0]);
        long start = System.nanoTime();
        go.countDown();
        loop.runUntilComplete(loop.wrapFuture(allRan));
        long tookNanos = System.nanoTime() - start;
        for (Thread t : producers) t.join();
        long[] probe = onFx(() -> {
            pulseProbe.stop();
            stage.hide();
            return new long[] {maxGap[0], frames[0]};
        });

        assertEquals(PRODUCERS * PER_PRODUCER, total.get());
        assertEquals(0, offFx.get(), "callbacks that ran off the FX thread");
        assertEquals(0, outOfOrder.get(), "callbacks that ran out of their producer's order");
        System.out.printf("[FxFloodTest] round %d: %,d callbacks in %.1f ms; %d pulses meanwhile; max pulse gap %.1f ms;"
                        + " longest turn so far %.1f ms%n", round, PRODUCERS * PER_PRODUCER, tookNanos / 1e6,
                probe[1] - framesBefore, probe[0] / 1e6, loop.longestTurnNanos() / 1e6);
        assertTrue(loop.longestTurnNanos() < MAX_PULSE_GAP_MILLIS * 1_000_000L, "longest turn: " + loop.longestTurnNanos() / 1e6 + " ms");
        assertTrue(probe[1] - framesBefore >= 2, "the pulse ran during the flood");
        assertTrue(probe[0] < MAX_PULSE_GAP_MILLIS * 1_000_000L,
                "max gap between pulses during the flood: " + probe[0] / 1e6 + " ms");
    }
}
