package io.loopbridge.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
class AsyncLockTest extends ToolboxTestSupport {

    // asyncio test_locks.py LockTests.test_acquire
    @Test
    void waitersGetTheLockInFifoOrder() {
        AsyncLock lock = new AsyncLock(loop);
        List<Integer> result = new ArrayList<>();
        LoopFuture<Void> first = lock.acquire();
        step();
        assertTrue(first.isDone());
        Task<Boolean> t1 = task(() -> lock.acquire().thenApply(v -> result.add(1)));
        Task<Boolean> t2 = task(() -> lock.acquire().thenApply(v -> result.add(2)));
        step();
        assertEquals(List.of(), result);

        lock.release();
        step();
        assertEquals(List.of(1), result);
        step();
        assertEquals(List.of(1), result);

        Task<Boolean> t3 = task(() -> lock.acquire().thenApply(v -> result.add(3)));
        lock.release();
        step();
        assertEquals(List.of(1, 2), result);
        lock.release();
        step();
        assertEquals(List.of(1, 2, 3), result);
        pump();
        assertTrue(t1.join() && t2.join() && t3.join());
        assertTrue(lock.isLocked());
    }

    // asyncio test_locks.py LockTests.test_acquire_cancel
    @Test
    void cancelledWaiterLeavesTheQueue() {
        AsyncLock lock = new AsyncLock(loop);
        lock.acquire();
        Task<Void> t = task(lock::acquire);
        loop.callSoon(() -> t.cancel(true));
        pump();
        assertTrue(t.isCancelled());
        assertEquals(0, lock.queued());
        assertTrue(lock.isLocked());
    }

    // asyncio test_locks.py LockTests.test_cancel_race
    @Test
    void releaseSkipsAWaiterCancelledInTheSameIteration() {
        AsyncLock lock = new AsyncLock(loop);
        LoopFuture<Void> fa = loop.createFuture();
        Task<Void> ta = task(() -> lockit(lock, fa));
        step();
        assertTrue(lock.isLocked());
        Task<Void> tb = task(() -> lockit(lock, null));
        step();
        assertEquals(1, lock.queued());
        Task<Void> tc = task(() -> lockit(lock, null));
        step();
        assertEquals(2, lock.queued());

        fa.complete(null);
        tb.cancel(true);
        assertEquals(1, lock.queued(), "the cancelled waiter left the queue at once");
        pump();
        assertTrue(ta.isDone() && !ta.isCompletedExceptionally());
        assertTrue(tb.isCancelled());
        assertTrue(tc.isDone() && !tc.isCompletedExceptionally());
        assertFalse(lock.isLocked());
    }

    /** acquire, then await {@code blocker}, then release (asyncio's {@code lockit}). */
    private static LoopFuture<Void> lockit(AsyncLock lock, LoopFuture<Void> blocker) {
        return lock.acquire().thenCompose(v -> (blocker == null ? CompletableFuture.<Void>completedFuture(null) : blocker)
                .whenComplete((r, e) -> lock.release()));
    }

