package io.loopbridge.swing;

import io.loopbridge.core.testkit.SubmissionStress;
import io.loopbridge.core.testkit.SubmissionStress.Figures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.awt.EventQueue;
import java.time.Duration;
import java.util.function.BooleanSupplier;

import static io.loopbridge.core.testkit.SubmissionStress.PRODUCERS;

/**
 * {@link SwingLoop} (headless EDT) under {@link SubmissionStress}: 8 producer threads flood the loop
 * (nothing lost, per-producer FIFO, all on the EDT), then {@code close()} races with the producers, from
 * another thread (which waits for the EDT's cleanup, so no callback may start after it returned) and
 * from a callback. Counts: see {@link SubmissionStress#perProducer}.
 */
@Timeout(600)
class SwingStressTest {
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private static BooleanSupplier onEdt(SwingLoop loop) {
        return () -> EventQueue.isDispatchThread() && loop.inEventLoop();
    }

    private static void drain() {
        Edt.run(() -> { });
        Edt.run(() -> { });
    }

    @Test
    void eightProducersFloodingASwingLoopLoseNothingAndKeepTheirOrder() throws Exception {
        SwingLoop loop = SwingLoop.create();
        try {
            Figures f = SubmissionStress.flood(loop, PRODUCERS, SubmissionStress.perProducer(1_000_000), onEdt(loop),
                    SwingStressTest::drain, TIMEOUT);
            System.out.println("[stress] SwingLoop flood: " + f + "; longest turn " + loop.host().maxTurnNanos() / 1_000_000 + " ms");
        } finally {
            loop.close();
        }
    }

    @Test
    void closeFromAnotherThreadRacingWithEightProducersDropsNothing() throws Exception {
        int per = SubmissionStress.perProducer(100_000);
        for (long closeAfter : new long[] {5_000, 50_000, (long) PRODUCERS * per / 4}) {
            SwingLoop loop = SwingLoop.create();
            Figures f = SubmissionStress.closeRace(loop, PRODUCERS, per, closeAfter, false, loop::close, onEdt(loop),
                    SwingStressTest::drain, 0, TIMEOUT);
            System.out.println("[stress] SwingLoop close from another thread after " + closeAfter + ": " + f);
        }
    }

    @Test
    void closeFromACallbackRacingWithEightProducersDropsNothing() throws Exception {
        int per = SubmissionStress.perProducer(100_000);
        for (long closeAfter : new long[] {PRODUCERS * 200L, PRODUCERS * 5_000L}) {
            SwingLoop loop = SwingLoop.create();
            Figures f = SubmissionStress.closeRace(loop, PRODUCERS, per, closeAfter, true, null, onEdt(loop),
                    SwingStressTest::drain, 0, TIMEOUT);
            System.out.println("[stress] SwingLoop close from producer 0's callback #" + closeAfter / PRODUCERS + ": " + f);
        }
    }
}
