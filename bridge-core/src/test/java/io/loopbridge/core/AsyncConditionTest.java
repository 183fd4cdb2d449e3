package io.loopbridge.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
class AsyncConditionTest extends ToolboxTestSupport {

    /** acquire, await a signal, record {@code n}, keep the lock (asyncio's {@code c1}...{@code c3}). */
    private Task<Boolean> waitAndRecord(AsyncCondition cond, List<Integer> result, int n) {
        return task(() -> cond.lock().acquire().thenCompose(v -> cond.await().thenApply(w -> result.add(n))));
    }

    // asyncio test_locks.py ConditionTests.test_wait
    @Test
    void signalledWaitersResumeOneByOneAsTheLockIsReleased() {
        AsyncCondition cond = new AsyncCondition(loop);
        AsyncLock lock = cond.lock();
        List<Integer> result = new ArrayList<>();
        Task<Boolean> t1 = waitAndRecord(cond, result, 1);
        Task<Boolean> t2 = waitAndRecord(cond, result, 2);
        Task<Boolean> t3 = waitAndRecord(cond, result, 3);
        pump();
        assertEquals(List.of(), result);
        assertFalse(lock.isLocked());

        pumpUntilDone(lock.acquire());
        cond.signal();
        step();
        assertEquals(List.of(), result, "signalled, but the lock is still held");
        assertTrue(lock.isLocked());

        lock.release();
        step();
        assertEquals(List.of(1), result);
        assertTrue(lock.isLocked());

        cond.signal(2);
        step();
        assertEquals(List.of(1), result);
        assertTrue(lock.isLocked());

        lock.release();
        step();
        assertEquals(List.of(1, 2), result);
        assertTrue(lock.isLocked());

        lock.release();
        step();
        assertEquals(List.of(1, 2, 3), result);
        assertTrue(lock.isLocked());
        pump();
        assertTrue(t1.join() && t2.join() && t3.join());
    }

    // asyncio test_locks.py ConditionTests.test_wait_cancel
    @Test
    void cancelledAwaitEndsWithTheLockHeldAgain() {
        AsyncCondition cond = new AsyncCondition(loop);
        pumpUntilDone(cond.lock().acquire());
        Task<Void> wait = task(cond::await);
        loop.callSoon(() -> wait.cancel(true));
        pump();
        assertTrue(wait.isCancelled());
        assertEquals(0, cond.queued());
        assertTrue(cond.lock().isLocked());
    }

    // asyncio test_locks.py ConditionTests.test_wait_cancel_contested
    @Test
    void cancelAfterSignalWhileTheLockIsContestedStillReacquires() {
        AsyncCondition cond = new AsyncCondition(loop);
        AsyncLock lock = cond.lock();
        pumpUntilDone(lock.acquire());
        Task<Void> waitTask = task(cond::await);
        step();
        assertFalse(lock.isLocked());
        pumpUntilDone(lock.acquire());
        cond.signal();
        loop.callSoon(() -> waitTask.cancel(true));
        loop.callSoon(lock::release);
        pump();
        assertTrue(waitTask.isDone());
        assertTrue(lock.isLocked(), "the cancelled waiter holds the lock again");
    }

    // asyncio test_locks.py ConditionTests.test_wait_cancel_after_notify (bpo-32841)
    @Test
    void waiterCancelledWhileReacquiringEndsCancelledAndReleasesThroughWithLock() {
        AsyncCondition cond = new AsyncCondition(loop);
        AsyncLock lock = cond.lock();
        AtomicBoolean waited = new AtomicBoolean();
        Task<Void> waiter = task(() -> cond.withLock(() -> {
            waited.set(true);
            return cond.await();
        }));
        steps(2);
        pumpUntilDone(lock.acquire());
        cond.signal();
        step();
        waiter.cancel(true);
        step();
        lock.release();
        pump();
        assertTrue(waiter.isCancelled());
        assertTrue(waited.get());
        assertFalse(lock.isLocked(), "withLock released the re-acquired lock");
    }

    // asyncio test_locks.py ConditionTests.test_cancelled_wakeup: a signal consumed by a waiter that is
    // then cancelled goes to the next waiter
    @Test
    void signalConsumedByACancelledWaiterPassesToTheNext() {
        AsyncCondition cond = new AsyncCondition(loop);
        AsyncLock lock = cond.lock();
        List<Integer> woke = new ArrayList<>();
        Task<Boolean> w1 = task(() -> cond.withLock(() -> cond.await().thenApply(v -> woke.add(1))));
        Task<Boolean> w2 = task(() -> cond.withLock(() -> cond.await().thenApply(v -> woke.add(2))));
        pump();
        assertEquals(2, cond.queued());
        pumpUntilDone(lock.acquire());
        cond.signal(); // w1 is signalled ...
        w1.cancel(true); // ... and gives up before it runs
        lock.release();
        pump();
        assertTrue(w1.isCancelled());
        assertEquals(List.of(2), woke, "w2 got the signal w1 consumed");
        assertTrue(w2.join());
        assertFalse(lock.isLocked());
    }