    // asyncio test_locks.py LockTests.test_cancel_release_race
    @Test
    void cancelThenReleaseGrantsTheLockToExactlyOneWaiter() {
        AsyncLock lock = new AsyncLock(loop);
        AtomicInteger lockCount = new AtomicInteger();
        AtomicInteger callCount = new AtomicInteger();
        lock.acquire();
        step();
        List<Task<Integer>> ts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ts.add(task(() -> {
                callCount.incrementAndGet();
                return lock.acquire().thenApply(v -> lockCount.incrementAndGet());
            }));
        }
        step();
        loop.callSoon(() -> {
            ts.get(0).cancel(true);
            lock.release();
        });
        pump();
        assertEquals(1, lockCount.get());
        assertEquals(3, callCount.get());
        assertTrue(ts.get(0).isCancelled());
        assertTrue(ts.get(1).isDone());
        assertFalse(ts.get(2).isDone());
        ts.get(2).cancel(true);
        step();
        step();
        assertTrue(ts.get(2).isCancelled());
    }

    // asyncio test_locks.py LockTests.test_finished_waiter_cancelled
    @Test
    void secondWaiterGetsTheLockWhenTheFirstIsCancelledBeforeRelease() {
        AsyncLock lock = new AsyncLock(loop);
        lock.acquire();
        step();
        Task<Void> tb = task(lock::acquire);
        step();
        assertEquals(1, lock.queued());
        Task<Void> tc = task(lock::acquire);
        tb.cancel(true);
        lock.release();
        step();
        assertTrue(lock.isLocked());
        pump();
        assertTrue(tb.isCancelled());
        assertTrue(tc.isDone() && !tc.isCompletedExceptionally());
    }

    // asyncio test_locks.py LockTests.test_cancel_release_race, the window bpo-27585 closed: the lock was
    // handed to B, then B's task is cancelled before B's continuation runs.
    @Test
    void lockHandedToAWaiterCancelledBeforeItsContinuationGoesToTheNext() {
        AsyncLock lock = new AsyncLock(loop);
        List<String> got = new ArrayList<>();
        lock.acquire();
        step();
        Task<Boolean> tb = task(() -> lock.acquire().thenApply(v -> got.add("B")));
        Task<Boolean> tc = task(() -> lock.acquire().thenApply(v -> got.add("C")));
        step();
        loop.callSoon(() -> {
            lock.release(); // handed to B; delivered in the next iteration
            tb.cancel(true); // ... but B gives up first
        });
        pump();
        assertTrue(tb.isCancelled());
        assertEquals(List.of("C"), got, "B never ran with the lock; C got it");
        assertTrue(lock.isLocked(), "held by C");
        lock.release();
        assertFalse(lock.isLocked());
    }

    @Test
    void uncontendedAcquireIsNotLeakedWhenItsTaskIsCancelledBeforeTheContinuation() {
        AsyncLock lock = new AsyncLock(loop);
        AtomicBoolean ran = new AtomicBoolean();
        Task<Void> t = task(() -> lock.acquire().thenCompose(v -> {
            ran.set(true);
            return loop.sleep(s(1)).whenComplete((r, e) -> lock.release());
        }));
        step(); // the body ran: the lock is reserved for it, its continuation comes next iteration
        assertTrue(lock.isLocked());
        t.cancel(true); // nothing else is pending: without the reservation the lock would stay locked
        pump();
        assertTrue(t.isCancelled());
        assertFalse(ran.get());
        assertFalse(lock.isLocked());
    }

    // asyncio test_locks.py LockTests.test_release_not_acquired
    @Test
    void releaseOfAnUnlockedLockThrows() {
        AsyncLock lock = new AsyncLock(loop);
        IllegalStateException e = assertThrows(IllegalStateException.class, lock::release);
        assertTrue(e.getMessage().contains("not locked"), e.getMessage());
    }

    // asyncio test_locks.py LockTests.test_release_no_waiters
    @Test
    void releaseWithoutWaitersUnlocks() {
        AsyncLock lock = new AsyncLock(loop);
        pumpUntilDone(lock.acquire());
        assertTrue(lock.isLocked());
        lock.release();
        assertFalse(lock.isLocked());
    }

    // asyncio test_locks.py LockTests.test_context_manager
    @Test
    void withLockHoldsTheLockWhileTheBodyRunsAndReleasesAfter() {
        AsyncLock lock = new AsyncLock(loop);
        AtomicBoolean heldInside = new AtomicBoolean();
        LoopFuture<String> r = lock.withLock(() -> loop.sleep(ms(5)).thenApply(v -> {
            heldInside.set(lock.isLocked());
            return "ok";
        }));
        assertEquals("ok", pumpUntilDone(r));
        assertTrue(heldInside.get());
        assertFalse(lock.isLocked());
    }

    @Test
    void withLockReleasesWhenTheBodyFailsOrThrows() {
        AsyncLock lock = new AsyncLock(loop);
        IllegalStateException boom = new IllegalStateException("boom");
        LoopFuture<Object> failed = lock.withLock(() -> loop.sleep(ms(1)).thenApply(v -> {
            throw boom;
        }));
        pump();
        assertSame(boom, failureOf(failed));
        assertFalse(lock.isLocked());

        LoopFuture<Object> threw = lock.withLock(() -> {
            throw boom;
        });
        pump();
        assertSame(boom, failureOf(threw));
        assertFalse(lock.isLocked());
    }

    @Test
    void withLockSerialisesBodiesInCallOrder() {
        AsyncLock lock = new AsyncLock(loop);
        List<String> log = new ArrayList<>();
        for (String name : List.of("a", "b", "c")) {
            task(() -> lock.withLock(() -> {
                log.add(name + "+");
                return loop.sleep(ms(10)).thenRun(() -> log.add(name + "-"));
            }));
        }
        pump();
        assertEquals(List.of("a+", "a-", "b+", "b-", "c+", "c-"), log);
        assertFalse(lock.isLocked());
    }

    @Test
    void cancellingTheTaskInsideWithLockReleasesTheLock() {
        AsyncLock lock = new AsyncLock(loop);
        Task<Void> holder = task(() -> lock.withLock(() -> loop.sleep(s(60))));
        Task<Void> next = task(() -> lock.withLock(() -> done(null)));
        advance(s(1));
        assertTrue(lock.isLocked());
        holder.cancel(true);
        pumpUntilDone(next);
        assertTrue(holder.isCancelled());
        assertFalse(lock.isLocked());
    }

    @Test
    void cancellingWithLockWhileWaitingTakesNothing() {
        AsyncLock lock = new AsyncLock(loop);
        lock.acquire();
        AtomicBoolean ran = new AtomicBoolean();
        LoopFuture<Void> r = lock.withLock(() -> {
            ran.set(true);
            return done(null);
        });
        step();
        assertEquals(1, lock.queued());
        assertTrue(r.cancel(true));
        assertEquals(0, lock.queued());
        lock.release();
        pump();
        assertFalse(ran.get());
        assertFalse(lock.isLocked());
    }

    @Test
    void tryAcquireTakesOnlyAFreeLock() {
        AsyncLock lock = new AsyncLock(loop);
        assertTrue(lock.tryAcquire());
        assertFalse(lock.tryAcquire());
        lock.release();
        assertFalse(lock.isLocked());
    }

    @Test
    void orTimeoutOnAWaiterGivesUpWithoutTakingTheLock() {
        AsyncLock lock = new AsyncLock(loop);
        lock.acquire();
        LoopFuture<Void> w = lock.acquire().orTimeout(10, TimeUnit.MILLISECONDS);
        pump();
        assertInstanceOf(TimeoutException.class, failureOf(w));
        assertEquals(0, lock.queued());
        lock.release();
        assertFalse(lock.isLocked());
    }

    @Test
    void aWaiterCannotBeCompletedFromOutside() {
        AsyncLock lock = new AsyncLock(loop);
        lock.acquire();
        LoopFuture<Void> w = lock.acquire();
        assertThrows(UnsupportedOperationException.class, () -> w.complete(null));
        assertFalse(w.isDone());
    }

    @Test
    void cancelFromAnotherThreadIsDeliveredOnTheLoopThread() throws Exception {
        AsyncLock lock = new AsyncLock(loop);
        lock.acquire();
        LoopFuture<Void> w = lock.acquire();
        AtomicReference<Boolean> r = new AtomicReference<>();
        Thread other = new Thread(() -> r.set(w.cancel(true)));
        other.start();
        other.join();
        assertTrue(r.get());
        host.pumpUntil(w::isDone);
        assertTrue(w.isCancelled());
        assertEquals(0, lock.queued());
    }

    @Test
    void callsFromAnotherThreadAreRefused() throws Exception {
        AsyncLock lock = new AsyncLock(loop);
        AtomicReference<Throwable> seen = new AtomicReference<>();
        Thread other = new Thread(() -> {
            try {
                lock.acquire();
            } catch (Throwable e) {
                seen.set(e);
            }
        });
        other.start();
        other.join();
        assertInstanceOf(IllegalStateException.class, seen.get());
        assertTrue(seen.get().getMessage().contains("AsyncLock.acquire"), seen.get().getMessage());
    }

    @Test
    void closingTheLoopCancelsWaiters() {
        AsyncLock lock = new AsyncLock(loop);
        lock.acquire();
        LoopFuture<Void> w = lock.acquire();
        step();
        loop.close();
        assertTrue(w.isCancelled());
        assertThrows(java.util.concurrent.RejectedExecutionException.class, lock::acquire);
    }

    @Test
    void continuationsOfAGrantRunInTheIterationOfTheDelivery() {
        AsyncLock lock = new AsyncLock(loop);
        LoopFuture<Void> a = lock.acquire();
        CompletableFuture<Void> seen = a.thenRun(() -> { });
        assertFalse(a.isDone());
        step();
        assertTrue(a.isDone());
        assertTrue(seen.isDone(), "no extra iteration between the grant and its continuation");
    }
}
