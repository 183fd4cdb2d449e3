package io.loopbridge.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
class AsyncQueueTest extends ToolboxTestSupport {

    // asyncio test_queues.py QueueBasicTests.test_empty, test_full
    @Test
    void sizeCountsQueuedItemsUpToTheCapacity() {
        AsyncQueue<Integer> q = new AsyncQueue<>(loop);
        assertEquals(0, q.size());
        assertEquals(Integer.MAX_VALUE, q.capacity());
        pumpUntilDone(q.put(1));
        assertEquals(1, q.size());
        assertEquals(1, pumpUntilDone(q.get()));
        assertEquals(0, q.size());

        AsyncQueue<Integer> one = new AsyncQueue<>(loop, 1);
        pumpUntilDone(one.put(1));
        assertFalse(one.offer(2), "full");
    }

    // asyncio test_queues.py QueueBasicTests.test_order
    @Test
    void itemsComeOutInTheOrderTheyWentIn() {
        AsyncQueue<Integer> q = new AsyncQueue<>(loop);
        for (int i : new int[] {1, 3, 2}) pumpUntilDone(q.put(i));
        List<Integer> items = new ArrayList<>();
        for (int i = 0; i < 3; i++) items.add(pumpUntilDone(q.get()));
        assertEquals(List.of(1, 3, 2), items);
    }

    // asyncio test_queues.py QueueBasicTests.test_maxsize
    @Test
    void putWaitsWhileTheQueueIsFull() {
        AsyncQueue<Integer> q = new AsyncQueue<>(loop, 2);
        assertEquals(2, q.capacity());
        List<Integer> havePut = new ArrayList<>();
        Task<Boolean> t = task(() -> putAll(q, havePut, 0, 3));
        steps(3);
        assertEquals(List.of(0, 1), havePut, "the putter is blocked after two items");
        assertEquals(0, pumpUntilDone(q.get()));
        steps(2);
        assertEquals(List.of(0, 1, 2), havePut);
        assertEquals(1, pumpUntilDone(q.get()));
        assertEquals(2, pumpUntilDone(q.get()));
        pump();
        assertTrue(t.join());
    }

    private static CompletionStage<Boolean> putAll(AsyncQueue<Integer> q, List<Integer> log, int i, int n) {
        if (i == n) return done(true);
        return q.put(i).thenCompose(v -> {
            log.add(i);
            return putAll(q, log, i + 1, n);
        });
    }

    // asyncio test_queues.py QueueGetTests.test_blocking_get, test_nonblocking_get
    @Test
    void getAndPollTakeAQueuedItem() {
        AsyncQueue<Integer> q = new AsyncQueue<>(loop);
        assertTrue(q.offer(1));
        assertEquals(1, pumpUntilDone(q.get()));
        assertTrue(q.offer(2));
        assertEquals(2, q.poll());
    }

    // asyncio test_queues.py QueueGetTests.test_nonblocking_get_exception
    @Test
    void pollOnAnEmptyQueueReturnsNull() {
        assertNull(new AsyncQueue<Integer>(loop).poll());
    }

    // asyncio test_queues.py QueueGetTests.test_get_with_putters
    @Test
    void getLetsAWaitingPutterIn() {
        AsyncQueue<Integer> q = new AsyncQueue<>(loop, 1);
        pumpUntilDone(q.put(1));
        LoopFuture<Void> putter = q.put(2);
        step();
        assertFalse(putter.isDone());
        assertEquals(1, pumpUntilDone(q.get()));
        pumpUntilDone(putter);
        assertEquals(1, q.size());
    }

    // asyncio test_queues.py QueueGetTests.test_blocking_get_wait
    @Test
    void getWaitsForAnItem() {
        AsyncQueue<Integer> q = new AsyncQueue<>(loop);
        AtomicBoolean finished = new AtomicBoolean();
        Task<Integer> t = task(() -> q.get().whenComplete((v, e) -> finished.set(true)));
        steps(2);
        assertFalse(finished.get());
        loop.callLater(ms(10), () -> q.offer(1));
        assertEquals(1, pumpUntilDone(t));
        assertTrue(finished.get());
    }

    // asyncio test_queues.py QueueGetTests.test_get_cancelled_race
    @Test
    void itemPutAfterAGetterWasCancelledGoesToTheNextGetter() {
        AsyncQueue<String> q = new AsyncQueue<>(loop);
        Task<String> t1 = task(q::get);
        Task<String> t2 = task(q::get);
        step();
        t1.cancel(true);
        step();
        assertTrue(t1.isDone());
        pumpUntilDone(q.put("a"));
        assertEquals("a", pumpUntilDone(t2));
    }

    // asyncio test_queues.py QueueGetTests.test_get_with_waiting_putters
    @Test
    void waitingPuttersAreServedInOrder() {
        AsyncQueue<String> q = new AsyncQueue<>(loop, 1);
        task(() -> q.put("a"));
        task(() -> q.put("b"));
        step();
        assertEquals("a", pumpUntilDone(q.get()));
        assertEquals("b", pumpUntilDone(q.get()));
    }

