package io.loopbridge.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
class AsyncSemaphoreTest extends ToolboxTestSupport {

    // asyncio test_locks.py SemaphoreTests.test_initial_value_zero
    @Test
    void semaphoreWithNoPermitsMakesAcquireWait() {
        AsyncSemaphore sem = new AsyncSemaphore(loop, 0);
        assertEquals(0, sem.availablePermits());
        LoopFuture<Void> a = sem.acquire();
        pump();
        assertFalse(a.isDone());
        sem.release();
        pump();
        assertTrue(a.isDone());
    }

    // asyncio test_locks.py SemaphoreTests.test_semaphore_value
    @Test
    void negativePermitsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AsyncSemaphore(loop, -1));
        assertEquals("permits: -1 (expected: >= 0)", e.getMessage());
    }

    // asyncio test_locks.py SemaphoreTests.test_acquire
    @Test
    void releasedPermitsGoToWaitersInOrder() {
        AsyncSemaphore sem = new AsyncSemaphore(loop, 3);
        List<Integer> result = new ArrayList<>();
        pumpUntilDone(sem.acquire());
        pumpUntilDone(sem.acquire());
        assertEquals(1, sem.availablePermits());
        List<Task<Boolean>> ts = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            int n = i;
            ts.add(task(() -> sem.acquire().thenApply(v -> result.add(n))));
        }
        steps(2);
        assertEquals(List.of(1), result);
        assertEquals(0, sem.availablePermits());
        assertEquals(2, sem.queued());

        Task<Boolean> t4 = task(() -> sem.acquire().thenApply(v -> result.add(4)));
        sem.release();
        sem.release();
        assertEquals(0, sem.availablePermits());
        steps(2);
        assertEquals(List.of(1, 2, 3), result, "the permits went to the older waiters, not to the newcomer");
        assertEquals(1, sem.queued());
        assertEquals(0, sem.availablePermits());
        sem.release();
        pump();
        assertEquals(List.of(1, 2, 3, 4), result);
        assertTrue(t4.join());
    }

    // asyncio test_locks.py SemaphoreTests.test_acquire_cancel
    @Test
    void cancelledAcquireLeavesTheQueue() {
        AsyncSemaphore sem = new AsyncSemaphore(loop, 1);
        pumpUntilDone(sem.acquire());
        Task<Void> acquire = task(sem::acquire);
        loop.callSoon(() -> acquire.cancel(true));
        pump();
        assertTrue(acquire.isCancelled());
        assertEquals(0, sem.queued());
        assertEquals(0, sem.availablePermits());
    }

    // asyncio test_locks.py SemaphoreTests.test_acquire_cancel_before_awoken
    @Test
    void cancelledWaitersAreSkippedByRelease() {
        AsyncSemaphore sem = new AsyncSemaphore(loop, 0);
        List<Task<Void>> ts = new ArrayList<>();
        for (int i = 0; i < 4; i++) ts.add(task(sem::acquire));
        step();
        ts.get(0).cancel(true);
        ts.get(1).cancel(true);
        sem.release();
        steps(3);
        assertTrue(ts.get(2).isDone() && !ts.get(2).isCompletedExceptionally());
        assertFalse(ts.get(3).isDone());
        ts.get(3).cancel(true);
        pump();
        assertTrue(ts.get(3).isCancelled());
        assertEquals(0, sem.availablePermits());
    }

    // asyncio test_locks.py SemaphoreTests.test_acquire_hang
    @Test
    void cancellingTheFirstWaiterDoesNotStrandTheSecond() {
        AsyncSemaphore sem = new AsyncSemaphore(loop, 0);
        Task<Void> t1 = task(sem::acquire);
        Task<Void> t2 = task(sem::acquire);
        step();
        t1.cancel(true);
        sem.release();
        steps(3);
        assertEquals(0, sem.availablePermits());
        assertTrue(t2.isDone() && !t2.isCompletedExceptionally());
    }

    // asyncio test_locks.py SemaphoreTests.test_acquire_no_hang: the permit was handed to t2, then t2 is
    // cancelled before its continuation runs (gh-90155)
    @Test
    void permitHandedToAWaiterCancelledBeforeItsContinuationIsGivenBack() {
        AsyncSemaphore sem = new AsyncSemaphore(loop, 1);
        AtomicInteger t2Ran = new AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<Task<Void>> t2 = new java.util.concurrent.atomic.AtomicReference<>();
        Task<Void> t1 = task(() -> sem.acquire().thenCompose(v -> loop.sleep(ms(0))).thenRun(() -> {
            sem.release(); // hands the permit to t2 ...
            t2.get().cancel(true); // ... which is cancelled in the same step, before its continuation runs
        }));
        t2.set(task(() -> sem.withPermit(() -> {
            t2Ran.incrementAndGet();
            return done(null);
        })));
        LoopFuture<List<Outcome<Void>>> both = LoopFutures.gatherSettled(loop, List.of(t1, t2.get()));
        List<Outcome<Void>> r = pumpUntilDone(both);
        assertTrue(r.get(0).isSuccess());
        assertTrue(r.get(1).isCancelled());
        assertEquals(0, t2Ran.get());
        assertEquals(1, sem.availablePermits());
        LoopFuture<Void> again = loop.waitFor(sem.acquire(), s(1));
        pumpUntilDone(again);
    }

    // asyncio test_locks.py SemaphoreTests.test_release_not_acquired
    @Test
    void boundedSemaphoreRefusesExtraReleases() {
        AsyncSemaphore sem = AsyncSemaphore.bounded(loop, 1);
        IllegalStateException e = assertThrows(IllegalStateException.class, sem::release);
        assertTrue(e.getMessage().contains("released more often than acquired"), e.getMessage());
        assertTrue(sem.tryAcquire());
        sem.release();
        assertEquals(1, sem.availablePermits());
    }

    @Test
    void unboundedSemaphoreCountsExtraReleases() {
        AsyncSemaphore sem = new AsyncSemaphore(loop, 1);
        sem.release();
        assertEquals(2, sem.availablePermits());
    }

    // asyncio test_locks.py SemaphoreTests.test_release_no_waiters
    @Test
    void releaseWithoutWaitersAddsAPermit() {
        AsyncSemaphore sem = new AsyncSemaphore(loop, 1);
        pumpUntilDone(sem.acquire());
        assertEquals(0, sem.availablePermits());
        sem.release();
        assertEquals(1, sem.availablePermits());
    }

    // asyncio test_locks.py SemaphoreTests.test_acquire_fifo_order
    @Test
    void tasksReacquiringKeepFifoOrder() {
        AsyncSemaphore sem = new AsyncSemaphore(loop, 1);
        List<String> result = new ArrayList<>();
        TaskGroup g = new TaskGroup(loop);
        for (String tag : List.of("c1", "c2", "c3")) {
            g.createTask(() -> sem.acquire()
                    .thenCompose(v -> {
                        result.add(tag + "_1");
                        return loop.sleep(ms(10));
                    })
                    .thenCompose(v -> {
                        sem.release();
                        return sem.acquire();
                    })
                    .thenCompose(v -> {
                        result.add(tag + "_2");
                        return loop.sleep(ms(10));
                    })
                    .thenRun(sem::release));
        }
        pumpUntilDone(g.join());
        assertEquals(List.of("c1_1", "c2_1", "c3_1", "c1_2", "c2_2", "c3_2"), result);
    }

    // asyncio test_locks.py SemaphoreTests.test_acquire_fifo_order_2
    @Test
    void aReleaseThenReacquireQueuesBehindEarlierWaiters() {
        AsyncSemaphore sem = new AsyncSemaphore(loop, 1);
        List<Integer> result = new ArrayList<>();
        Task<Boolean> t1 = task(() -> sem.acquire().thenApply(v -> result.add(1)));
        Task<Boolean> t2 = task(() -> sem.acquire().thenCompose(v -> {
            result.add(2);
            sem.release();
            return sem.acquire();
        }).thenApply(v -> result.add(4)));
        Task<Boolean> t3 = task(() -> sem.acquire().thenApply(v -> result.add(3)));
        step();
        sem.release();
        sem.release();
        pumpUntilDone(loop.gather(List.of(t1, t2, t3)));
        assertEquals(List.of(1, 2, 3, 4), result);
    }

    // asyncio test_locks.py SemaphoreTests.test_acquire_fifo_order_3
    @Test
    void aCancelledWaiterDoesNotDisturbTheOrder() {
        AsyncSemaphore sem = new AsyncSemaphore(loop, 0);
        List<Integer> result = new ArrayList<>();
        List<Task<Boolean>> ts = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            int n = i;
            ts.add(task(() -> sem.acquire().thenApply(v -> result.add(n))));
        }
        step();
        ts.get(0).cancel(true);
        step();
        sem.release();
        sem.release();
        List<Outcome<Boolean>> r = pumpUntilDone(LoopFutures.gatherSettled(loop, ts));
        assertInstanceOf(CancellationException.class, r.get(0).failure());
        assertEquals(List.of(2, 3), result);
    }

    @Test
    void withPermitBoundsConcurrency() {
        AsyncSemaphore sem = new AsyncSemaphore(loop, 2);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        TaskGroup g = new TaskGroup(loop);
        for (int i = 0; i < 6; i++) {
            g.createTask(() -> sem.withPermit(() -> {
                peak.accumulateAndGet(running.incrementAndGet(), Math::max);
                return loop.sleep(ms(10)).thenRun(running::decrementAndGet);
            }));
        }
        pumpUntilDone(g.join());
        assertEquals(2, peak.get());
        assertEquals(2, sem.availablePermits());
    }

    @Test
    void tryAcquireNeverOvertakesAWaiter() {
        AsyncSemaphore sem = new AsyncSemaphore(loop, 0);
        LoopFuture<Void> w = sem.acquire();
        sem.release(); // handed straight to the waiter
        assertFalse(sem.tryAcquire());
        pump();
        assertTrue(w.isDone());
    }
}
