package io.loopbridge.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
class AsyncEventTest extends ToolboxTestSupport {

    // asyncio test_locks.py EventTests.test_wait
    @Test
    void setWakesEveryWaiter() {
        AsyncEvent ev = new AsyncEvent(loop);
        assertFalse(ev.isSet());
        List<Integer> result = new ArrayList<>();
        Task<Boolean> t1 = task(() -> ev.await().thenApply(v -> result.add(1)));
        Task<Boolean> t2 = task(() -> ev.await().thenApply(v -> result.add(2)));
        step();
        assertEquals(List.of(), result);
        Task<Boolean> t3 = task(() -> ev.await().thenApply(v -> result.add(3)));
        ev.set();
        step();
        // asyncio prints [3, 1, 2]: its t3 finds the event set and goes on without suspending. Here a
        // completed future's continuation runs in the next iteration, so the woken waiters come first.
        assertEquals(List.of(1, 2), result);
        pump();
        assertEquals(List.of(1, 2, 3), result);
        assertTrue(t1.join() && t2.join() && t3.join());
    }

    // asyncio test_locks.py EventTests.test_wait_on_set
    @Test
    void awaitOnASetEventIsAlreadyComplete() {
        AsyncEvent ev = new AsyncEvent(loop);
        ev.set();
        assertTrue(ev.await().isDone());
    }

    // asyncio test_locks.py EventTests.test_wait_cancel
    @Test
    void cancelledAwaitLeavesTheQueue() {
        AsyncEvent ev = new AsyncEvent(loop);
        Task<Void> wait = task(ev::await);
        loop.callSoon(() -> wait.cancel(true));
        pump();
        assertTrue(wait.isCancelled());
        assertEquals(0, ev.queued());
    }

    // asyncio test_locks.py EventTests.test_clear
    @Test
    void clearLowersTheFlag() {
        AsyncEvent ev = new AsyncEvent(loop);
        ev.set();
        assertTrue(ev.isSet());
        ev.clear();
        assertFalse(ev.isSet());
        LoopFuture<Void> w = ev.await();
        pump();
        assertFalse(w.isDone());
    }

    // asyncio test_locks.py EventTests.test_clear_with_waiters
    @Test
    void aWaiterWokenBySetCompletesEvenIfClearedAtOnce() {
        AsyncEvent ev = new AsyncEvent(loop);
        List<Integer> result = new ArrayList<>();
        Task<Boolean> t = task(() -> ev.await().thenApply(v -> result.add(1)));
        step();
        assertEquals(1, ev.queued());
        ev.set();
        ev.clear();
        assertFalse(ev.isSet());
        ev.set();
        ev.set();
        assertEquals(0, ev.queued());
        step();
        assertEquals(List.of(1), result, "woken once");
        pump();
        assertTrue(t.join());
    }

    @Test
    void waiterCancelledAfterSetButBeforeDeliveryEndsCancelled() {
        AsyncEvent ev = new AsyncEvent(loop);
        LoopFuture<Void> w = ev.await();
        ev.set();
        assertTrue(w.cancel(true));
        pump();
        assertTrue(w.isCancelled());
        assertTrue(ev.isSet());
    }
}