    // asyncio test_queues.py QueueGetTests.test_why_are_getters_waiting,
    // QueuePutTests.test_why_are_putters_waiting
    @Test
    void producerAndConsumerThroughACapacityOneQueueFinish() {
        AsyncQueue<Integer> q = new AsyncQueue<>(loop, 1);
        TaskGroup g = new TaskGroup(loop);
        List<Integer> got = new ArrayList<>();
        g.createTask(() -> putAll(q, new ArrayList<>(), 0, 5));
        g.createTask(() -> getN(q, got, 5));
        pumpUntilDone(g.join());
        assertEquals(List.of(0, 1, 2, 3, 4), got);
    }

    private static CompletionStage<Void> getN(AsyncQueue<Integer> q, List<Integer> got, int n) {
        if (n == 0) return done(null);
        return q.get().thenCompose(v -> {
            got.add(v);
            return getN(q, got, n - 1);
        });
    }

    // asyncio test_queues.py QueueGetTests.test_cancelled_getters_not_being_held_in_self_getters
    @Test
    void timedOutGetterLeavesTheQueue() {
        AsyncQueue<Integer> q = new AsyncQueue<>(loop, 5);
        LoopFuture<Integer> r = loop.waitFor(q.get(), ms(100));
        pump();
        assertInstanceOf(TimeoutException.class, failureOf(r));
        assertTrue(q.toString().indexOf("getters") < 0, q.toString());
        assertTrue(q.offer(1));
        assertEquals(1, q.size(), "the item was not handed to the timed-out getter");
    }

    // asyncio test_queues.py QueuePutTests.test_blocking_put_wait
    @Test
    void putWaitsForRoomMadeByPoll() {
        AsyncQueue<Integer> q = new AsyncQueue<>(loop, 1);
        AtomicBoolean finished = new AtomicBoolean();
        loop.callLater(ms(10), q::poll);
        Task<Void> t = task(() -> q.put(1).thenCompose(v -> q.put(2)).whenComplete((v, e) -> finished.set(true)));
        steps(2);
        assertFalse(finished.get());
        pumpUntilDone(t);
        assertTrue(finished.get());
        assertEquals(2, q.poll());
    }

    // asyncio test_queues.py QueuePutTests.test_get_cancel_drop_one_pending_reader
    @Test
    void itemHandedToAGetterCancelledBeforeItsContinuationIsNotLost() {
        AsyncQueue<Integer> q = new AsyncQueue<>(loop);
        Task<Integer> reader = task(q::get);
        step();
        q.offer(1); // handed to the reader, delivered next iteration
        q.offer(2);
        reader.cancel(true); // ... but the reader gives up first
        pump();
        assertTrue(reader.isCancelled());
        assertEquals(1, pumpUntilDone(task(q::get)), "if we get 2, 1 was dropped");
        assertEquals(2, q.poll());
    }

    // asyncio test_queues.py QueuePutTests.test_get_cancel_drop_many_pending_readers
    @Test
    void cancellingOneOfSeveralReadersLosesNoItem() {
        AsyncQueue<Integer> q = new AsyncQueue<>(loop);
        Task<Integer> r1 = task(q::get);
        Task<Integer> r2 = task(q::get);
        Task<Integer> r3 = task(q::get);
        step();
        q.offer(1);
        q.offer(2);
        r1.cancel(true);
        pump();
        assertTrue(r1.isCancelled());
        assertEquals(Set.of(1, 2), new HashSet<>(List.of(r2.join(), r3.join())));
    }

    // asyncio test_queues.py QueuePutTests.test_put_cancel_drop
    @Test
    void putterCancelledAfterRoomWasMadePutsNothing() {
        AsyncQueue<Integer> q = new AsyncQueue<>(loop, 1);
        q.offer(1);
        Task<Void> writer = task(() -> q.put(2));
        step();
        assertEquals(1, q.poll()); // room for the writer, granted next iteration
        writer.cancel(true); // ... but the writer gives up first
        pump();
        assertTrue(writer.isCancelled());
        assertEquals(0, q.size(), "the cancelled put put nothing");
        pumpUntilDone(task(() -> q.put(2)));
        assertEquals(2, q.poll());
        assertEquals(0, q.size());
    }

    // asyncio test_queues.py QueuePutTests.test_nonblocking_put_exception
    @Test
    void offerToAFullQueueFails() {
        AsyncQueue<Integer> q = new AsyncQueue<>(loop, 1);
        assertTrue(q.offer(1));
        assertFalse(q.offer(2));
    }

    // asyncio test_queues.py QueuePutTests.test_put_cancelled
    @Test
    void putIntoAnUnboundedQueueCompletesAtOnce() {
        AsyncQueue<Integer> q = new AsyncQueue<>(loop);
        Task<Boolean> t = task(() -> q.put(1).thenApply(v -> true));
        assertEquals(1, pumpUntilDone(q.get()));
        assertTrue(pumpUntilDone(t));
    }