    // asyncio test_locks.py ConditionTests.test_wait_unacquired
    @Test
    void awaitWithoutTheLockThrows() {
        AsyncCondition cond = new AsyncCondition(loop);
        IllegalStateException e = assertThrows(IllegalStateException.class, cond::await);
        assertTrue(e.getMessage().contains("lock is not held"), e.getMessage());
    }

    // asyncio test_locks.py ConditionTests.test_wait_for
    @Test
    void awaitUntilRechecksThePredicateAfterEachSignal() {
        AsyncCondition cond = new AsyncCondition(loop);
        AsyncLock lock = cond.lock();
        boolean[] presult = {false};
        List<Integer> result = new ArrayList<>();
        Task<Boolean> t = task(() -> lock.acquire().thenCompose(v -> cond.awaitUntil(() -> presult[0])).thenApply(v -> {
            result.add(1);
            lock.release();
            return true;
        }));
        pump();
        assertEquals(List.of(), result);

        pumpUntilDone(lock.acquire());
        cond.signal();
        lock.release();
        pump();
        assertEquals(List.of(), result);

        presult[0] = true;
        pumpUntilDone(lock.acquire());
        cond.signal();
        lock.release();
        pump();
        assertEquals(List.of(1), result);
        assertTrue(t.join());
    }

    // asyncio test_locks.py ConditionTests.test_wait_for_unacquired
    @Test
    void awaitUntilATruePredicateNeedsNoLock() {
        AsyncCondition cond = new AsyncCondition(loop);
        assertTrue(cond.awaitUntil(() -> true).isDone());
        assertThrows(IllegalStateException.class, () -> cond.awaitUntil(() -> false));
    }

    // asyncio test_locks.py ConditionTests.test_notify
    @Test
    void signalWakesAtMostNWaiters() {
        AsyncCondition cond = new AsyncCondition(loop);
        AsyncLock lock = cond.lock();
        List<Integer> result = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            int n = i;
            task(() -> lock.acquire().thenCompose(v -> cond.await()).thenApply(v -> {
                result.add(n);
                lock.release();
                return true;
            }));
        }
        pump();
        pumpUntilDone(lock.acquire());
        cond.signal(1);
        lock.release();
        pump();
        assertEquals(List.of(1), result);

        pumpUntilDone(lock.acquire());
        cond.signal(1);
        cond.signal(2048);
        lock.release();
        pump();
        assertEquals(List.of(1, 2, 3), result);
    }

    // asyncio test_locks.py ConditionTests.test_notify_all
    @Test
    void signalAllWakesEveryWaiter() {
        AsyncCondition cond = new AsyncCondition(loop);
        List<Integer> result = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            int n = i;
            task(() -> cond.withLock(() -> cond.await().thenApply(v -> result.add(n))));
        }
        pump();
        pumpUntilDone(cond.withLock(() -> {
            cond.signalAll();
            return done(null);
        }));
        pump();
        assertEquals(List.of(1, 2), result);
    }

    // asyncio test_locks.py ConditionTests.test_notify_unacquired, test_notify_all_unacquired
    @Test
    void signalWithoutTheLockThrows() {
        AsyncCondition cond = new AsyncCondition(loop);
        assertThrows(IllegalStateException.class, cond::signal);
        assertThrows(IllegalStateException.class, cond::signalAll);
    }

    // asyncio test_locks.py ConditionTests.test_explicit_lock
    @Test
    void conditionSharesAnExplicitLock() {
        AsyncLock lock = new AsyncLock(loop);
        AsyncCondition cond = new AsyncCondition(loop, lock);
        assertSame(lock, cond.lock());
        pumpUntilDone(cond.withLock(() -> {
            assertTrue(lock.isLocked());
            return done(null);
        }));
        assertFalse(lock.isLocked());
        GuestLoop other = new GuestLoop(() -> { });
        assertThrows(IllegalArgumentException.class, () -> new AsyncCondition(other, lock));
    }

    // asyncio test_locks.py ConditionTests.test_timeout_in_block
    @Test
    void waitForOnAwaitTimesOutWithTheLockHeld() {
        AsyncCondition cond = new AsyncCondition(loop);
        LoopFuture<Object> r = cond.withLock(() -> loop.waitFor(cond.await(), ms(500))
                .handle((v, e) -> {
                    assertTrue(cond.lock().isLocked(), "re-acquired before the timeout is reported");
                    return e;
                }));
        Object e = pumpUntilDone(r);
        assertInstanceOf(TimeoutException.class, e);
        assertFalse(cond.lock().isLocked());
    }

    @Test
    void closingTheLoopCancelsAwaitsEvenWhileTheLockIsHeld() {
        AsyncCondition cond = new AsyncCondition(loop);
        pumpUntilDone(cond.lock().acquire());
        LoopFuture<Void> w = cond.await();
        pumpUntilDone(cond.lock().acquire()); // someone else holds the lock now
        loop.close();
        assertTrue(w.isCancelled());
    }
}
