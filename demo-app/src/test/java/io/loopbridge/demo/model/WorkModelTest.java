package io.loopbridge.demo.model;

import io.loopbridge.core.StandaloneLoop;
import io.loopbridge.core.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.concurrent.CancellationException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The blocking work off the loop thread: its result and progress, and a cancel that stops the worker. */
@Timeout(30)
class WorkModelTest {
    private final StandaloneLoop loop = StandaloneLoop.create();

    @AfterEach
    void close() {
        loop.close();
    }

    @ParameterizedTest
    @MethodSource("io.loopbridge.demo.model.Styles#available")
    void countsThePrimesOnAWorkerThreadAndReportsProgressToTheEnd(Style style) {
        WorkModel model = new WorkModel(loop, style);
        long count = loop.runUntilComplete(loop.createTask(() -> model.run(100_000)));

        assertEquals(9_592, count);
        assertTrue(model.status().startsWith("9,592 primes below 100,000"), model.status());
        loop.runUntilComplete(loop.sleep(Duration.ofMillis(1))); // the last Progress delivery
        assertEquals(1.0, model.progress().fraction());
        assertTrue(model.progress().message().startsWith("9,592 primes so far"), model.progress().message());
        assertEquals(0, model.workersRunning());
    }

    @ParameterizedTest
    @MethodSource("io.loopbridge.demo.model.Styles#available")
    void cancellingInterruptsTheWorkerWhichStops(Style style) throws Exception {
        WorkModel model = new WorkModel(loop, style);
        Task<Long> task = loop.createTask(() -> model.run(Integer.MAX_VALUE)); // hours of work
        loop.runUntilComplete(loop.createTask(() -> poll(() -> model.workersRunning() == 1)));

        task.cancel(true);

        assertThrows(CancellationException.class, () -> loop.runUntilComplete(task));
        loop.runUntilComplete(loop.createTask(() -> poll(() -> model.workersRunning() == 0)));
        assertTrue(model.status().startsWith("Cancelled at "), model.status());
        assertFalse(model.status().contains("Cancelled at 100%"), model.status());
    }

    @Test
    void trialDivisionIsRight() {
        int[] primes = {2, 3, 5, 7, 11, 13, 97, 7919};
        for (int p : primes) assertTrue(WorkModel.isPrime(p), p + " is prime");
        for (int n : new int[] {-7, 0, 1, 4, 9, 15, 91, 7917}) assertFalse(WorkModel.isPrime(n), n + " is not prime");
    }

    /** Completes once {@code condition} holds, checking every millisecond on the loop. */
    private io.loopbridge.core.LoopFuture<Void> poll(java.util.function.BooleanSupplier condition) {
        if (condition.getAsBoolean()) return Outcomes.completed(loop, null);
        return loop.sleep(Duration.ofMillis(1)).thenCompose(v -> poll(condition));
    }
}
