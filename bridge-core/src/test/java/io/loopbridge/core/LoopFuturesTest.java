package io.loopbridge.core;

import io.loopbridge.core.testkit.RecordingHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link EventLoop#gather}, {@link LoopFutures#gatherSettled}, {@link LoopFutures#shield}, {@link LoopFutures#asCompleted}. */
@Timeout(30)
class LoopFuturesTest extends ToolboxTestSupport {

    /** One test completes work on an executor thread: a late wake-up from it is legal (HostWaker's contract). */
    @Override
    RecordingHost newHost() {
        return RecordingHost.create().toleratingLateWakeUps();
    }

    private <T> CompletionStage<T> after(long millis, T value) {
        return loop.sleep(ms(millis)).thenApply(v -> value);
    }

    // ---- gather: asyncio test_tasks.py GatherTestsBase / CoroutineGatherTests ----

    // asyncio test_tasks.py FutureGatherTests.test_constructor_empty_sequence
    @Test
    void gatherOfNothingIsAnEmptyList() {
        LoopFuture<List<Object>> r = loop.gather(List.of());
        assertTrue(r.isDone());
        assertEquals(List.of(), r.join());
        assertEquals(List.of(), LoopFutures.gatherSettled(loop, List.of()).join());
    }

    // asyncio test_tasks.py GatherTestsBase.test_result_exception_success
    @Test
    void gatherKeepsArgumentOrderNotCompletionOrder() {
        LoopFuture<List<String>> r = loop.gather(List.of(after(30, "a"), after(10, "b"), after(20, "c")));
        assertEquals(List.of("a", "b", "c"), pumpUntilDone(r));
    }

    // asyncio test_tasks.py GatherTestsBase.test_one_exception
    @Test
    void gatherFailsWithTheFirstFailureAndLeavesTheOthersRunning() {
        IllegalStateException boom = new IllegalStateException("boom");
        LoopFuture<String> a = loop.createFuture();
        LoopFuture<String> b = loop.createFuture();
        LoopFuture<String> c = loop.createFuture();
        LoopFuture<List<String>> r = loop.gather(List.of(a, b, c));
        a.complete("a");
        b.completeExceptionally(boom);
        pump();
        assertSame(boom, failureOf(r));
        assertFalse(c.isDone(), "as in asyncio, the other children are not cancelled");
        c.complete("c");
        c.completeExceptionally(new RuntimeException("late"));
        pump();
        assertTrue(errors.isEmpty(), "gather observed its children: " + errors);
    }

