package io.loopbridge.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a cancel request does to a chain-style task when the body awaits a stage it does not own, when the
 * body caught an earlier request, and when the outcome is already on its way: the rules of
 * {@link Task}'s "Cancellation" list, each pinned by the defect of issue 13 that broke it.
 */
@Timeout(60)
class TaskCancelRequestTest extends ToolboxTestSupport {
    private final List<String> log = new ArrayList<>();

    @Test
    // issue 13 defect 1: an owned pending future with a dependent was taken for what the body waits on
    void cancelEndsATaskAwaitingAForeignReplyWhileItOwnsAWatchdogSleepWithADependent() {
        CompletableFuture<String> reply = new CompletableFuture<>();
        Task<String> t = loop.createTask(() -> {
            loop.sleep(Duration.ofSeconds(30)).thenRun(() -> log.add("watchdog fired"));
            return reply.thenApply(v -> v + "!");
        });
        step();
        assertTrue(t.cancel(true));
        pump();
        assertTrue(t.isCancelled(), "the task is still " + t);
        assertFalse(reply.isDone(), "the foreign reply was touched");
        assertEquals(List.of(), log);
        assertEquals(-1, loop.nextTimeout(), "a timer of the cancelled task is left behind");
    }

    @Test
    // issue 13 defect 1
    void cancelEndsATaskAwaitingAForeignFutureWhileItOwnsALoggedChildTask() {
        CompletableFuture<String> foreign = new CompletableFuture<>();
        Task<String> t = loop.createTask(() -> {
            loop.createTask(() -> loop.sleep(Duration.ofHours(1))).whenComplete((v, e) -> log.add("child ended"));
            return foreign.thenApply(v -> v);
        });
        step();
        t.cancel(true);
        pump();
        assertTrue(t.isCancelled(), "the task is still " + t);
        assertFalse(foreign.isDone());
        assertEquals(List.of("child ended"), log);
    }

    @Test
    // issue 13 defect 1: the timeout itself was defeated
    void waitForEndsAWatchdogTaskAwaitingAForeignReplyAtItsDeadline() {
        CompletableFuture<String> reply = new CompletableFuture<>();
        Task<String> t = loop.createTask(() -> {
            loop.sleep(Duration.ofSeconds(30)).thenRun(() -> log.add("watchdog fired"));
            return reply.thenApply(v -> v + "!");
        });
        LoopFuture<String> w = loop.waitFor(t, ms(10));
        host.clock().advance(Duration.ofSeconds(1));
        for (int i = 0; i < 50; i++) step();
        assertTrue(w.isDone(), "waitFor is still pending a virtual second later");
        CompletionException e = assertThrows(CompletionException.class, w::join);
        assertInstanceOf(TimeoutException.class, e.getCause());
        assertTrue(t.isCancelled());
    }

    @Test
    // issue 13 defect 1
    void timeoutScopeEndsAWatchdogBodyAwaitingAForeignReplyAtItsDeadline() {
        CompletableFuture<String> reply = new CompletableFuture<>();
        TimeoutScope scope = TimeoutScope.after(loop, ms(10));
        LoopFuture<String> r = scope.run(() -> {
            loop.sleep(Duration.ofSeconds(30)).thenRun(() -> log.add("watchdog fired"));
            return reply.thenApply(v -> v + "!");
        });
        host.clock().advance(Duration.ofSeconds(1));
        for (int i = 0; i < 50; i++) step();
        assertTrue(r.isDone(), "the scope is still pending a virtual second later");
        assertTrue(scope.expired());
        assertInstanceOf(TimeoutException.class, assertThrows(CompletionException.class, r::join).getCause());
    }

    @Test
    // asyncio: every cancel() cancels what the task awaits at that moment
    void aSecondCancelAfterTheBodyCaughtTheFirstCancelsWhatTheBodyAwaitsNow() {
        AtomicInteger caught = new AtomicInteger();
        Task<String> t = loop.createTask(() -> loop.sleep(Duration.ofHours(1)).thenApply(v -> "slept")
                .exceptionallyCompose(e -> {
                    caught.incrementAndGet();
                    return loop.sleep(Duration.ofHours(1)).thenApply(v -> "retried");
                }));
        step();
        t.cancel(true);
        for (int i = 0; i < 10 && caught.get() == 0; i++) step();
        assertEquals(1, caught.get());
        assertFalse(t.isDone());
        assertTrue(t.cancel(true));
        pump();
        assertTrue(t.isCancelled(), "the second cancel did nothing: " + t);
        assertEquals(-1, loop.nextTimeout());
    }

