package io.loopbridge.core;

import io.loopbridge.core.testkit.CoroutineJdk;
import io.loopbridge.core.testkit.RecordingHost;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static io.loopbridge.core.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link EventLoop#launch} and {@link Await#await}: asyncio's coroutine semantics on a {@link GuestLoop}
 * driven on a manual clock. Test names from CPython's Lib/test/test_asyncio/test_tasks.py are given where a
 * test ports one. Runs on JDK 21+ (the build exports jdk.internal.vm there); on JDK 17 only the
 * unsupported-path tests run ({@link CoroutineJdk}).
 */
@Timeout(60)
class LaunchTest extends ToolboxTestSupport {
    private final List<String> log = new ArrayList<>();

    @Override
    RecordingHost newHost() {
        return RecordingHost.create().toleratingLateWakeUps(); // some tests complete stages from other threads
    }

    @BeforeEach
    void coroutinesHere(org.junit.jupiter.api.TestInfo info) {
        if (!info.getTestMethod().orElseThrow().getName().startsWith("whereUnsupported")) CoroutineJdk.requireCoroutines();
    }

    // ---- the unsupported path (JDK 17) ----

    @Test
    void whereUnsupportedLaunchThrowsNamingTheJdkAndBothFlags() {
        CoroutineJdk.unsupportedJdk();
        assertFalse(Await.isSupported());
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> loop.launch(() -> 1));
        assertTrue(e.getMessage().contains("21"), e.getMessage());
        assertTrue(e.getMessage().contains("--add-exports java.base/jdk.internal.vm=ALL-UNNAMED"), e.getMessage());
        assertTrue(e.getMessage().contains("--add-exports java.base/jdk.internal.vm=io.loopbridge.core"), e.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> loop.launchEager(() -> { }));
        assertEquals(Await.unsupportedReason(), e.getMessage().substring(e.getMessage().indexOf(": ") + 2));
    }

    @Test
    void whereUnsupportedAwaitOnTheLoopThreadStillRefusesToBlockAndSaysWhy() {
        CoroutineJdk.unsupportedJdk();
        loop.callSoon(() -> {
            LoopBlockingException e = assertThrows(LoopBlockingException.class, () -> await(new CompletableFuture<>()));
            log.add(e.getMessage());
        });
        pump();
        assertTrue(log.get(0).contains("launch") && log.get(0).contains("unavailable"), log.get(0));
    }

    // ---- running ----

    @Test
    void launchStartsTheBodyInALaterIterationOnTheLoopThread() {
        Thread loopThread = Thread.currentThread();
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        Task<String> t = loop.launch(() -> {
            ranOn.set(Thread.currentThread());
            assertSame(loop, EventLoop.current());
            return "done";
        });
        assertNull(ranOn.get(), "ran synchronously");
        step();
        assertSame(loopThread, ranOn.get());
        assertEquals("done", t.join());
    }

    @Test
    void launchEagerRunsTheBodyAtOnceUntilItsFirstSuspendingAwait() {
        loop.callSoon(() -> {
            Task<Void> t = loop.launchEager(() -> {
                log.add("started");
                await(loop.sleep(ms(5)));
                log.add("resumed");
            });
            log.add("returned " + t.isDone());
        });
        pump();
        assertEquals(List.of("started", "returned false", "resumed"), log);
    }

    @Test
    void awaitOfADoneStageReturnsWithoutSuspending() {
        Task<Integer> t = loop.launch(() -> await(CompletableFuture.completedFuture(1)) + await(loop.sleep(Duration.ZERO).thenApply(v -> 1)));
        step();
        assertTrue(!t.isDone());
        pump();
        assertEquals(2, t.join());
        Task<String> done = loop.launch(() -> await(CompletableFuture.completedFuture("x")));
        assertEquals(1, step(), "the whole body ran in its first step");
        assertEquals("x", done.getNow(null));
    }

    @Test
    void awaitOfAPendingStageSuspendsAndIsResumedThroughTheQueueNeverInsideComplete() {
        LoopFuture<String> f = loop.createFuture();
        Task<String> t = loop.launch(() -> {
            String v = await(f);
            log.add("resumed with " + v);
            return v + "!";
        });
        step();
        loop.callSoon(() -> {
            f.complete("v");
            log.add("complete() returned");
        });
        pump();
        assertEquals(List.of("complete() returned", "resumed with v"), log);
        assertEquals("v!", t.join());
    }

    @Test
    void localsLoopsAndFinallyBlocksSurviveEveryAwait() {
        Task<Integer> t = loop.launch(() -> {
            int sum = 0;
            try {
                for (int i = 1; i <= 10; i++) sum += await(loop.sleep(ms(i)).thenApply(v -> 1));
            } finally {
                log.add("finally");
            }
            return sum;
        });
        pump();
        assertEquals(10, t.join());
        assertEquals(List.of("finally"), log);
    }

    @Test
    void aStageCompletedOnAnotherThreadResumesTheBodyOnTheLoopThread() throws Exception {
        CompletableFuture<String> foreign = new CompletableFuture<>();
        Thread loopThread = Thread.currentThread();
        Task<Thread> t = loop.launch(() -> {
            await(foreign);
            return Thread.currentThread();
        });
        step();
        Thread other = new Thread(() -> foreign.complete("x"));
        other.start();
        other.join();
        host.pumpUntil(t::isDone);
        assertSame(loopThread, t.join());
    }

    // ---- failures ----

    @Test
    void anUncheckedFailureIsThrownAtTheAwaitAsItselfACheckedOneInACompletionException() {
        IllegalStateException boom = new IllegalStateException("boom");
        IOException io = new IOException("io");
        AtomicReference<Throwable> unchecked = new AtomicReference<>();
        AtomicReference<Throwable> checked = new AtomicReference<>();
        Task<Void> t = loop.launch(() -> {
            try {
                await(loop.sleep(ms(1)).thenApply(v -> { throw boom; }));
            } catch (IllegalStateException e) {
                unchecked.set(e);
            }
            try {
                await(CompletableFuture.failedFuture(io));
            } catch (CompletionException e) {
                checked.set(e.getCause());
            }
        });
        pump();
        assertTrue(t.isDone() && !t.isCompletedExceptionally());
        assertSame(boom, unchecked.get());
        assertSame(io, checked.get());
    }

    @Test
    void aBodyThatLetsACheckedFailureEscapeFailsItsTaskWithTheCheckedCauseItself() {
        IOException io = new IOException("io");
        Task<String> viaAwait = loop.launch(() -> await(CompletableFuture.<String>failedFuture(io)));
        Task<String> thrown = loop.launch(() -> {
            throw io;
        });
        pump();
        assertSame(io, failureOf(viaAwait));
        assertSame(io, failureOf(thrown));
    }

    @Test
    void aFailedTaskNobodyObservedIsReportedAsNeverRetrieved() throws Exception {
        IllegalStateException boom = new IllegalStateException("nobody looks");
        loop.launch(() -> {
            await(loop.sleep(ms(1)));
            throw boom;
        });
        pump();
        for (int i = 0; i < 50 && errors.isEmpty(); i++) {
            System.gc();
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
            host.runOnce();
        }
        assertTrue(errors.stream().anyMatch(c -> c.exception() == boom && c.message().contains("never retrieved")), errors.toString());
    }

    // ---- cancellation ----

    @Test
    // test_tasks.test_cancel
    void cancellingASuspendedBodyThrowsCancellationAtItsAwaitAndRunsItsFinallyBlocks() {
        Task<String> t = loop.launch(() -> {
            try {
                await(loop.sleep(Duration.ofHours(1)));
                return "slept";
            } finally {
                log.add("finally");
            }
        });
        step();
        assertTrue(t.cancel(true));
        pump();
        assertTrue(t.isCancelled());
        assertEquals(List.of("finally"), log);
        assertEquals(-1, loop.nextTimeout(), "its sleep's timer is left behind");
    }

    @Test
    // test_tasks.test_cancel_task_catching
    void theBodyMayCatchTheCancellationAndFinishNormally() {
        Task<String> t = loop.launch(() -> {
            try {
                await(loop.sleep(Duration.ofHours(1)));
                return "slept";
            } catch (CancellationException e) {
                await(loop.sleep(ms(10))); // cleanup that awaits
                return "caught";
            }
        });
        step();
        t.cancel(true);
        pump();
        assertEquals("caught", t.join());
    }

    @Test
    // test_tasks.test_cancel_task_ignoring
    void aBodyThatIgnoresTheFirstCancellationIsEndedByTheSecond() {
        AtomicInteger caught = new AtomicInteger();
        Task<Void> t = loop.launch(() -> {
            try {
                await(loop.sleep(Duration.ofHours(1)));
            } catch (CancellationException e) {
                caught.incrementAndGet();
            }
            await(loop.sleep(Duration.ofHours(1)));
        });
        step();
        t.cancel(true);
        steps(3);
        assertEquals(1, caught.get());
        assertFalse(t.isDone());
        t.cancel(true);
        pump();
        assertTrue(t.isCancelled());
    }

    @Test
    // test_tasks.test_cancel_inner_future, with LoopBridge's documented difference
    void aForeignStageTheBodyAwaitsIsAbandonedNotCancelled() {
        CompletableFuture<String> foreign = new CompletableFuture<>();
        Task<String> t = loop.launch(() -> await(foreign));
        step();
        t.cancel(true);
        pump();
        assertTrue(t.isCancelled());
        assertFalse(foreign.isDone(), "asyncio cancels the awaited future; a stage this task does not own is left alone here");
    }

    @Test
    // test_tasks.test_cancel_current_task
    void aBodyThatCancelsItsOwnTaskGetsTheCancellationAtItsNextAwait() {
        Task<Integer> t = loop.launch(() -> {
            assertTrue(Task.current().cancel(true));
            await(loop.sleep(Duration.ofHours(1)));
            return 12;
        });
        pump();
        assertTrue(t.isCancelled());
        assertEquals(-1, loop.nextTimeout());
    }

    @Test
    // test_tasks.test_cancel_at_end
    void aCancelRequestedWhileTheBodyRunsWinsEvenIfTheBodyThenReturns() {
        Task<Integer> t = loop.launch(() -> {
            Task.current().cancel(true);
            return 12; // no await after the request
        });
        pump();
        assertTrue(t.isCancelled());
    }

    @Test
    // test_tasks.test_cancel_both_task_and_inner_future
    void cancellingBothTheAwaitedSleepAndTheTaskEndsItCancelledOnce() {
        AtomicReference<LoopFuture<Void>> sleep = new AtomicReference<>();
        Task<Void> t = loop.launch(() -> {
            sleep.set(loop.sleep(Duration.ofHours(1)));
            await(sleep.get());
        });
        step();
        loop.callSoon(() -> {
            sleep.get().cancel(true);
            t.cancel(true);
        });
        pump();
        assertTrue(t.isCancelled());
        assertTrue(sleep.get().isCancelled());
    }

    @Test
    void aCancelThatFindsTheAwaitedStageAlreadyCompletedStillWins() {
        // the completion queued the resume; the cancel, made before it runs, is what the await throws
        LoopFuture<String> f = loop.createFuture();
        AtomicReference<Throwable> seen = new AtomicReference<>();
        Task<String> t = loop.launch(() -> {
            try {
                return await(f);
            } catch (CancellationException e) {
                seen.set(e);
                throw e;
            }
        });
        step();
        loop.callSoon(() -> {
            f.complete("value");
            assertTrue(t.cancel(true));
        });
        pump();
        assertTrue(t.isCancelled());
        assertInstanceOf(CancellationException.class, seen.get());
    }

    @Test
    void aCancelFromAnotherThreadIsDeliveredAtTheAwaitOnTheLoopThread() throws Exception {
        Task<Void> t = loop.launch(() -> {
            try {
                await(new CompletableFuture<>());
            } finally {
                log.add("finally on " + (loop.inEventLoop() ? "the loop thread" : "another thread"));
            }
        });
        step();
        AtomicBoolean said = new AtomicBoolean();
        Thread other = new Thread(() -> said.set(t.cancel(true)));
        other.start();
        other.join();
        host.pumpUntil(t::isDone);
        assertTrue(said.get() && t.isCancelled());
        assertEquals(List.of("finally on the loop thread"), log);
    }

    // ---- close ----

    @Test
    void closeResumesEverySuspendedBodyWithCancellationSoEveryFinallyBlockRuns() {
        int n = 10_000;
        AtomicInteger finallies = new AtomicInteger();
        List<Task<Void>> tasks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            tasks.add(loop.launch(() -> {
                try {
                    await(new CompletableFuture<>());
                } finally {
                    finallies.incrementAndGet();
                }
            }));
        }
        step();
        loop.close();
        assertEquals(n, finallies.get());
        for (Task<Void> t : tasks) assertTrue(t.isCancelled());
    }

    @Test
    void aBodyThatCatchesTheCloseAndAwaitsAgainGetsAnExceptionNotASuspension() {
        AtomicReference<Throwable> second = new AtomicReference<>();
        Task<Void> t = loop.launch(() -> {
            try {
                await(new CompletableFuture<>());
            } catch (CancellationException first) {
                try {
                    await(new CompletableFuture<>()); // a foreign stage: it would never resume
                } catch (RuntimeException e) {
                    second.set(e);
                }
            }
        });
        step();
        loop.close();
        assertTrue(t.isDone());
        assertInstanceOf(CancellationException.class, second.get());
    }

    // ---- guards ----

    @Test
    void awaitOnTheLoopThreadOutsideACoroutineThrowsLoopBlockingExceptionNamingLaunch() {
        loop.callSoon(() -> log.add(assertThrows(LoopBlockingException.class, () -> await(new CompletableFuture<>())).getMessage()));
        pump();
        assertTrue(log.get(0).contains("launch"), log.get(0));
    }

    @Test
    void awaitOffTheLoopThreadOutsideACoroutineBlocksLikeJoin() throws Exception {
        CompletableFuture<String> f = new CompletableFuture<>();
        AtomicReference<Object> got = new AtomicReference<>();
        Thread waiter = new Thread(() -> got.set(await(f)));
        waiter.start();
        f.complete("joined");
        waiter.join(10_000);
        assertEquals("joined", got.get());
    }

    @Test
    void aCallbackOfANestedRunOnceThatTheBodyOpenedCannotSuspendTheBody() {
        AtomicReference<Throwable> refused = new AtomicReference<>();
        Task<String> t = loop.launch(() -> {
            loop.callSoon(() -> {
                try {
                    await(new CompletableFuture<>()); // would suspend the body that opened the nested loop
                } catch (IllegalStateException e) {
                    refused.set(e);
                }
            });
            while (host.woken()) host.runOnce(); // a modal dialog's nested host loop
            return await(loop.sleep(ms(1)).thenApply(v -> "the body still awaits"));
        });
        pump();
        assertInstanceOf(IllegalStateException.class, refused.get());
        assertTrue(refused.get().getMessage().contains("nested"), refused.get().getMessage());
        assertEquals("the body still awaits", t.join());
    }

    // ---- with the toolbox ----

    @Test
    void aCoroutineChildOfATaskGroupIsCancelledAtItsAwaitWhenASiblingFails() {
        TaskGroup g = new TaskGroup(loop);
        IllegalStateException boom = new IllegalStateException("boom");
        Task<Void> sibling = g.launch(() -> {
            try {
                await(loop.sleep(Duration.ofHours(1)));
            } finally {
                log.add("sibling finally");
            }
        });
        g.launch(() -> {
            await(loop.sleep(ms(1)));
            throw boom;
        });
        LoopFuture<Void> join = g.join();
        pump();
        assertSame(boom, failureOf(join));
        assertTrue(sibling.isCancelled());
        assertEquals(List.of("sibling finally"), log);
    }

    @Test
    void waitForAroundACoroutineTaskTimesItOutAndRunsItsFinallyBlocks() {
        Task<String> t = loop.launch(() -> {
            try {
                return await(loop.sleep(Duration.ofHours(1)).thenApply(v -> "late"));
            } finally {
                log.add("finally");
            }
        });
        LoopFuture<String> w = loop.waitFor(t, ms(10));
        pump();
        assertInstanceOf(TimeoutException.class, failureOf(w));
        assertTrue(t.isCancelled());
        assertEquals(List.of("finally"), log);
    }

    @Test
    // asyncio test_timeouts.test_timeout_basic (async with timeout(): TimeoutError, the awaited sleep cancelled)
    void aTimeoutBlockAroundAwaitsThrowsTimeoutExceptionAtItsDeadlineAndLeavesNoTimer() {
        AtomicReference<TimeoutScope> scope = new AtomicReference<>();
        Task<String> t = loop.launch(() -> {
            scope.set(TimeoutScope.after(loop, ms(10)));
            try {
                return scope.get().call(() -> await(loop.sleep(Duration.ofHours(1)).thenApply(v -> "late")));
            } catch (TimeoutException e) {
                return "timed out";
            }
        });
        pump();
        assertEquals("timed out", t.join());
        assertTrue(scope.get().expired());
        assertEquals(-1, loop.nextTimeout());
    }

    @Test
    // asyncio test_timeouts.test_nested_timeouts: only the scope that expired reports it
    void nestedTimeoutBlocksReportOnlyTheirOwnExpiry() {
        Task<String> t = loop.launch(() -> {
            TimeoutScope outer = TimeoutScope.after(loop, ms(10));
            TimeoutScope inner = TimeoutScope.after(loop, Duration.ofHours(1));
            try {
                return outer.call(() -> inner.call(() -> await(new CompletableFuture<String>())));
            } catch (TimeoutException e) {
                return "outer expired: " + outer.expired() + ", inner expired: " + inner.expired();
            }
        });
        pump();
        assertEquals("outer expired: true, inner expired: false", t.join());
    }

    @Test
    // asyncio test_timeouts.test_foreign_cancel_doesnt_timeout_if_not_expired
    void aForeignCancelInsideATimeoutBlockIsACancellationNotATimeout() {
        Task<String> t = loop.launch(() -> TimeoutScope.after(loop, Duration.ofHours(1)).call(() -> await(loop.sleep(Duration.ofHours(2)).thenApply(v -> "x"))));
        step();
        t.cancel(true);
        pump();
        assertTrue(t.isCancelled());
    }

    @Test
    void aTimeoutBlockOutsideACoroutineIsRefusedWithAClearMessage() {
        loop.callSoon(() -> log.add(assertThrows(IllegalStateException.class,
                () -> TimeoutScope.after(loop, ms(1)).call(() -> "x")).getMessage()));
        pump();
        assertTrue(log.get(0).contains("coroutine") && log.get(0).contains("run()"), log.get(0));
    }
}
