package io.loopbridge.core.internal;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Awaiting inside a coroutine (JDK 21+; see {@link CoroutineJdk}), on the fake loop: a done stage returns
 * without suspending, a pending one suspends and is resumed through the loop's queue (never inside
 * {@code complete()}), values and failures come out at the await, and cancellation resumes the body with
 * the cancellation at its await, winning over a completion queued but not yet delivered.
 */
@Timeout(60)
class AwaitInCoroutineTest {
    private final FakeLoop loop = new FakeLoop();

    @BeforeAll
    static void coroutines() {
        CoroutineJdk.requireCoroutines();
    }

    @Test
    void insideACoroutineTheAwaitPathIsSuspend() {
        AtomicReference<Awaiting.Path> path = new AtomicReference<>();
        loop.launch(() -> path.set(Awaiting.decide(Coroutine.current(), true, "loop")));
        loop.runUntilIdle();
        assertEquals(Awaiting.Path.SUSPEND, path.get());
    }

    @Test
    void anAwaitOfADoneStageReturnsWithoutSuspending() {
        List<Object> got = new ArrayList<>();
        Coroutine co = loop.launch(() -> {
            got.add(loop.await(CompletableFuture.completedFuture("done")));
            CompletableFuture<String> f = new CompletableFuture<>();
            CompletionStage<String> minimal = f.minimalCompletionStage(); // not a CompletableFuture: completes its dependent at once
            f.complete("minimal");
            got.add(loop.await(minimal));
            IllegalStateException boom = new IllegalStateException();
            got.add(assertThrows(IllegalStateException.class, () -> loop.await(CompletableFuture.failedFuture(boom))) == boom);
            CompletableFuture<String> cancelled = new CompletableFuture<>();
            cancelled.cancel(false);
            got.add(assertThrows(CancellationException.class, () -> loop.await(cancelled)).getClass().getSimpleName());
        });
        assertEquals(1, loop.runOnce());
        assertEquals(Coroutine.State.DONE, co.state(), "it suspended on a done stage");
        assertEquals(List.of("done", "minimal", true, "CancellationException"), got);
        assertTrue(loop.isIdle());
    }

    @Test
    void anAwaitOfAPendingStageSuspendsAndIsResumedThroughTheLoopsQueueNotInsideComplete() {
        List<String> log = new ArrayList<>();
        CompletableFuture<String> f = new CompletableFuture<>();
        Coroutine co = loop.launch(() -> {
            log.add("before");
            log.add("got " + loop.await(f));
        });
        loop.runUntilIdle();
        assertEquals(Coroutine.State.SUSPENDED, co.state());
        f.complete("v");
        assertEquals(List.of("before"), log, "resumed inside complete()");
        assertEquals(Coroutine.State.SUSPENDED, co.state());
        assertEquals(1, loop.runOnce(), "one resume queued");
        assertEquals(List.of("before", "got v"), log);
        assertEquals(Coroutine.State.DONE, co.state());
    }

    @Test
    void aCompletionOnAnotherThreadQueuesExactlyOneResume() throws Exception {
        List<String> log = new ArrayList<>();
        CompletableFuture<Integer> f = new CompletableFuture<>();
        loop.launch(() -> log.add("got " + loop.await(f)));
        loop.runUntilIdle();
        Thread t = new Thread(() -> {
            f.complete(42);
            f.complete(43); // ignored by CompletableFuture; the slot counts one completion anyway
        });
        t.start();
        t.join();
        assertEquals(1, loop.runOnce());
        assertEquals(List.of("got 42"), log);
        assertTrue(loop.isIdle());
    }

