package io.loopbridge.demo.model;

import io.loopbridge.core.Task;
import io.loopbridge.test.TestLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The countdown on the test kit's virtual time, in each style this JVM runs: one number per step, and a cancel that stops it with no timer left. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SAME_THREAD) // the loop's thread is the one that builds it
class CountdownModelTest {
    private final TestLoop loop = TestLoop.create();

    @AfterEach
    void close() {
        loop.close(); // fails the test for errors the loop saw, or failures nobody observed
    }

    private CountdownModel model(Style style) {
        return new CountdownModel(loop, Duration.ofSeconds(1), style);
    }

    @ParameterizedTest
    @MethodSource("io.loopbridge.demo.model.Styles#available")
    void showsEveryNumberDownToZeroOneStepApartAndLiftsOff(Style style) {
        CountdownModel model = model(style);
        List<Integer> shown = new ArrayList<>();
        List<Long> at = new ArrayList<>();
        model.onChange(() -> {
            if (shown.isEmpty() || shown.get(shown.size() - 1) != model.remaining()) {
                shown.add(model.remaining());
                at.add(loop.time());
            }
        });
        Task<Void> task = loop.createTask(() -> model.run(3));

        loop.advanceUntilIdle();

        assertTrue(task.isDone() && !task.isCompletedExceptionally(), task.toString());
        assertEquals(List.of(3, 2, 1, 0), shown);
        assertEquals(List.of(0L, 1_000_000_000L, 2_000_000_000L, 3_000_000_000L), at);
        assertEquals(Duration.ofSeconds(3), loop.elapsed());
        assertTrue(model.status().startsWith("Lift-off"), model.status());
    }

    @ParameterizedTest
    @MethodSource("io.loopbridge.demo.model.Styles#available")
    void cancellingTheTaskStopsTheCountAtOnceAndLeavesNoTimerBehind(Style style) {
        CountdownModel model = model(style);
        Task<Void> task = loop.createTask(() -> model.run(5));
        loop.advanceBy(Duration.ofSeconds(2));
        assertEquals(3, model.remaining());

        task.cancel(true);
        loop.advanceUntilIdle(); // would run every remaining step if a timer were left

        assertTrue(task.isCancelled());
        assertEquals(3, model.remaining());
        assertEquals(Duration.ofSeconds(2), loop.elapsed(), "a cancelled countdown moved the clock");
        assertTrue(model.status().startsWith("Cancelled at 3"), model.status());
        assertEquals(0, loop.stats().pendingTimers());
    }

    @ParameterizedTest
    @MethodSource("io.loopbridge.demo.model.Styles#available")
    void aCancelRightAfterTheStartStillShowsTheCancel(Style style) {
        CountdownModel model = model(style);
        Task<Void> task = loop.createTask(() -> model.run(5));
        loop.callSoon(() -> task.cancel(true)); // queued behind the task's start: the very next iteration

        loop.runCurrent();

        assertTrue(task.isCancelled());
        assertEquals("Cancelled at 5: the pending timer was cancelled, nothing ticks any more.", model.status());
        assertEquals(0, loop.stats().pendingTimers());
    }

    @Test
    void refusesANonPositiveStart() {
        CountdownModel model = model(Style.CHAIN);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.run(0));
        assertEquals("from: 0 (expected: >= 1)", e.getMessage());
    }
}
