package io.loopbridge.javafx;

import io.loopbridge.core.testkit.SubmissionStress;
import io.loopbridge.core.testkit.SubmissionStress.Figures;
import javafx.application.Platform;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import static io.loopbridge.core.testkit.SubmissionStress.PRODUCERS;

/**
 * {@link FxLoop} (headless Monocle) under {@link SubmissionStress}: 8 producer threads flood the loop
 * (nothing lost, per-producer FIFO, all on the FX Application Thread), then {@code close()} races with
 * the producers, from another thread (which waits for the FX thread's cleanup, so no callback may start
 * after it returned) and from a callback. Counts: see {@link SubmissionStress#perProducer}.
 */
@Timeout(600)
class FxStressTest {
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    @BeforeAll
    static void startToolkit() {
        FxTesting.startToolkit();
    }

    private static BooleanSupplier onFx(FxLoop loop) {
        return () -> Platform.isFxApplicationThread() && loop.inEventLoop();
    }

    private static void drain() {
        try {
            FxTesting.drainFx();
            FxTesting.drainFx();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void eightProducersFloodingAnFxLoopLoseNothingAndKeepTheirOrder() throws Exception {
        FxLoop loop = FxLoop.create();
        try {
            Figures f = SubmissionStress.flood(loop, PRODUCERS, SubmissionStress.perProducer(1_000_000), onFx(loop),
                    FxStressTest::drain, TIMEOUT);
            System.out.println("[stress] FxLoop flood: " + f + "; longest turn " + loop.longestTurnNanos() / 1_000_000 + " ms");
        } finally {
            loop.close();
        }
    }

    @Test
    void closeFromAnotherThreadRacingWithEightProducersDropsNothing() throws Exception {
        int per = SubmissionStress.perProducer(100_000);
        for (long closeAfter : new long[] {5_000, 50_000, (long) PRODUCERS * per / 4}) {
            FxLoop loop = FxLoop.create();
            Figures f = SubmissionStress.closeRace(loop, PRODUCERS, per, closeAfter, false, loop::close, onFx(loop),
                    FxStressTest::drain, 0, TIMEOUT);
            System.out.println("[stress] FxLoop close from another thread after " + closeAfter + ": " + f);
        }
    }

    @Test
    void closeFromACallbackRacingWithEightProducersDropsNothing() throws Exception {
        int per = SubmissionStress.perProducer(100_000);
        for (long closeAfter : new long[] {PRODUCERS * 200L, PRODUCERS * 5_000L}) {
            FxLoop loop = FxLoop.create();
            Figures f = SubmissionStress.closeRace(loop, PRODUCERS, per, closeAfter, true, null, onFx(loop),
                    FxStressTest::drain, 0, TIMEOUT);
            System.out.println("[stress] FxLoop close from producer 0's callback #" + closeAfter / PRODUCERS + ": " + f);
        }
    }
}
