package io.loopbridge.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link EventLoop#createEagerTask} (asyncio's eager tasks), and how tasks take repeated cancel requests. */
@Timeout(30)
class EagerTaskTest extends ToolboxTestSupport {

    // asyncio test_eager_task_factory.py EagerTaskFactoryLoopTests.test_eager_completion
    @Test
    void eagerTaskWhoseBodyDoesNotWaitIsDoneOnReturn() {
        Task<String> t = loop.createEagerTask(() -> done("hello"));
        assertTrue(t.isDone());
        assertEquals("hello", t.join());
    }

    // asyncio test_eager_task_factory.py EagerTaskFactoryLoopTests.test_await_future_during_eager_step
    @Test
    void eagerFirstStepRunsBeforeCreateEagerTaskReturns() {
        LoopFuture<String> fut = loop.createFuture();
        Task<Void> t = loop.createEagerTask(() -> {
            fut.complete("my message");
            return done(null);
        });
        assertTrue(t.isDone());
        assertEquals("my message", fut.getNow(null));
    }

    // asyncio test_eager_task_factory.py EagerTaskFactoryLoopTests.test_block_after_eager_step
    @Test
    void eagerTaskThatWaitsFinishesLater() {
        Task<String> t = loop.createEagerTask(() -> loop.sleep(ms(100)).thenApply(v -> "finished after blocking"));
        assertFalse(t.isDone());
        assertEquals("finished after blocking", pumpUntilDone(t));
    }

    // asyncio test_eager_task_factory.py EagerTaskFactoryLoopTests.test_cancellation_after_eager_completion
    @Test
    void cancellingAnEagerlyCompletedTaskDoesNothing() {
        Task<String> t = loop.createEagerTask(() -> done("finished without blocking"));
        assertFalse(t.cancel(true));
        assertFalse(t.isCancelled());
        assertEquals("finished without blocking", t.join());
    }

    // asyncio test_eager_task_factory.py EagerTaskFactoryLoopTests.test_cancellation_after_eager_step_blocks
    @Test
    void cancellingAnEagerTaskThatWaitsCancelsIt() {
        Task<String> t = loop.createEagerTask(() -> loop.sleep(ms(100)).thenApply(v -> "finished after blocking"));
        assertTrue(t.cancel(true));
        assertTrue(t.isCancelRequested());
        pump();
        assertTrue(t.isCancelled());
        assertEquals(0, loop.stats().pendingTimers());
    }

    // asyncio test_eager_task_factory.py EagerTaskFactoryLoopTests.test_current_task
    @Test
    void currentTaskInTheEagerStepAndLaterIsTheTask() {
        AtomicReference<Task<?>> first = new AtomicReference<>();
        AtomicReference<Task<?>> later = new AtomicReference<>();
        Task<Void> t = loop.createEagerTask(() -> {
            first.set(Task.current());
            return loop.sleep(ms(100)).thenRun(() -> later.set(Task.current()));
        });
        assertSame(t, first.get());
        assertNull(Task.current(), "restored after the eager step");
        pumpUntilDone(t);
        assertSame(t, later.get());
    }

    // asyncio test_eager_task_factory.py EagerTaskFactoryLoopTests.test_eager_start_false
    @Test
    void plainCreateTaskStartsInALaterIteration() {
        List<String> log = new ArrayList<>();
        Task<Void> t = loop.createTask(() -> {
            log.add("ran");
            return done(null);
        });
        assertEquals(List.of(), log);
        step();
        assertEquals(List.of("ran"), log);
        assertTrue(t.isDone(), "a body that does not wait completes its task in the step it ran");
    }

    @Test
    void eagerTaskBodyThatThrowsFailsTheTaskAtOnce() {
        IllegalStateException boom = new IllegalStateException("boom");
        Task<Object> t = loop.createEagerTask(() -> {
            throw boom;
        });
        assertSame(boom, failureOf(t));
    }

    @Test
    void eagerTaskCreatedInATaskIsItsChild() {
        List<Task<Void>> child = new ArrayList<>();
        Task<Void> parent = task(() -> {
            child.add(loop.createEagerTask(() -> loop.sleep(s(60))));
            return loop.sleep(s(60));
        });
        step();
        parent.cancel(true);
        pump();
        assertTrue(parent.isCancelled());
        assertTrue(child.get(0).isCancelled());
    }

    @Test
    void createEagerTaskFromAnotherThreadIsRefused() throws Exception {
        AtomicReference<Throwable> seen = new AtomicReference<>();
        Thread other = new Thread(() -> {
            try {
                loop.createEagerTask(() -> done(1));
            } catch (Throwable e) {
                seen.set(e);
            }
        });
        other.start();
        other.join();
        assertInstanceOf(IllegalStateException.class, seen.get());
    }

    @Test
    void eagerTaskOnAClosedLoopIsRefused() {
        loop.close();
        assertThrows(java.util.concurrent.RejectedExecutionException.class, () -> loop.createEagerTask(() -> done(1)));
    }

    // A second cancel request while the first still travels through the body's chain must not cancel the
    // end of the chain directly (which would skip the body's handlers): asyncio delivers one CancelledError.
    @Test
    void aSecondCancelRequestDoesNotSkipTheBodysHandler() {
        List<String> log = new ArrayList<>();
        Task<String> t = task(() -> loop.sleep(s(60)).handle((v, e) -> {
            log.add(e instanceof CancellationException ? "handled cancellation" : "other " + e);
            return "cleaned up";
        }));
        step();
        t.cancel(true);
        t.cancel(true);
        pump();
        assertEquals(List.of("handled cancellation"), log);
        assertEquals("cleaned up", t.join());
    }
}