    @Test
    void aFailedPendingStageThrowsAtTheAwait() {
        List<Object> got = new ArrayList<>();
        CompletableFuture<String> unchecked = new CompletableFuture<>();
        CompletableFuture<String> checked = new CompletableFuture<>();
        CompletableFuture<String> cancelled = new CompletableFuture<>();
        IllegalArgumentException boom = new IllegalArgumentException();
        IOException io = new IOException();
        loop.launch(() -> {
            got.add(assertThrows(IllegalArgumentException.class, () -> loop.await(unchecked)) == boom);
            got.add(assertThrows(CompletionException.class, () -> loop.await(checked)).getCause() == io);
            got.add(assertThrows(CancellationException.class, () -> loop.await(cancelled)).getClass().getSimpleName());
        });
        loop.runUntilIdle();
        unchecked.completeExceptionally(boom);
        loop.runUntilIdle();
        checked.completeExceptionally(io);
        loop.runUntilIdle();
        cancelled.cancel(false);
        loop.runUntilIdle();
        assertEquals(List.of(true, true, "CancellationException"), got);
    }

    @Test
    void cancellingASuspendedAwaitResumesTheBodyWithTheCancellationInALaterIterationAndFinallyRuns() {
        List<String> log = new ArrayList<>();
        CompletableFuture<String> f = new CompletableFuture<>();
        Coroutine co = loop.launch(() -> {
            try {
                loop.await(f);
                log.add("not reached");
            } catch (CancellationException e) {
                log.add("cancelled at the await: " + e.getMessage());
            } finally {
                log.add("finally");
            }
        });
        loop.runUntilIdle();
        assertTrue(Awaiting.cancel(co, new CancellationException("task cancelled"), loop));
        assertEquals(List.of(), log, "the cancelled body ran inside cancel()");
        loop.runUntilIdle();
        assertEquals(List.of("cancelled at the await: task cancelled", "finally"), log);
        assertEquals(Coroutine.State.DONE, co.state());
        f.complete("late");
        assertTrue(loop.isIdle(), "a completion after the cancellation queued a resume");
        assertFalse(Awaiting.cancel(co, new CancellationException(), loop), "nothing to cancel once done");
    }

    @Test
    void aCancellationWinsOverACompletionQueuedButNotYetDelivered() {
        List<String> log = new ArrayList<>();
        CompletableFuture<String> f = new CompletableFuture<>();
        Coroutine co = loop.launch(() -> {
            try {
                log.add("got " + loop.await(f));
            } catch (CancellationException e) {
                log.add("cancelled");
            }
        });
        loop.runUntilIdle();
        f.complete("v"); // queues the resume
        Awaiting.cancel(co, new CancellationException(), loop);
        assertEquals(1, loop.runOnce(), "the cancellation used the resume already queued");
        assertEquals(List.of("cancelled"), log);
        assertTrue(loop.isIdle());
    }

    @Test
    void cancellingARunningCoroutineThrowsAtItsNextAwaitOfAPendingStageButNotOfADoneOne() {
        List<String> log = new ArrayList<>();
        CompletableFuture<String> pending = new CompletableFuture<>();
        loop.launch(() -> {
            Awaiting.cancel(Coroutine.current(), new CancellationException("self"), loop);
            log.add(loop.await(CompletableFuture.completedFuture("a done stage still returns")));
            log.add(assertThrows(CancellationException.class, () -> loop.await(pending)).getMessage());
        });
        loop.runUntilIdle();
        assertEquals(List.of("a done stage still returns", "self"), log);
        assertEquals(0, pending.getNumberOfDependents(), "the cancelled await attached nothing");
    }

    @Test
    void theBodyMayCatchTheCancellationAndAwaitAgain() {
        List<String> log = new ArrayList<>();
        CompletableFuture<String> first = new CompletableFuture<>();
        CompletableFuture<String> second = new CompletableFuture<>();
        Coroutine co = loop.launch(() -> {
            try {
                loop.await(first);
            } catch (CancellationException e) {
                log.add("cleanup awaits " + loop.await(second));
            }
        });
        loop.runUntilIdle();
        Awaiting.cancel(co, new CancellationException(), loop);
        loop.runUntilIdle();
        assertEquals(Coroutine.State.SUSPENDED, co.state());
        first.complete("stale"); // the first await's slot was claimed by the cancellation: nothing queued
        assertTrue(loop.isIdle());
        second.complete("x");
        loop.runUntilIdle();
        assertEquals(List.of("cleanup awaits x"), log);
    }

