package io.loopbridge.core;

import io.loopbridge.core.testkit.RecordingHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The host API a test host needs (the test kit's TestLoop is built on it): the count of results on their
 * way from other threads, the list of what is still scheduled, unobserved failures on demand, and the
 * pending-futures figure.
 */
@Timeout(30)
class TestHostSupportTest {
    private final RecordingHost host = RecordingHost.create().toleratingLateWakeUps();
    private final GuestLoop loop = host.loop();

    /** Runs passes until {@code done} holds (real time: other threads deliver). */
    private void pumpUntil(java.util.function.BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < end, "timed out");
            loop.runOnce();
            Thread.sleep(1);
        }
    }

    @Test
    void executorWorkIsCountedUntilItsResultIsDelivered() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        LoopFuture<String> f = loop.runInExecutor(() -> {
            release.await(10, TimeUnit.SECONDS);
            return "ok";
        });
        assertEquals(1, loop.pendingExecutorWork());
        loop.runOnce();
        assertEquals(1, loop.pendingExecutorWork());
        release.countDown();
        pumpUntil(f::isDone);
        assertEquals(0, loop.pendingExecutorWork());
        assertEquals("ok", f.join());
    }

    @Test
    void cancellingExecutorWorkEndsItsCountAndWrappedForeignStagesAreNotCounted() {
        CountDownLatch release = new CountDownLatch(1);
        LoopFuture<Integer> f = loop.runInExecutor(() -> {
            release.await(10, TimeUnit.SECONDS);
            return 1;
        });
        loop.wrapFuture(new CompletableFuture<>()); // maybe a fake the test completes itself, or never
        assertEquals(1, loop.pendingExecutorWork());
        f.cancel(true);
        assertEquals(0, loop.pendingExecutorWork());
        release.countDown();
    }

    @Test
    void closeEndsTheExecutorWorkCount() {
        loop.runInExecutor(() -> {
            Thread.sleep(10_000);
            return 1;
        });
        assertEquals(1, loop.pendingExecutorWork());
        loop.close();
        assertEquals(0, loop.pendingExecutorWork());
    }

    @Test
    void aRejectingExecutorLeavesNoCount() {
        LoopFuture<Object> f = loop.runInExecutor(r -> {
            throw new java.util.concurrent.RejectedExecutionException("full");
        }, () -> 1);
        assertTrue(f.isCompletedExceptionally());
        f.exceptionally(e -> null);
        assertEquals(0, loop.pendingExecutorWork());
    }

    @Test
    void pendingWorkListsTimersInDeadlineOrderThenPendingFuturesOldestFirst() {
        loop.runOnce(); // the test thread is the loop thread: what it creates is linked in creation order
        TimerHandle late = loop.callLater(Duration.ofSeconds(9), () -> { });
        TimerHandle early = loop.callLater(Duration.ofSeconds(1), () -> { });
        TimerHandle cancelled = loop.callLater(Duration.ofSeconds(5), () -> { });
        cancelled.cancel();
        LoopFuture<Object> first = loop.createFuture();
        Task<Object> task = loop.createTask(() -> new CompletableFuture<>()).setName("stuck");
        LoopFuture<Object> done = loop.createFuture();
        done.complete(1);
        List<Object> pending = loop.pendingWork();
        assertEquals(List.of(early, late, first, task), pending);
        assertTrue(pending.get(3).toString().contains("'stuck'"), pending.get(3).toString());
        assertEquals(2, loop.stats().pendingFutures());
        loop.close();
        assertEquals(List.of(), loop.pendingWork());
    }

    @Test
    void withoutTrackingNoUnobservedFailuresAreTaken() {
        LoopFuture<Object> f = loop.createFuture();
        f.completeExceptionally(new IllegalStateException("lost"));
        assertEquals(List.of(), loop.takeUnobservedFailures());
    }

    @Test
    void trackedUnobservedFailuresAreTakenOnceAndObservedOnesAreNot() {
        loop.trackUnobservedFailures();
        loop.trackUnobservedFailures(); // idempotent
        IllegalStateException lost = new IllegalStateException("lost");
        LoopFuture<Object> unseen = loop.createFuture();
        unseen.completeExceptionally(lost);
        LoopFuture<Object> seen = loop.createFuture();
        seen.completeExceptionally(new IllegalStateException("seen"));
        seen.exceptionally(e -> null);
        LoopFuture<Object> seenLater = loop.createFuture();
        seenLater.completeExceptionally(new IllegalStateException("seen later"));
        assertTrue(seenLater.isCompletedExceptionally());
        seenLater.handle((v, e) -> e);
        LoopFuture<Object> cancelled = loop.createFuture();
        cancelled.cancel(true);
        List<ErrorContext> taken = loop.takeUnobservedFailures();
        assertEquals(1, taken.size(), taken.toString());
        assertSame(lost, taken.get(0).exception());
        assertTrue(taken.get(0).message().startsWith("Future exception was never retrieved"), taken.get(0).message());
        assertEquals(List.of(), loop.takeUnobservedFailures());
    }

    @Test
    void aFailedTaskNobodyAwaitsIsTakenAsTaskException() {
        loop.trackUnobservedFailures();
        loop.createTask(() -> {
            throw new IllegalArgumentException("in the body");
        });
        loop.runOnce();
        loop.runOnce();
        List<ErrorContext> taken = loop.takeUnobservedFailures();
        assertEquals(1, taken.size(), taken.toString());
        assertInstanceOf(IllegalArgumentException.class, taken.get(0).exception());
        assertTrue(taken.get(0).message().startsWith("Task exception was never retrieved"), taken.get(0).message());
    }
}