    // asyncio test_tasks.py GatherTestsBase.test_return_exceptions
    @Test
    void gatherSettledCollectsValuesAndFailuresInOrder() {
        IllegalStateException boom = new IllegalStateException("boom");
        IllegalArgumentException bang = new IllegalArgumentException("bang");
        LoopFuture<String> a = loop.createFuture();
        LoopFuture<String> b = loop.createFuture();
        LoopFuture<String> c = loop.createFuture();
        LoopFuture<String> d = loop.createFuture();
        LoopFuture<List<Outcome<String>>> r = LoopFutures.gatherSettled(loop, List.of(a, b, c, d));
        c.completeExceptionally(boom);
        d.completeExceptionally(bang);
        b.complete("b");
        step();
        assertFalse(r.isDone());
        a.complete("a");
        List<Outcome<String>> out = pumpUntilDone(r);
        assertEquals(List.of(Outcome.success("a"), Outcome.success("b"), Outcome.failure(boom), Outcome.failure(bang)), out);
        assertEquals("a", out.get(0).value());
        assertSame(boom, out.get(2).failure());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> out.get(3).value());
        assertSame(bang, e.getCause());
    }

    // asyncio test_tasks.py GatherTestsBase.test_one_cancellation
    @Test
    void gatherOfACancelledChildEndsCancelled() {
        LoopFuture<String> a = loop.createFuture();
        LoopFuture<String> b = loop.createFuture();
        LoopFuture<List<String>> r = loop.gather(List.of(a, b));
        b.cancel(true);
        pump();
        assertTrue(r.isCancelled());
        assertFalse(a.isDone());
    }

    // asyncio test_tasks.py GatherTestsBase.test_result_exception_one_cancellation
    @Test
    void gatherSettledReportsACancelledChildAsAnOutcome() {
        LoopFuture<String> a = loop.createFuture();
        LoopFuture<String> b = loop.createFuture();
        LoopFuture<List<Outcome<String>>> r = LoopFutures.gatherSettled(loop, List.of(a, b));
        b.cancel(true);
        a.complete("a");
        List<Outcome<String>> out = pumpUntilDone(r);
        assertTrue(out.get(0).isSuccess());
        assertTrue(out.get(1).isCancelled());
        assertFalse(r.isCancelled());
    }

    // asyncio test_tasks.py CoroutineGatherTests.test_cancellation_broadcast
    @Test
    void cancellingGatherCancelsEveryPendingChild() {
        for (boolean settled : new boolean[] {false, true}) {
            LoopFuture<Void> a = loop.sleep(s(10));
            Task<String> b = task(() -> after(10_000, "b"));
            LoopFuture<?> r = settled ? LoopFutures.gatherSettled(loop, List.of(a, b)) : loop.gather(List.of(a, b));
            step();
            assertTrue(r.cancel(true));
            pump();
            assertTrue(r.isCancelled());
            assertTrue(a.isCancelled());
            assertTrue(b.isCancelled());
            assertEquals(0, loop.stats().pendingTimers());
        }
    }

    // asyncio test_tasks.py CoroutineGatherTests.test_cancellation_broadcast: cancelling the task awaiting it
    @Test
    void cancellingTheTaskAwaitingGatherCancelsTheChildren() {
        List<LoopFuture<Void>> children = new ArrayList<>();
        Task<List<Void>> parent = task(() -> {
            children.add(loop.sleep(s(10)));
            children.add(loop.sleep(s(20)));
            return loop.gather(children);
        });
        step();
        parent.cancel(true);
        pump();
        assertTrue(parent.isCancelled());
        assertTrue(children.stream().allMatch(CompletableFuture::isCancelled));
    }

    // asyncio test_tasks.py GatherTestsBase.test_constructor_heterogenous_futures (foreign stages)
    @Test
    void gatherAdoptsForeignStages() throws Exception {
        CompletableFuture<String> foreign = new CompletableFuture<>();
        LoopFuture<List<String>> r = loop.gather(List.of(foreign, after(10, "loop")));
        Thread t = new Thread(() -> foreign.complete("foreign"));
        t.start();
        t.join();
        assertEquals(List.of("foreign", "loop"), pumpUntilDone(r));
    }

    // asyncio test_tasks.py CoroutineGatherTests.test_duplicate_coroutines
    @Test
    void theSameStageTwiceGivesItsResultTwice() {
        LoopFuture<String> a = loop.createFuture();
        LoopFuture<List<String>> r = loop.gather(List.of(a, a));
        a.complete("x");
        assertEquals(List.of("x", "x"), pumpUntilDone(r));
    }

    @Test
    void aNullStageIsRefusedWithItsIndex() {
        List<CompletionStage<String>> stages = new ArrayList<>();
        stages.add(done("a"));
        stages.add(null);
        NullPointerException e = assertThrows(NullPointerException.class, () -> LoopFutures.gatherSettled(loop, stages));
        assertEquals("stages[1]: null (expected: non-null)", e.getMessage());
    }

    // ---- shield: asyncio test_tasks.py BaseTaskTests.test_shield_* ----

    // asyncio test_tasks.py BaseTaskTests.test_shield_result
    @Test
    void shieldPassesTheResultThrough() {
        LoopFuture<String> inner = loop.createFuture();
        LoopFuture<String> outer = LoopFutures.shield(loop, inner);
        step();
        assertFalse(outer.isDone());
        inner.complete("42");
        assertEquals("42", pumpUntilDone(outer));
    }

    // asyncio test_tasks.py BaseTaskTests.test_shield_exception
    @Test
    void shieldPassesTheFailureThrough() {
        LoopFuture<String> inner = loop.createFuture();
        LoopFuture<String> outer = LoopFutures.shield(loop, inner);
        IllegalStateException boom = new IllegalStateException("boom");
        inner.completeExceptionally(boom);
        pump();
        assertSame(boom, failureOf(outer));
    }

    // asyncio test_tasks.py BaseTaskTests.test_shield_cancel_inner
    @Test
    void cancellingTheShieldedStageCancelsTheShield() {
        LoopFuture<String> inner = loop.createFuture();
        LoopFuture<String> outer = LoopFutures.shield(loop, inner);
        inner.cancel(true);
        pump();
        assertTrue(outer.isCancelled());
    }

    // asyncio test_tasks.py BaseTaskTests.test_shield_cancel_outer
    @Test
    void cancellingTheShieldLeavesTheStageRunning() {
        LoopFuture<String> inner = loop.createFuture();
        LoopFuture<String> outer = LoopFutures.shield(loop, inner);
        step();
        assertTrue(outer.cancel(true));
        pump();
        assertTrue(outer.isCancelled());
        assertFalse(inner.isDone());
    }

    // asyncio test_tasks.py BaseTaskTests.test_shield_cancel_outer_result
    @Test
    void aResultAfterTheShieldWasCancelledIsNotAnError() {
        LoopFuture<String> inner = loop.createFuture();
        LoopFuture<String> outer = LoopFutures.shield(loop, inner);
        outer.cancel(true);
        inner.complete("1");
        pump();
        assertTrue(errors.isEmpty(), errors.toString());
    }

    // asyncio test_tasks.py BaseTaskTests.test_shield_cancel_outer_exception, test_shield_duplicate_log_once
    @Test
    void aFailureNobodyReceivesAfterTheShieldWasCancelledIsReportedOnce() {
        LoopFuture<String> inner = loop.createFuture();
        LoopFuture<String> outer1 = LoopFutures.shield(loop, inner);
        LoopFuture<String> outer2 = LoopFutures.shield(loop, inner);
        step();
        outer1.cancel(true);
        outer2.cancel(true);
        IllegalStateException foo = new IllegalStateException("foo");
        inner.completeExceptionally(foo);
        pump();
        assertEquals(1, errors.size(), errors.toString());
        assertSame(foo, errors.get(0).exception());
        assertSame(inner, errors.get(0).source());
    }

    // asyncio test_tasks.py BaseTaskTests.test_shield_shortcut
    @Test
    void shieldOfADoneStageIsTheStage() {
        LoopFuture<String> inner = loop.createFuture();
        inner.complete("done");
        assertSame(inner, LoopFutures.shield(loop, inner));
    }

    // asyncio test_tasks.py BaseTaskTests.test_shield_effect
    @Test
    void cancellingTheAwaitingTaskDoesNotReachTheShieldedBody() {
        List<String> log = new ArrayList<>();
        Task<String> outer = task(() -> LoopFutures.shield(loop, () -> loop.sleep(s(1)).thenApply(v -> {
            log.add("saved");
            return "saved";
        })));
        step();
        outer.cancel(true);
        pump();
        assertTrue(outer.isCancelled());
        assertEquals(List.of("saved"), log);
    }

    @Test
    void aShieldedForeignStageIsNotCancelledWithTheAwaitingTask() {
        CompletableFuture<String> foreign = new CompletableFuture<>();
        Task<String> outer = task(() -> LoopFutures.shield(loop, foreign));
        step();
        outer.cancel(true);
        pump();
        assertTrue(outer.isCancelled());
        assertFalse(foreign.isDone(), "the wrapper was not owned by the task");
        foreign.complete("x");
    }

    // asyncio test_tasks.py BaseTaskTests.test_shield_gather
    @Test
    void shieldOfAGatherKeepsTheChildrenRunning() {
        LoopFuture<String> a = loop.createFuture();
        LoopFuture<String> b = loop.createFuture();
        LoopFuture<List<String>> g = loop.gather(List.of(a, b));
        LoopFuture<List<String>> outer = LoopFutures.shield(loop, g);
        step();
        outer.cancel(true);
        a.complete("a");
        b.complete("b");
        pump();
        assertEquals(List.of("a", "b"), g.join());
    }

    // asyncio test_tasks.py BaseTaskTests.test_gather_shield
    @Test
    void gatherOfShieldsCancelsOnlyTheShields() {
        LoopFuture<String> a = loop.createFuture();
        LoopFuture<String> b = loop.createFuture();
        LoopFuture<String> sa = LoopFutures.shield(loop, a);
        LoopFuture<String> sb = LoopFutures.shield(loop, b);
        LoopFuture<List<String>> g = loop.gather(List.of(sa, sb));
        step();
        g.cancel(true);
        pump();
        assertTrue(sa.isCancelled() && sb.isCancelled());
        assertFalse(a.isDone() || b.isDone());
    }

    // ---- as_completed: asyncio test_tasks.py BaseTaskTests.test_as_completed* ----

    // asyncio test_tasks.py BaseTaskTests.test_as_completed
    @Test
    void asCompletedDeliversInCompletionOrder() {
        List<LoopFuture<String>> futs = LoopFutures.asCompleted(loop, List.of(after(100, "a"), after(50, "b"), after(150, "c")));
        List<String> got = new ArrayList<>();
        for (LoopFuture<String> f : futs) got.add(pumpUntilDone(f));
        assertEquals(List.of("b", "a", "c"), got);
    }

    // asyncio test_tasks.py BaseTaskTests.test_as_completed_with_timeout
    @Test
    void asCompletedTimesOutTheRestButNotTheStages() {
        LoopFuture<String> slow = loop.createFuture();
        List<LoopFuture<String>> futs = LoopFutures.asCompleted(loop, List.of(slow, after(10, "fast")), s(1));
        pump();
        assertEquals("fast", futs.get(0).join());
        assertInstanceOf(TimeoutException.class, failureOf(futs.get(1)));
        assertFalse(slow.isDone(), "the stage itself goes on");
    }

    // asyncio test_tasks.py BaseTaskTests.test_as_completed_with_unused_timeout
    @Test
    void asCompletedLeavesNoTimerOnceEveryStageCompleted() {
        List<LoopFuture<String>> futs = LoopFutures.asCompleted(loop, List.of(after(10, "a")), s(60));
        assertEquals("a", pumpUntilDone(futs.get(0)));
        pump();
        assertEquals(0, loop.stats().pendingTimers());
    }

    // asyncio test_tasks.py BaseTaskTests.test_as_completed_duplicate_coroutines
    @Test
    void asCompletedOfTheSameStageTwice() {
        LoopFuture<String> a = loop.createFuture();
        List<LoopFuture<String>> futs = LoopFutures.asCompleted(loop, List.of(a, a));
        a.complete("x");
        pump();
        assertEquals("x", futs.get(0).join());
        assertEquals("x", futs.get(1).join());
    }

    @Test
    void asCompletedPassesFailuresInOrderAndSkipsCancelledOutputs() {
        IllegalStateException boom = new IllegalStateException("boom");
        LoopFuture<String> a = loop.createFuture();
        LoopFuture<String> b = loop.createFuture();
        List<LoopFuture<String>> futs = LoopFutures.asCompleted(loop, List.of(a, b));
        futs.get(0).cancel(true);
        b.completeExceptionally(boom);
        pump();
        assertSame(boom, failureOf(futs.get(1)), "the first completion went to the first output still waiting");
        a.complete("late");
        pump();
        assertTrue(errors.isEmpty(), errors.toString());
    }

    @Test
    void anEmptyAsCompletedIsAnEmptyList() {
        assertTrue(LoopFutures.asCompleted(loop, List.of(), s(1)).isEmpty());
        assertEquals(0, loop.stats().pendingTimers());
    }

    @Test
    void shieldRunsOnlyOnTheLoopThread() throws Exception {
        AtomicBoolean refused = new AtomicBoolean();
        Thread other = new Thread(() -> {
            try {
                LoopFutures.shield(loop, done("x"));
            } catch (IllegalStateException e) {
                refused.set(true);
            }
        });
        other.start();
        other.join();
        assertTrue(refused.get());
    }

    @Test
    // issue 13 defect 7; asyncio's idiom: await shield(loop.run_in_executor(...))
    void shieldProtectsExecutorWorkStartedInsideTheTaskFromTheTasksCancellation() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        AtomicReference<LoopFuture<String>> save = new AtomicReference<>();
        Task<String> t = loop.createTask(() -> {
            save.set(loop.runInExecutor(() -> {
                started.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    interrupted.set(true);
                    throw e;
                }
                return "saved";
            }));
            return LoopFutures.shield(loop, save.get());
        });
        step();
        assertTrue(started.await(10, TimeUnit.SECONDS));
        t.cancel(true);
        for (int i = 0; i < 10 && !t.isDone(); i++) step();
        assertTrue(t.isCancelled());
        release.countDown();
        runUntil(save.get());
        assertFalse(interrupted.get(), "the shielded save was interrupted");
        assertEquals("saved", save.get().join());
    }

    /** Runs the loop until {@code f}, completed by another thread, is done (bounded). */
    private void runUntil(CompletableFuture<?> f) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!f.isDone() && System.nanoTime() < end) {
            host.runOnce();
            Thread.onSpinWait();
        }
        assertTrue(f.isDone(), "still pending: " + f);
    }
}
