package io.loopbridge.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
class TaskGroupTest extends ToolboxTestSupport {

    private <T> CompletionStage<T> after(long millis, T value) {
        return loop.sleep(ms(millis)).thenApply(v -> value);
    }

    private <T> CompletionStage<T> failAfter(long millis, RuntimeException e) {
        return loop.sleep(ms(millis)).thenApply(v -> {
            throw e;
        });
    }

    // asyncio test_taskgroups.py TestTaskGroup.test_taskgroup_01
    @Test
    void joinCompletesWhenEveryChildIsDone() {
        TaskGroup g = new TaskGroup(loop);
        Task<Integer> t1 = g.createTask(() -> after(100, 42));
        Task<Integer> t2 = g.createTask(() -> after(200, 11));
        pumpUntilDone(g.join());
        assertEquals(42, t1.join());
        assertEquals(11, t2.join());
    }

    // asyncio test_taskgroups.py TestTaskGroup.test_taskgroup_02
    @Test
    void childrenCanBeAddedWhileTheGroupRuns() {
        TaskGroup g = new TaskGroup(loop);
        Task<Task<Integer>> runner = task(() -> {
            g.createTask(() -> after(100, 42));
            return loop.sleep(ms(150)).thenApply(v -> g.createTask(() -> after(200, 11)));
        });
        Task<Integer> t2 = pumpUntilDone(runner);
        pumpUntilDone(g.join());
        assertEquals(11, t2.join());
    }

    // asyncio test_taskgroups.py TestTaskGroup.test_taskgroup_03
    @Test
    void cancellingOneChildDoesNotDisturbTheOthers() {
        TaskGroup g = new TaskGroup(loop);
        Task<Integer> t1 = g.createTask(() -> after(1000, 42));
        advance(ms(150));
        t1.cancel(true);
        Task<Integer> t2 = g.createTask(() -> after(200, 11));
        pumpUntilDone(g.join());
        assertTrue(t1.isCancelled());
        assertEquals(11, t2.join());
    }

    // asyncio test_taskgroups.py TestTaskGroup.test_taskgroup_04, test_cancel_children_on_child_error
    @Test
    void aChildFailureCancelsTheOthersAndFailsTheGroup() {
        TaskGroup g = new TaskGroup(loop);
        ArithmeticException boom = new ArithmeticException("/ by zero");
        AtomicBoolean t2Cancelled = new AtomicBoolean();
        AtomicInteger num = new AtomicInteger();
        g.createTask(() -> failAfter(100, boom));
        Task<Integer> t2 = g.createTask(() -> loop.sleep(s(1)).handle((v, e) -> {
            if (e instanceof CancellationException) t2Cancelled.set(true);
            else num.incrementAndGet();
            if (e != null) throw new CancellationException();
            return 1;
        }));
        LoopFuture<Void> join = g.join();
        pump();
        assertSame(boom, failureOf(join));
        assertEquals(0, num.get());
        assertTrue(t2Cancelled.get());
        assertTrue(t2.isCancelled());
    }

    @Test
    void theGroupReactsToAFailureInALaterIteration() {
        TaskGroup g = new TaskGroup(loop);
        IllegalStateException boom = new IllegalStateException("boom");
        Task<Object> failing = g.createTask(() -> {
            throw boom;
        });
        Task<Integer> other = g.createTask(() -> after(1000, 1));
        step(); // both start; the failing one is done at once
        assertTrue(failing.isCompletedExceptionally());
        assertFalse(other.isCancelled(), "not in the iteration of the failure");
        step(); // the group sees it
        assertTrue(other.isCancelRequested());
        pump();
        assertTrue(other.isCancelled());
    }

    @Test
    void failuresOfOtherChildrenAreSuppressedOnTheFirst() {
        TaskGroup g = new TaskGroup(loop);
        RuntimeException first = new RuntimeException("first");
        RuntimeException second = new RuntimeException("second, same iteration");
        RuntimeException third = new RuntimeException("third, while cancelled");
        g.createTask(() -> failAfter(100, first));
        g.createTask(() -> failAfter(100, second));
        g.createTask(() -> loop.sleep(s(10)).handle((v, e) -> {
            throw third; // a cleanup that fails while handling the cancellation
        }));
        LoopFuture<Void> join = g.join();
        pump();
        assertSame(first, failureOf(join));
        assertArrayEquals(new Throwable[] {second, third}, first.getSuppressed());
    }