    // asyncio test_queues.py QueuePutTests.test_put_cancelled_race
    @Test
    void cancelledPutterIsSkipped() {
        AsyncQueue<String> q = new AsyncQueue<>(loop, 1);
        Task<Void> putA = task(() -> q.put("a"));
        Task<Void> putB = task(() -> q.put("b"));
        Task<Void> putC = task(() -> q.put("X"));
        steps(2);
        assertTrue(putA.isDone());
        assertFalse(putB.isDone());
        putC.cancel(true);
        step();
        assertTrue(putC.isDone());
        assertEquals("a", q.poll());
        steps(2);
        assertEquals("b", q.poll());
        pumpUntilDone(putB);
        assertNull(q.poll());
    }

    // asyncio test_queues.py QueuePutTests.test_put_with_waiting_getters
    @Test
    void putHandsTheItemToAWaitingGetter() {
        AsyncQueue<String> q = new AsyncQueue<>(loop);
        Task<String> t = task(q::get);
        step();
        pumpUntilDone(q.put("a"));
        assertEquals("a", pumpUntilDone(t));
        assertEquals(0, q.size());
    }

    // asyncio test_queues.py QueuePutTests.test_cancelled_puts_not_being_held_in_self_putters
    @Test
    void cancelledPutterLeavesTheQueue() {
        AsyncQueue<Integer> q = new AsyncQueue<>(loop, 1);
        q.offer(1);
        Task<Void> put = task(() -> q.put(1));
        step();
        assertTrue(q.toString().contains("putters=1"), q.toString());
        put.cancel(true);
        pump();
        assertTrue(put.isCancelled());
        assertFalse(q.toString().contains("putters"), q.toString());
    }

    // asyncio test_queues.py QueuePutTests.test_cancelled_put_silence_value_error_exception
    @Test
    void putterCancelledAfterBeingAdmittedEndsCancelled() {
        AsyncQueue<Integer> q = new AsyncQueue<>(loop, 1);
        q.offer(1);
        Task<Void> put = task(() -> q.put(1));
        step();
        q.poll(); // admits the putter
        put.cancel(true);
        pump();
        assertTrue(put.isCancelled());
        assertEquals(0, q.size());
    }

    @Test
    void anItemGivenBackByACancelledGetterNeverOverfillsTheQueue() {
        AsyncQueue<Integer> q = new AsyncQueue<>(loop, 1);
        q.offer(1);
        LoopFuture<Integer> getter = q.get(); // item 1 handed over; its slot stays held
        LoopFuture<Void> putter = q.put(2); // no room until the getter has it
        assertFalse(q.offer(3));
        getter.cancel(true); // item 1 comes back first
        pump();
        assertEquals(1, q.size());
        assertFalse(putter.isDone());
        assertEquals(1, q.poll());
        pump();
        assertTrue(putter.isDone());
        assertEquals(2, q.poll());
    }

    @Test
    void nullItemsAreRefused() {
        AsyncQueue<Integer> q = new AsyncQueue<>(loop);
        NullPointerException e = assertThrows(NullPointerException.class, () -> q.offer(null));
        assertEquals("item: null (expected: non-null)", e.getMessage());
        assertThrows(NullPointerException.class, () -> q.put(null));
    }

    @Test
    void capacityBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new AsyncQueue<Integer>(loop, 0));
    }

    // asyncio test_queues.py _QueueJoinTestMixin.test_task_done_underflow
    @Test
    void taskDoneWithoutAnItemThrows() {
        assertThrows(IllegalStateException.class, () -> new AsyncQueue<Integer>(loop).taskDone());
    }

    // asyncio test_queues.py _QueueJoinTestMixin.test_task_done
    @Test
    void joinCompletesOnceEveryItemIsMarkedDone() {
        AsyncQueue<Integer> q = new AsyncQueue<>(loop);
        for (int i = 0; i < 100; i++) q.offer(i);
        AtomicInteger accumulator = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);
        TaskGroup g = new TaskGroup(loop);
        for (int w = 0; w < 2; w++) g.createTask(worker(q, accumulator, running));
        pumpUntilDone(q.join());
        assertEquals(4950, accumulator.get());
        running.set(false);
        q.offer(0);
        q.offer(0);
        pumpUntilDone(g.join());
    }

    private static Supplier<CompletionStage<Void>> worker(AsyncQueue<Integer> q, AtomicInteger acc, AtomicBoolean running) {
        return () -> q.get().thenCompose(item -> {
            acc.addAndGet(item);
            q.taskDone();
            return running.get() ? worker(q, acc, running).get() : done(null);
        });
    }

    // asyncio test_queues.py _QueueJoinTestMixin.test_join_empty_queue
    @Test
    void joinOnAQueueWithNothingUnfinishedIsComplete() {
        AsyncQueue<Integer> q = new AsyncQueue<>(loop);
        assertTrue(q.join().isDone());
        assertTrue(q.join().isDone());
    }
}
