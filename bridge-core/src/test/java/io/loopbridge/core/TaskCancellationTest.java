package io.loopbridge.core;

import io.loopbridge.core.testkit.ManualClock;
import io.loopbridge.core.testkit.OrderedExecution;
import io.loopbridge.core.testkit.RecordingHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Task}: start in a later iteration, real cancellation of what the task started (sleeps, timers,
 * child tasks, executor work, wrapped and created futures), catching a cancellation, cancellation from
 * another thread, {@link Task#current()}, and eager tasks. Peers: asyncio {@code test_tasks}.
 */
@Timeout(30)
class TaskCancellationTest {
    private final RecordingHost host = RecordingHost.create();
    private final GuestLoop loop = host.loop();
    private final ManualClock clock = host.clock();
    private final List<String> log = new ArrayList<>();

    @AfterEach
    void hostContractKept() {
        host.assertContractKept();
        loop.close();
    }

    private static void onAnotherThread(Runnable r) {
        Thread t = new Thread(r, "other");
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static Throwable failureOf(LoopFuture<?> f) {
        assertTrue(f.isDone(), "not done: " + f);
        try {
            f.getNow(null);
            return null;
        } catch (CompletionException e) {
            return e.getCause();
        } catch (CancellationException e) {
            return e;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Starting
    // ---------------------------------------------------------------------------------------------

    @Test
    void taskStartsInALaterIterationNotSynchronously() {
        // asyncio test_tasks.test_task_basics: a task does not run until the loop runs
        OrderedExecution order = new OrderedExecution();
        loop.callSoon(() -> {
            order.expect(1);
            loop.createTask(() -> {
                order.finish(3);
                return CompletableFuture.completedFuture(null);
            });
            order.expect(2);
        });
        host.runOnce();
        assertEquals(2, order.steps(), "the body ran in the pass that created the task");
        host.runOnce();
        order.assertFinished(3);
    }

    @Test
    void taskCreatedFromAnotherThreadStartsOnTheLoopThread() {
        host.runOnce();
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        Task<?>[] t = new Task<?>[1];
        onAnotherThread(() -> t[0] = loop.createTask(() -> {
            ranOn.set(Thread.currentThread());
            return CompletableFuture.completedFuture("x");
        }));
        assertTrue(host.woken());
        host.pump();
        assertSame(Thread.currentThread(), ranOn.get());
        assertEquals("x", t[0].join());
    }

    @Test
    void taskCompletesWithItsBodysOutcome() {
        Task<String> ok = loop.createTask(() -> loop.sleep(Duration.ofMillis(5)).thenApply(v -> "slept"));
        IllegalStateException boom = new IllegalStateException("boom");
        Task<String> thrown = loop.createTask(() -> {
            throw boom;
        });
        Task<String> failed = loop.createTask(() -> CompletableFuture.failedFuture(boom));
        Task<String> nullStage = loop.createTask(() -> null);
        host.pump();
        assertEquals("slept", ok.join());
        assertSame(boom, failureOf(thrown));
        assertSame(boom, failureOf(failed));
        Throwable npe = failureOf(nullStage);
        assertInstanceOf(NullPointerException.class, npe);
        assertTrue(npe.getMessage().contains("null"), npe.getMessage());
    }

    // ---------------------------------------------------------------------------------------------
    // Cancelling before the start
    // ---------------------------------------------------------------------------------------------

    @Test
    void taskCancelledBeforeItStartsNeverRunsItsBody() {
        // asyncio Task.cancel(): a task cancelled before its first step never runs its coroutine
        AtomicBoolean ran = new AtomicBoolean();
        Task<String> t = loop.createTask(() -> {
            ran.set(true);
            return CompletableFuture.completedFuture("x");
        });
        assertTrue(t.cancel(true));
        assertTrue(t.isCancelled());
        host.pump();
        assertFalse(ran.get());
        assertTrue(t.isCancelled());
    }

    @Test
    void taskCancelledFromAnotherThreadBeforeItStartsNeverRunsItsBody() {
        // regression: a cross-thread cancel() was always queued as a callback, behind the task's start, so
        // the body of a task cancelled before it started ran anyway (and cancel() had returned true while
        // isCancelled() stayed false)
        host.runOnce();
        AtomicBoolean ran = new AtomicBoolean();
        Task<String> t = loop.createTask(() -> {
            ran.set(true);
            return loop.sleep(Duration.ofHours(1)).thenApply(v -> "x");
        });
        boolean[] result = new boolean[2];
        onAnotherThread(() -> {
            result[0] = t.cancel(true);
            result[1] = t.isCancelled();
        });
        assertTrue(result[0]);
        assertTrue(result[1], "cancelled at once: it had not started");
        host.pump();
        assertFalse(ran.get(), "the body of a task cancelled before its start ran");
        assertEquals(-1, loop.nextTimeout());
    }

    @Test
    void taskCreatedAndCancelledFromAnotherThreadBeforeItStartsNeverRunsItsBody() {
        host.runOnce();
        AtomicBoolean ran = new AtomicBoolean();
        Task<?>[] t = new Task<?>[1];
        onAnotherThread(() -> {
            t[0] = loop.createTask(() -> {
                ran.set(true);
                return CompletableFuture.completedFuture(null);
            });
            t[0].cancel(false);
        });
        host.pump();
        assertFalse(ran.get());
        assertTrue(t[0].isCancelled());
    }

    // ---------------------------------------------------------------------------------------------
    // Task.cancel(true) cancels what the task started
    // ---------------------------------------------------------------------------------------------

    @Test
    void cancellingATaskCancelsItsSleepAndLeavesNoTimer() {
        // asyncio test_tasks.test_task_cancel_sleeping_task
        Task<String> t = loop.createTask(() -> loop.sleep(Duration.ofHours(1)).thenApply(v -> "woke"));
        host.runOnce();
        host.runOnce();
        assertEquals(1, loop.stats().pendingTimers());
        assertTrue(t.cancel(true));
        host.pump();
        assertTrue(t.isCancelled());
        assertEquals(-1, loop.nextTimeout());
        assertEquals(0, loop.stats().pendingTimers());
    }

    @Test
    void cancellingATaskCancelsTheTimersItScheduledIncludingFromItsContinuations() {
        Task<Void> t = loop.createTask(() -> {
            loop.callLater(Duration.ofMinutes(5), () -> log.add("timer in body"));
            return loop.sleep(Duration.ofMillis(1)).thenCompose(v -> {
                loop.callLater(Duration.ofMinutes(5), () -> log.add("timer in continuation"));
                loop.callAt(loop.time() + Duration.ofMinutes(6).toNanos(), () -> log.add("callAt in continuation"));
                return loop.sleep(Duration.ofHours(1));
            });
        });
        host.pumpUntil(() -> loop.stats().pendingTimers() == 4);
        t.cancel(true);
        host.pump();
        assertTrue(t.isCancelled());
        assertEquals(-1, loop.nextTimeout());
        assertTrue(log.isEmpty(), "a cancelled task's timer ran: " + log);
    }

    @Test
    void cancellingATaskCancelsItsChildTasksAndTheirSleeps() {
        Task<?>[] child = new Task<?>[2];
        Task<Object> parent = loop.createTask(() -> {
            child[0] = loop.createTask(() -> loop.sleep(Duration.ofHours(1)));
            child[1] = loop.createTask(() -> {
                loop.createTask(() -> loop.sleep(Duration.ofHours(2))); // a grandchild
                return loop.sleep(Duration.ofHours(3));
            });
            return loop.sleep(Duration.ofHours(4)).thenApply(v -> null);
        });
        host.pumpUntil(() -> loop.stats().pendingTimers() == 4);
        parent.cancel(true);
        host.pump();
        assertTrue(parent.isCancelled());
        assertTrue(child[0].isCancelled());
        assertTrue(child[1].isCancelled());
        assertEquals(-1, loop.nextTimeout());
    }

    @Test
    void cancellingATaskInterruptsItsRunningExecutorWork() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        AtomicReference<Throwable> workSaw = new AtomicReference<>();
        CountDownLatch workEnded = new CountDownLatch(1);
        Task<String> t = loop.createTask(() -> loop.runInExecutor(() -> {
            started.countDown();
            try {
                never.await();
                return "finished";
            } catch (InterruptedException e) {
                workSaw.set(e);
                throw e;
            } finally {
                workEnded.countDown();
            }
        }));
        host.runOnce();
        host.runOnce();
        assertTrue(started.await(10, TimeUnit.SECONDS));
        t.cancel(true);
        assertTrue(workEnded.await(10, TimeUnit.SECONDS), "the executor work was not interrupted");
        assertInstanceOf(InterruptedException.class, workSaw.get());
        host.pumpUntil(t::isDone);
        assertTrue(t.isCancelled());
    }

    @Test
    void cancellingATaskWithoutInterruptLetsItsExecutorWorkFinishButDropsTheResult() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch workEnded = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        Task<String> t = loop.createTask(() -> loop.runInExecutor(() -> {
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
            workEnded.countDown();
            return "result";
        }));
        host.runOnce();
        host.runOnce();
        assertTrue(started.await(10, TimeUnit.SECONDS));
        t.cancel(false);
        host.pumpUntil(t::isDone);
        release.countDown();
        assertTrue(workEnded.await(10, TimeUnit.SECONDS));
        assertFalse(interrupted.get());
        assertTrue(t.isCancelled());
    }

    @Test
    void cancellingATaskCancelsTheForeignFutureItWrapped() {
        CompletableFuture<String> foreign = new CompletableFuture<>();
        Task<String> t = loop.createTask(() -> loop.wrapFuture(foreign).thenApply(v -> v + "!"));
        host.runOnce();
        t.cancel(true);
        host.pump();
        assertTrue(t.isCancelled());
        assertTrue(foreign.isCancelled(), "the wrapped stage was not cancelled");
    }

    @Test
    void cancellingATaskCancelsTheFutureItAwaitsWhenItOwnsNothingElse() {
        // asyncio test_tasks.test_cancel_inner_future: the awaited future is cancelled
        CompletableFuture<String> foreign = new CompletableFuture<>();
        Task<String> t = loop.createTask(() -> foreign);
        host.runOnce();
        t.cancel(true);
        host.pump();
        assertTrue(t.isCancelled());
        assertTrue(foreign.isCancelled());
    }

    @Test
    void cancellingATaskEndsItWhileItAwaitsAForeignFutureAndOwnsOtherPendingWork() {
        // It owns a timer and a background child task nothing waits on, and awaits a stage it does not
        // own: cancelling those two carries the cancellation nowhere, so the body's stage is cancelled too.
        CompletableFuture<String> foreign = new CompletableFuture<>();
        TimerHandle[] timer = new TimerHandle[1];
        Task<?>[] background = new Task<?>[1];
        Task<String> t = loop.createTask(() -> {
            timer[0] = loop.callLater(Duration.ofHours(1), () -> log.add("timer"));
            background[0] = loop.createTask(() -> loop.sleep(Duration.ofHours(1)));
            return foreign.thenApply(v -> v + "!");
        });
        host.runOnce();
        host.runOnce(); // the background task starts and sleeps
        t.cancel(true);
        host.pump();
        assertTrue(t.isCancelled(), "the task still waits on the foreign stage: " + t);
        assertTrue(timer[0].isCancelled());
        assertTrue(background[0].isCancelled());
        assertEquals(-1, loop.nextTimeout());
        assertEquals(List.of(), log);
    }

    @Test
    void cancellingATaskThatAwaitsItsOwnFutureLetsTheCancellationTravelThroughTheBody() {
        // It owns a timer too; the awaited future has a dependent, so the body sees the cancellation and
        // may catch it: the body's stage is not cancelled over its head.
        Task<String> t = loop.createTask(() -> {
            loop.callLater(Duration.ofHours(1), () -> log.add("timer"));
            return loop.sleep(Duration.ofHours(1)).handle((v, e) -> e instanceof CancellationException ? "caught" : "slept");
        });
        host.runOnce();
        t.cancel(true);
        host.pump();
        assertEquals("caught", t.join());
        assertEquals(-1, loop.nextTimeout());
    }

    @Test
    void cancellingATaskCancelsAFutureItCreatedAndAwaits() {
        LoopFuture<?>[] created = new LoopFuture<?>[1];
        Task<String> t = loop.createTask(() -> {
            LoopFuture<String> f = loop.createFuture();
            created[0] = f;
            return f.thenApply(v -> v);
        });
        host.runOnce();
        t.cancel(true);
        host.pump();
        assertTrue(created[0].isCancelled());
        assertTrue(t.isCancelled());
    }

    @Test
    void cancellingATaskFromAnotherThreadIsDeliveredOnTheLoopThread() {
        AtomicReference<Thread> sawCancel = new AtomicReference<>();
        Task<String> t = loop.createTask(() -> loop.sleep(Duration.ofHours(1))
                .whenComplete((v, e) -> sawCancel.set(Thread.currentThread()))
                .thenApply(v -> "woke"));
        host.runOnce();
        host.runOnce();
        onAnotherThread(() -> assertTrue(t.cancel(true)));
        assertTrue(host.woken(), "the cross-thread cancel wakes the host");
        host.pump();
        assertTrue(t.isCancelled());
        assertSame(Thread.currentThread(), sawCancel.get());
        assertEquals(-1, loop.nextTimeout());
    }

    @Test
    void cancellingADoneTaskReturnsFalse() {
        Task<String> t = loop.createTask(() -> CompletableFuture.completedFuture("x"));
        host.pump();
        assertFalse(t.cancel(true));
        assertEquals("x", t.join());
        onAnotherThread(() -> assertFalse(t.cancel(true)));
    }

    @Test
    void taskCancellingItselfFromItsContinuationEndsCancelled() {
        // asyncio test_tasks.test_cancel_current_task
        Task<?>[] self = new Task<?>[1];
        self[0] = loop.createTask(() -> loop.sleep(Duration.ofMillis(1)).thenCompose(v -> {
            Task.current().cancel(true);
            return loop.sleep(Duration.ofHours(1));
        }));
        host.pump();
        assertTrue(self[0].isCancelled());
        assertEquals(-1, loop.nextTimeout());
    }

    // ---------------------------------------------------------------------------------------------
    // Catching the cancellation
    // ---------------------------------------------------------------------------------------------

    @Test
    void taskMayCatchItsCancellationAndFinishNormallyAndWhatItStartsAfterwardsWorks() {
        // asyncio test_tasks.test_cancel_task_catching
        Task<String> t = loop.createTask(() -> loop.sleep(Duration.ofHours(1))
                .handle((v, e) -> e instanceof CancellationException)
                .thenCompose(caught -> caught
                        ? loop.sleep(Duration.ofSeconds(1)).thenApply(v -> "cleaned up after cancel")
                        : CompletableFuture.completedFuture("woke")));
        host.runOnce();
        host.runOnce();
        long cancelledAt = clock.getAsLong();
        t.cancel(true);
        assertTrue(t.isCancelRequested());
        host.pump();
        assertFalse(t.isCancelled());
        assertEquals("cleaned up after cancel", t.join());
        assertTrue(clock.getAsLong() - cancelledAt >= Duration.ofSeconds(1).toNanos(), "the post-cancel sleep really slept");
        assertEquals(-1, loop.nextTimeout());
    }

    @Test
    void aSecondCancelReachesWhatTheTaskStartedAfterCatchingTheFirst() {
        Task<String> t = loop.createTask(() -> loop.sleep(Duration.ofHours(1))
                .handle((v, e) -> "caught")
                .thenCompose(s -> loop.sleep(Duration.ofHours(2)).thenApply(v -> "slept again")));
        host.runOnce();
        host.runOnce();
        t.cancel(true);
        host.pumpUntil(() -> loop.stats().pendingTimers() == 1 && loop.nextTimeout() > Duration.ofHours(1).toNanos());
        t.cancel(true);
        host.pump();
        assertTrue(t.isCancelled());
        assertEquals(-1, loop.nextTimeout());
    }

    // ---------------------------------------------------------------------------------------------
    // Completing from outside, current()
    // ---------------------------------------------------------------------------------------------

    @Test
    void taskCannotBeCompletedFromOutside() {
        Task<String> t = loop.createTask(() -> new CompletableFuture<>());
        assertThrows(UnsupportedOperationException.class, () -> t.complete("x"));
        assertThrows(UnsupportedOperationException.class, () -> t.completeExceptionally(new RuntimeException()));
        assertThrows(UnsupportedOperationException.class, () -> t.obtrudeValue("x"));
        assertThrows(UnsupportedOperationException.class, () -> t.obtrudeException(new RuntimeException()));
        assertThrows(UnsupportedOperationException.class, () -> t.completeOnTimeout("x", 1, TimeUnit.SECONDS));
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> t.orTimeout(1, TimeUnit.SECONDS));
        assertTrue(e.getMessage().contains("waitFor"), e.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> t.completeAsync(() -> "x", Runnable::run));
        assertFalse(t.isDone());
        t.cancel(true);
        host.pump();
    }

    @Test
    void currentIsTheRunningTaskInItsBodyAndContinuationsAndNullElsewhere() {
        // asyncio test_tasks.test_current_task
        List<Object> seen = new ArrayList<>();
        Task<?>[] t = new Task<?>[1];
        t[0] = loop.createTask(() -> {
            seen.add(Task.current());
            return loop.sleep(Duration.ofMillis(1)).thenRun(() -> seen.add(Task.current()));
        });
        loop.callSoon(() -> seen.add(Task.current() == null ? "none" : Task.current()));
        host.pump();
        assertEquals(List.of(t[0], "none", t[0]), seen);
        assertNull(Task.current(), "no task outside the loop");
    }

    @Test
    void taskNameAppearsInItsToString() {
        Task<?> t = loop.createTask(() -> new CompletableFuture<>()).setName("downloader");
        assertEquals("downloader", t.getName());
        assertTrue(t.toString().contains("'downloader'"), t.toString());
        t.cancel(true);
        host.pump();
    }

    // ---------------------------------------------------------------------------------------------
    // Eager tasks
    // ---------------------------------------------------------------------------------------------

    @Test
    void eagerTaskRunsItsBodyAtOnceUntilItFirstWaits() {
        // asyncio test_eager_task_factory: the body's synchronous start runs in create
        OrderedExecution order = new OrderedExecution();
        Task<?>[] t = new Task<?>[1];
        loop.callSoon(() -> {
            order.expect(1);
            t[0] = loop.createEagerTask(() -> {
                order.expect(2);
                assertSame(t[0] == null ? Task.current() : t[0], Task.current());
                return loop.sleep(Duration.ofMillis(1)).thenRun(() -> order.finish(4));
            });
            order.expect(3);
        });
        host.pump();
        order.assertFinished(4);
        assertTrue(t[0].isDone());
    }

    @Test
    void eagerTaskCreatedOutsideRunOnceOnTheLoopThreadWorks() {
        host.runOnce(); // now the test thread is the loop thread, as a UI thread in an event handler
        List<String> seen = new ArrayList<>();
        Task<String> t = loop.createEagerTask(() -> {
            seen.add("sync start");
            return loop.sleep(Duration.ofMillis(1)).thenApply(v -> "done");
        });
        assertEquals(List.of("sync start"), seen);
        host.pump();
        assertEquals("done", t.join());
    }

    @Test
    void eagerTaskCancelledInsideItsOwnBodyEndsCancelled() {
        Task<?>[] t = new Task<?>[1];
        loop.callSoon(() -> t[0] = loop.createEagerTask(() -> {
            Task.current().cancel(true);
            return loop.sleep(Duration.ofHours(1));
        }));
        host.pump();
        assertTrue(t[0].isCancelled());
        assertEquals(-1, loop.nextTimeout());
    }

    @Test
    void eagerTaskWhoseBodyThrowsFailsWithThatException() {
        host.runOnce();
        IllegalStateException boom = new IllegalStateException("boom");
        Task<Object> t = loop.createEagerTask(() -> {
            throw boom;
        });
        assertTrue(t.isDone());
        assertSame(boom, failureOf(t));
    }

    @Test
    void eagerTaskFromAnotherThreadFails() {
        host.runOnce();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        onAnotherThread(() -> {
            try {
                loop.createEagerTask(() -> CompletableFuture.completedFuture(null));
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        assertInstanceOf(IllegalStateException.class, thrown.get());
        assertTrue(thrown.get().getMessage().contains("createEagerTask"), thrown.get().getMessage());
    }

    // ---------------------------------------------------------------------------------------------
    // close()
    // ---------------------------------------------------------------------------------------------

    @Test
    void closeCancelsPendingTasksEvenOnesThatCatchTheCancellation() {
        Task<String> plain = loop.createTask(() -> loop.sleep(Duration.ofHours(1)).thenApply(v -> "x"));
        Task<String> stubborn = loop.createTask(() -> loop.sleep(Duration.ofHours(1))
                .handle((v, e) -> "caught")
                .thenCompose(s -> new CompletableFuture<String>()));
        // a body whose stage is already done completes its task in its first step (asyncio's __step)
        Task<String> finishedInItsFirstStep = loop.createTask(() -> CompletableFuture.completedFuture("early"));
        Task<String> startedNotFinished = loop.createTask(() -> loop.sleep(Duration.ZERO).thenApply(v -> "late"));
        host.runOnce(); // starts all four; only the one that did not wait is done
        Task<String> queued = loop.createTask(() -> CompletableFuture.completedFuture("never"));
        loop.close();
        assertTrue(plain.isCancelled());
        assertTrue(stubborn.isCancelled(), "a closed loop cannot leave a task pending forever");
        assertTrue(startedNotFinished.isCancelled());
        assertTrue(queued.isCancelled());
        assertEquals("early", finishedInItsFirstStep.join(), "a task done before close() keeps its result");
    }
}