    // asyncio test_taskgroups.py TestTaskGroup.test_cancellation, test_taskgroup_22
    @Test
    void cancellingTheTaskAwaitingJoinCancelsTheChildren() {
        TaskGroup g = new TaskGroup(loop);
        AtomicInteger cancelled = new AtomicInteger();
        Task<Void> runner = task(() -> {
            for (int i = 0; i < 5; i++) {
                g.createTask(() -> loop.sleep(s(5)).whenComplete((v, e) -> {
                    if (e instanceof CancellationException) cancelled.incrementAndGet();
                }));
            }
            return g.join();
        });
        advance(ms(100));
        assertFalse(runner.isDone());
        runner.cancel(true);
        pump();
        assertTrue(runner.isCancelled());
        assertEquals(5, cancelled.get());
    }

    // asyncio test_taskgroups.py TestTaskGroup.test_taskgroup_07, test_taskgroup_17
    @Test
    void cancellingTheParentCancelsItsOwnWaitAndTheChildren() {
        TaskGroup g = new TaskGroup(loop);
        AtomicInteger num = new AtomicInteger();
        Task<Void> runner = task(() -> {
            for (int i = 0; i < 5; i++) {
                g.createTask(() -> loop.sleep(s(5)).whenComplete((v, e) -> {
                    if (e instanceof CancellationException) num.incrementAndGet();
                }));
            }
            return loop.sleep(s(10)).whenComplete((v, e) -> {
                if (e instanceof CancellationException) num.addAndGet(10);
            }).thenCompose(v -> g.join());
        });
        advance(ms(100));
        runner.cancel(true);
        pump();
        assertTrue(runner.isCancelled());
        assertEquals(15, num.get());
    }

    @Test
    void cancellingJoinIsARequestThatWaitsForChildrenCatchingIt() {
        TaskGroup g = new TaskGroup(loop);
        AtomicBoolean cleanedUp = new AtomicBoolean();
        g.createTask(() -> loop.sleep(s(10)).exceptionallyCompose(e -> loop.sleep(s(1)).thenApply(v -> {
            cleanedUp.set(true);
            return null;
        })));
        LoopFuture<Void> join = g.join();
        step();
        assertTrue(join.cancel(true));
        assertFalse(join.isDone(), "waits for the child that caught its cancellation");
        pump();
        assertTrue(cleanedUp.get());
        assertTrue(join.isCancelled());
    }

    // asyncio test_taskgroups.py TestTaskGroup.test_taskgroup_13, test_taskgroup_14
    @Test
    void nestedGroupFailurePropagatesThroughTheOuterGroup() {
        TaskGroup outer = new TaskGroup(loop);
        IllegalArgumentException inner10 = new IllegalArgumentException("10");
        IllegalArgumentException inner01 = new IllegalArgumentException("0.1");
        outer.createTask(() -> failAfter(10_000, inner10));
        outer.createTask(() -> {
            TaskGroup inner = new TaskGroup(loop);
            inner.createTask(() -> failAfter(100, inner01));
            return inner.join();
        });
        LoopFuture<Void> join = outer.join();
        pump();
        assertSame(inner01, failureOf(join));
        assertEquals(0, inner01.getSuppressed().length, "the 10 s child was cancelled before it failed");
    }

    // asyncio test_taskgroups.py TestTaskGroup.test_taskgroup_23
    @Test
    void finishedChildrenLeaveTheGroup() {
        TaskGroup g = new TaskGroup(loop);
        for (int i = 0; i < 10; i++) {
            advance(ms(100));
            g.createTask(() -> loop.sleep(ms(300)));
            step(); // it starts (asyncio's sleep(0.1) ends in the iteration after the create)
            if (i == 5) assertTrue(g.running() < 5, "running: " + g.running());
        }
        advance(ms(1350));
        assertEquals(0, g.running());
        pumpUntilDone(g.join());
    }

    // asyncio test_taskgroups.py TestTaskGroup.test_taskgroup_24
    @Test
    void childrenCanCreateSiblingsWhileJoinWaits() {
        TaskGroup g = new TaskGroup(loop);
        List<Task<Void>> grandchildren = new ArrayList<>();
        g.createTask(() -> loop.sleep(ms(100)).thenRun(() -> {
            grandchildren.add(g.createTask(() -> loop.sleep(ms(100))));
            grandchildren.add(g.createTask(() -> loop.sleep(ms(200))));
        }));
        LoopFuture<Void> join = g.join();
        pumpUntilDone(join);
        assertEquals(2, grandchildren.size());
        assertTrue(grandchildren.stream().allMatch(t -> t.isDone() && !t.isCompletedExceptionally()));
    }

    // asyncio test_taskgroups.py TestTaskGroup.test_taskgroup_25
    @Test
    void aFailureStopsAGrowingGroup() {
        TaskGroup g = new TaskGroup(loop);
        AtomicInteger hydras = new AtomicInteger();
        ArithmeticException boom = new ArithmeticException("hercules");
        g.createTask(() -> hydra(g, hydras));
        g.createTask(() -> hercules(hydras, boom));
        LoopFuture<Void> join = g.join();
        pump();
        assertSame(boom, failureOf(join));
        assertTrue(hydras.get() >= 10);
        assertEquals(0, g.running());
    }