    @Test
    void cancellingACoroutineSuspendedOnAPlainSuspendResumesItWithTheCancellation() {
        AtomicReference<Throwable> got = new AtomicReference<>();
        Object token = new Object();
        Coroutine co = loop.launch(() -> got.set(assertThrows(CancellationException.class, () -> Coroutine.current().suspend(token))));
        loop.runUntilIdle();
        Awaiting.cancel(co, new CancellationException(), loop);
        loop.runUntilIdle();
        assertEquals(CancellationException.class, got.get().getClass());
    }

    @Test
    void aStaleResumeOfAnEarlierAwaitIsIgnored() {
        List<String> log = new ArrayList<>();
        CompletableFuture<String> a = new CompletableFuture<>();
        CompletableFuture<String> b = new CompletableFuture<>();
        AtomicReference<Awaiting.Slot<?>> firstSlot = new AtomicReference<>();
        Coroutine co = loop.launch(() -> {
            log.add(Awaiting.await(Coroutine.current(), a, loop, (stage, cb) -> {
                firstSlot.set((Awaiting.Slot<?>) cb);
                stage.whenComplete(cb);
            }));
            log.add(loop.await(b));
        });
        loop.runUntilIdle();
        a.complete("a");
        loop.runUntilIdle();
        assertEquals(List.of("a"), log);
        firstSlot.get().run(); // a duplicate of the first await's resume, while the coroutine awaits b
        assertEquals(Coroutine.State.SUSPENDED, co.state());
        assertEquals(List.of("a"), log);
        b.complete("b");
        loop.runUntilIdle();
        assertEquals(List.of("a", "b"), log);
    }

    @Test
    void aCustomAttachmentMayDeliverTheCompletionTwiceAndOnlyTheFirstCounts() {
        List<String> log = new ArrayList<>();
        AtomicReference<java.util.function.BiConsumer<? super String, ? super Throwable>> callback = new AtomicReference<>();
        loop.launch(() -> log.add(Awaiting.await(Coroutine.current(), new CompletableFuture<String>(), loop,
                (stage, cb) -> callback.set(cb))));
        loop.runUntilIdle();
        callback.get().accept("first", null);
        callback.get().accept("second", null);
        assertEquals(1, loop.runOnce());
        assertEquals(List.of("first"), log);
    }

    @Test
    void anAwaitRefusedInANestedLoopCallbackAttachesNothingToTheStage() {
        CompletableFuture<String> f = new CompletableFuture<>();
        AtomicReference<IllegalStateException> got = new AtomicReference<>();
        loop.launch(() -> {
            loop.execute(() -> got.set(assertThrows(IllegalStateException.class, () -> loop.await(f))));
            loop.runOnce();
        });
        loop.runUntilIdle();
        assertTrue(got.get().getMessage().contains("inside a nested event loop"), got.get().getMessage());
        assertEquals(0, f.getNumberOfDependents());
    }

    @Test
    void anAwaitAfterTheRegistryClosedThrowsTheCloseFailureWithoutSuspending() {
        CompletableFuture<String> f = new CompletableFuture<>();
        AtomicReference<Throwable> got = new AtomicReference<>();
        Coroutine co = loop.registry.create(null, () -> got.set(assertThrows(CancellationException.class, () -> loop.await(f))));
        loop.registry.closeAll(() -> new CancellationException("closed"));
        co.resume();
        assertEquals("closed", got.get().getMessage());
        assertEquals(0, f.getNumberOfDependents());
    }

    @Test
    void aThousandCoroutinesAwaitingInTurnKeepTheirOrderThroughTheQueue() {
        List<Integer> order = new ArrayList<>();
        List<CompletableFuture<Integer>> stages = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            CompletableFuture<Integer> f = new CompletableFuture<>();
            stages.add(f);
            loop.launch(() -> order.add(loop.await(f)));
        }
        loop.runUntilIdle();
        assertEquals(1000, loop.registry.suspendedCount());
        for (int i = 0; i < 1000; i++) stages.get(i).complete(i);
        loop.runUntilIdle();
        for (int i = 0; i < 1000; i++) assertEquals(i, order.get(i));
        assertEquals(0, loop.registry.suspendedCount());
    }
}
