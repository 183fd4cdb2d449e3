package io.loopbridge.core;

import io.loopbridge.core.testkit.SubmissionStress;
import io.loopbridge.core.testkit.SubmissionStress.Figures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.loopbridge.core.testkit.SubmissionStress.PRODUCERS;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link StandaloneLoop} under {@link SubmissionStress}: 8 producer threads flood a loop that
 * {@code runForever} drives on its own thread (nothing lost, per-producer FIFO, all on the loop thread);
 * then {@code close()} races with the producers, from another thread and from a callback (each
 * submission ran, is cancelled, or was rejected). Counts: see {@link SubmissionStress#perProducer}.
 */
@Timeout(600)
class StandaloneLoopStressTest {
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private static Thread runForever(StandaloneLoop loop) throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        loop.callSoon(running::countDown); // the first callback of runForever's first iteration
        Thread runner = new Thread(loop::runForever, "standalone-runner");
        runner.start();
        assertTrue(running.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), "the loop did not start");
        assertTrue(loop.isRunning(), "the loop stopped at once");
        return runner;
    }

    @Test
    void eightProducersFloodingAStandaloneLoopLoseNothingAndKeepTheirOrder() throws Exception {
        try (StandaloneLoop loop = StandaloneLoop.create()) {
            Thread runner = runForever(loop);
            Figures f = SubmissionStress.flood(loop, PRODUCERS, SubmissionStress.perProducer(1_000_000), loop::inEventLoop,
                    () -> { }, TIMEOUT);
            System.out.println("[stress] StandaloneLoop flood: " + f);
            loop.stop();
            runner.join(TIMEOUT.toMillis());
        }
    }

    @Test
    void closeFromAnotherThreadRacingWithEightProducersDropsNothing() throws Exception {
        int per = SubmissionStress.perProducer(100_000);
        for (long closeAfter : new long[] {5_000, 50_000, (long) PRODUCERS * per / 4}) {
            StandaloneLoop loop = StandaloneLoop.create();
            Thread runner = runForever(loop);
            Figures f = SubmissionStress.closeRace(loop, PRODUCERS, per, closeAfter, false, loop::close, loop::inEventLoop,
                    () -> join(runner), 1, TIMEOUT);
            System.out.println("[stress] StandaloneLoop close from another thread after " + closeAfter + ": " + f);
        }
    }

    @Test
    void closeFromACallbackRacingWithEightProducersDropsNothing() throws Exception {
        int per = SubmissionStress.perProducer(100_000);
        for (long closeAfter : new long[] {PRODUCERS * 200L, PRODUCERS * 5_000L}) { // the closing callback: producer 0's #200, #5,000
            StandaloneLoop loop = StandaloneLoop.create();
            Thread runner = runForever(loop);
            Figures f = SubmissionStress.closeRace(loop, PRODUCERS, per, closeAfter, true, null, loop::inEventLoop,
                    () -> join(runner), 0, TIMEOUT);
            System.out.println("[stress] StandaloneLoop close from producer 0's callback #" + closeAfter / PRODUCERS + ": " + f);
        }
    }

    private static void join(Thread t) {
        try {
            t.join(TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertTrue(!t.isAlive(), "runForever did not return after close()");
    }
}
