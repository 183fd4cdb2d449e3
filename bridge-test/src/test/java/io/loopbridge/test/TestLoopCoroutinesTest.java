package io.loopbridge.test;

import io.loopbridge.core.LoopBlockingException;
import io.loopbridge.core.LoopFuture;
import io.loopbridge.core.Task;
import io.loopbridge.core.testkit.CoroutineJdk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

import static io.loopbridge.core.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coroutines on a {@link TestLoop} (issue 16 item 3): {@code launch} bodies and their {@code await}s run
 * on the test thread, under virtual time. JDK 21+ with the build's {@code coroutines} profile; on JDK 17 the
 * unsupported path is asserted instead.
 */
@Timeout(30)
class TestLoopCoroutinesTest {

    @Test
    void anHourLongSleepInACoroutineTakesNoTimeAndTheBodyRunsOnTheTestThread() {
        CoroutineJdk.requireCoroutines();
        Thread testThread = Thread.currentThread();
        try (TestLoop loop = TestLoop.builder().autoAdvance(true).build()) {
            Task<String> t = loop.launch(() -> {
                assertSame(testThread, Thread.currentThread());
                await(loop.sleep(Duration.ofHours(1)));
                assertSame(testThread, Thread.currentThread());
                return "woke at " + loop.elapsed();
            });
            assertEquals("woke at PT1H", loop.runUntilComplete(t));
        }
    }

    /** Ported: TestCoroutineSchedulerTest.testAdvanceTimeBy, with launch/await instead of launch/delay. */
    @Test
    void advanceByStepsACoroutineThroughItsAwaits() {
        CoroutineJdk.requireCoroutines();
        try (TestLoop loop = TestLoop.create()) {
            int[] stage = {1};
            List<Long> times = new ArrayList<>();
            loop.launch(() -> {
                await(loop.sleep(Duration.ofMillis(1000)));
                times.add(loop.time());
                stage[0] = 2;
                await(loop.sleep(Duration.ofMillis(500)));
                times.add(loop.time());
                stage[0] = 3;
                await(loop.sleep(Duration.ofMillis(501)));
                times.add(loop.time());
                stage[0] = 4;
            });
            assertEquals(1, stage[0]);
            loop.advanceBy(Duration.ofMillis(2000));
            assertEquals(3, stage[0]);
            loop.advanceBy(Duration.ofMillis(2));
            assertEquals(4, stage[0]);
            assertEquals(List.of(1_000_000_000L, 1_500_000_000L, 2_001_000_000L), times);
        }
    }

    /** Ported: RunTestTest.testTimeout: a virtual timeout cancels the coroutine, whose finally block runs. */
    @Test
    void aVirtualTimeoutCancelsACoroutineAtItsAwaitAndItsFinallyRuns() {
        CoroutineJdk.requireCoroutines();
        try (TestLoop loop = TestLoop.builder().autoAdvance(true).build()) {
            List<String> log = new ArrayList<>();
            Task<Void> slow = loop.launch(() -> {
                try {
                    await(loop.sleep(Duration.ofSeconds(1)));
                    log.add("not reached");
                } finally {
                    log.add("finally at " + loop.elapsed());
                }
            });
            LoopFuture<Void> timed = loop.waitFor(slow, Duration.ofMillis(50));
            CompletionException e = assertThrows(CompletionException.class, () -> loop.runUntilComplete(timed));
            assertInstanceOf(TimeoutException.class, e.getCause());
            loop.advanceUntilIdle();
            assertEquals(List.of("finally at PT0.05S"), log);
            assertTrue(slow.isCancelled());
        }
    }

    @Test
    void aRetryLoopWithBackOffRunsItsVirtualMinutesAtOnce() {
        CoroutineJdk.requireCoroutines();
        try (TestLoop loop = TestLoop.builder().autoAdvance(true).build()) {
            List<Duration> attempts = new ArrayList<>();
            Task<Integer> t = loop.launch(() -> {
                Duration backOff = Duration.ofSeconds(1);
                for (int attempt = 1; ; attempt++) {
                    attempts.add(loop.elapsed());
                    if (attempt == 6) return attempt;
                    await(loop.sleep(backOff));
                    backOff = backOff.multipliedBy(2);
                }
            });
            assertEquals(6, loop.runUntilComplete(t));
            assertEquals(List.of(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(7),
                    Duration.ofSeconds(15), Duration.ofSeconds(31)), attempts);
        }
    }

    @Test
    void aCoroutineAwaitingExecutorWorkIsNotOvertakenByTheVirtualClock() {
        CoroutineJdk.requireCoroutines();
        try (TestLoop loop = TestLoop.builder().autoAdvance(true).build()) {
            Task<String> t = loop.launch(() -> {
                LoopFuture<Void> deadline = loop.sleep(Duration.ofSeconds(5));
                String r = await(loop.runInExecutor(() -> {
                    Thread.sleep(30);
                    return "read";
                }));
                return r + (deadline.isDone() ? " after the deadline" : " in time");
            });
            assertEquals("read in time", loop.runUntilComplete(t));
        }
    }

    @Test
    void aCoroutineThatThrowsUnobservedFailsClose() {
        CoroutineJdk.requireCoroutines();
        TestLoop loop = TestLoop.create();
        loop.launch(() -> {
            await(loop.sleep(Duration.ofSeconds(1)));
            throw new IllegalStateException("lost in a coroutine");
        });
        loop.advanceUntilIdle();
        AssertionError e = assertThrows(AssertionError.class, loop::close);
        assertTrue(e.getMessage().contains("lost in a coroutine"), e.getMessage());
    }

    @Test
    void closeResumesASuspendedCoroutineSoItsFinallyRuns() {
        CoroutineJdk.requireCoroutines();
        boolean[] cleaned = {false};
        Task<Void> t;
        try (TestLoop loop = TestLoop.create()) {
            t = loop.launch(() -> {
                try {
                    await(loop.sleep(Duration.ofDays(1)));
                } finally {
                    cleaned[0] = true;
                }
            });
            loop.runCurrent();
            assertFalse(cleaned[0]);
        }
        assertTrue(cleaned[0]);
        assertTrue(t.isCancelled());
        assertThrows(CancellationException.class, t::join);
    }

    @Test
    void awaitOnTheTestThreadOutsideACoroutineFailsFastInsteadOfBlocking() {
        CoroutineJdk.requireCoroutines();
        try (TestLoop loop = TestLoop.create()) {
            LoopFuture<Void> sleep = loop.sleep(Duration.ofSeconds(1));
            assertThrows(LoopBlockingException.class, () -> await(sleep));
            assertThrows(LoopBlockingException.class, sleep::join);
            loop.advanceBy(Duration.ofSeconds(1));
            assertEquals(null, sleep.join()); // done: join returns; await stays for coroutines only
            assertThrows(LoopBlockingException.class, () -> await(sleep));
        }
    }

    @Test
    void onJdk17LaunchFailsNamingTheRequirement() {
        CoroutineJdk.unsupportedJdk();
        try (TestLoop loop = TestLoop.create()) {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> loop.launch(() -> 1));
            assertTrue(e.getMessage().contains("--add-exports java.base/jdk.internal.vm"), e.getMessage());
        }
    }
}