    private CompletionStage<Void> hydra(TaskGroup g, AtomicInteger hydras) {
        hydras.incrementAndGet();
        return loop.sleep(ms(10)).thenRun(() -> {
            g.createTask(() -> hydra(g, hydras));
            g.createTask(() -> hydra(g, hydras));
        });
    }

    private CompletionStage<Void> hercules(AtomicInteger hydras, ArithmeticException boom) {
        if (hydras.get() >= 10) throw boom;
        return loop.sleep(ms(15)).thenCompose(v -> hercules(hydras, boom));
    }

    // asyncio test_taskgroups.py TestTaskGroup.test_taskgroup_finished
    @Test
    void createTaskAfterJoinCompletedThrows() {
        TaskGroup g = new TaskGroup(loop);
        g.createTask(() -> done(1));
        pumpUntilDone(g.join());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> g.createTask(() -> done(2)));
        assertTrue(e.getMessage().contains("has completed"), e.getMessage());
    }

    @Test
    void createTaskWhileShuttingDownThrows() {
        TaskGroup g = new TaskGroup(loop);
        g.createTask(() -> {
            throw new IllegalStateException("boom");
        });
        g.createTask(() -> loop.sleep(s(1)));
        steps(2);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> g.createTask(() -> done(2)));
        assertTrue(e.getMessage().contains("shutting down"), e.getMessage());
        LoopFuture<Void> join = g.join();
        assertFalse(join.isDone());
        pump();
        assertEquals("boom", failureOf(join).getMessage());
    }

    @Test
    void joinWithNoChildrenCompletesAtOnce() {
        TaskGroup g = new TaskGroup(loop);
        LoopFuture<Void> join = g.join();
        assertTrue(join.isDone() && !join.isCompletedExceptionally());
        assertSame(join, g.join());
    }

    @Test
    void aFailureWhileNobodyHasJoinedGoesToTheHandlerAndALaterJoinStillFailsWithIt() {
        // issue 13 defect 9: a group nobody joins lost its child's failure silently
        TaskGroup g = new TaskGroup(loop);
        IllegalStateException boom = new IllegalStateException("early");
        g.createTask(() -> {
            throw boom;
        });
        Task<Void> sibling = g.createTask(() -> loop.sleep(s(10)));
        pump();
        assertTrue(sibling.isCancelled());
        assertEquals(1, errors.size(), "reported once: " + errors);
        assertSame(boom, errors.get(0).exception());
        assertSame(g, errors.get(0).source());
        assertSame(boom, failureOf(g.join()));
        pump();
        assertEquals(1, errors.size(), "a later join does not report it again: " + errors);
    }

    @Test
    void aFailureIsNotReportedToTheHandlerWhenJoinWasCalledInTheSameStep() {
        TaskGroup g = new TaskGroup(loop);
        IllegalStateException boom = new IllegalStateException("boom");
        g.createTask(() -> {
            throw boom;
        });
        LoopFuture<Void> join = g.join();
        pump();
        assertSame(boom, failureOf(join));
        assertTrue(errors.isEmpty(), "the joiner received the failure: " + errors);
    }

    @Test
    void childFailureWinsOverCancellationOfJoin() {
        TaskGroup g = new TaskGroup(loop);
        IllegalStateException boom = new IllegalStateException("cleanup failed");
        g.createTask(() -> loop.sleep(s(10)).handle((v, e) -> {
            throw boom;
        }));
        LoopFuture<Void> join = g.join();
        step();
        join.cancel(true);
        pump();
        assertSame(boom, failureOf(join));
    }

    @Test
    void orTimeoutOnJoinCancelsTheChildrenAndFailsWithTheTimeout() {
        TaskGroup g = new TaskGroup(loop);
        Task<Void> slow = g.createTask(() -> loop.sleep(s(60)));
        LoopFuture<Void> join = g.join().orTimeout(1, TimeUnit.SECONDS);
        pump();
        assertInstanceOf(TimeoutException.class, failureOf(join));
        assertTrue(slow.isCancelled());
        assertEquals(0, loop.stats().pendingTimers());
    }

    @Test
    void joinCannotBeCompletedFromOutside() {
        TaskGroup g = new TaskGroup(loop);
        g.createTask(() -> loop.sleep(s(1)));
        assertThrows(UnsupportedOperationException.class, () -> g.join().complete(null));
    }

    @Test
    void closingTheLoopEndsTheGroup() {
        TaskGroup g = new TaskGroup(loop);
        Task<Void> child = g.createTask(() -> loop.sleep(s(60)));
        LoopFuture<Void> join = g.join();
        step();
        loop.close();
        assertTrue(child.isCancelled());
        assertTrue(join.isCancelled());
    }
}