    @Test
    // issue 13 defect 2: a flag set by the first request was never reset
    void aSecondCancelEndsABodyThatCaughtTheFirstAndNowAwaitsAForeignStage() {
        CompletableFuture<String> foreign = new CompletableFuture<>();
        AtomicInteger caught = new AtomicInteger();
        Task<String> t = loop.createTask(() -> loop.sleep(Duration.ofHours(1)).thenApply(v -> "slept")
                .exceptionallyCompose(e -> {
                    caught.incrementAndGet();
                    loop.sleep(Duration.ofSeconds(30)).thenRun(() -> log.add("watchdog"));
                    return foreign;
                }));
        step();
        t.cancel(true);
        for (int i = 0; i < 10 && caught.get() == 0; i++) step();
        assertFalse(t.isDone());
        t.cancel(true);
        pump();
        assertTrue(t.isCancelled(), "the second cancel did nothing: " + t);
    }

    @Test
    // issue 13 defect 11; asyncio: a pending cancel wins over the outcome on its way
    void aCancelThatFindsTheAwaitedStageAlreadyFailedEndsTheTaskCancelled() {
        LoopFuture<String> reply = loop.createFuture();
        Task<String> t = loop.createTask(() -> reply);
        step();
        loop.callSoon(() -> {
            reply.completeExceptionally(new IllegalStateException("failed first"));
            assertTrue(t.cancel(true));
        });
        pump();
        assertTrue(t.isCancelled(), "cancel() said true, then the task ended " + t);
    }

    @Test
    // issue 13 defect 11: never true and then a failure
    void aCancelFromAnotherThreadThatFindsTheOutcomeOnItsWayEndsTheTaskCancelled() throws Exception {
        LoopFuture<String> reply = loop.createFuture();
        Task<String> t = loop.createTask(() -> reply.thenApply(v -> v));
        step();
        reply.completeExceptionally(new IllegalStateException("failed first"));
        AtomicBoolean said = new AtomicBoolean();
        Thread other = new Thread(() -> said.set(t.cancel(true)));
        other.start();
        other.join();
        pump();
        assertTrue(!said.get() || t.isCancelled(), "cancel() said true, then the task ended " + t);
        assertTrue(t.isCancelled());
    }

    @Test
    // asyncio test_tasks.test_cancel_current_task: cancelling itself in a step cancels what it awaits next
    void aTaskThatCancelsItselfInAStepEndsCancelledAndLeavesNoTimer() {
        Task<String> t = loop.createTask(() -> loop.sleep(ms(1)).thenCompose(v -> {
            assertTrue(Task.current().cancel(true));
            return loop.sleep(Duration.ofHours(1)).thenApply(x -> "slept");
        }));
        pump();
        assertTrue(t.isCancelled());
        assertEquals(-1, loop.nextTimeout());
    }

    @Test
    void aRequestThatReachesNothingTheBodyAwaitsCancelsTheStageItAwaitsDirectly() {
        // asyncio test_tasks.test_cancel_inner_future: the future the task awaits is cancelled
        CompletableFuture<String> awaited = new CompletableFuture<>();
        Task<String> t = loop.createTask(() -> {
            loop.sleep(Duration.ofSeconds(30)).thenRun(() -> log.add("watchdog"));
            return awaited;
        });
        step();
        t.cancel(true);
        pump();
        assertTrue(t.isCancelled());
        assertTrue(awaited.isCancelled());
    }

    @Test
    void aBodyThatCatchesTheCancellationAndStartsCleanupIsWaitedFor() {
        CompletableFuture<String> foreign = new CompletableFuture<>();
        Task<String> t = loop.createTask(() -> loop.sleep(Duration.ofHours(1)).thenCompose(v -> foreign)
                .exceptionallyCompose(e -> loop.sleep(ms(100)).thenApply(v -> "cleaned up")));
        step();
        t.cancel(true);
        pump();
        assertEquals("cleaned up", t.join());
        assertFalse(foreign.isDone());
    }
}
