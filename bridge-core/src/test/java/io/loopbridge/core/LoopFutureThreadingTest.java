package io.loopbridge.core;

import io.loopbridge.core.testkit.ManualClock;
import io.loopbridge.core.testkit.RecordingHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link LoopFuture}: which thread runs a dependent action (case by case, as its javadoc lists them),
 * never synchronously inside {@code complete()}, fail-fast {@code join()}/{@code get()} on the loop
 * thread, happens-before of cross-thread completion, and timeouts on the loop's own timers.
 */
@Timeout(30)
class LoopFutureThreadingTest {
    private final RecordingHost host = RecordingHost.create();
    private final GuestLoop loop = host.loop();
    private final ManualClock clock = host.clock();

    @AfterEach
    void hostContractKept() {
        host.assertContractKept();
        loop.close();
    }

    private static void onAnotherThread(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Every non-async way to attach a dependent action, each recording the thread it ran on. */
    private static Map<String, Function<LoopFuture<String>, CompletionStage<?>>> dependents(Map<String, Thread> ranOn) {
        Map<String, Function<LoopFuture<String>, CompletionStage<?>>> m = new java.util.LinkedHashMap<>();
        CompletableFuture<String> other = CompletableFuture.completedFuture("other");
        m.put("thenApply", f -> f.thenApply(v -> ranOn.put("thenApply", Thread.currentThread())));
        m.put("thenAccept", f -> f.thenAccept(v -> ranOn.put("thenAccept", Thread.currentThread())));
        m.put("thenRun", f -> f.thenRun(() -> ranOn.put("thenRun", Thread.currentThread())));
        m.put("whenComplete", f -> f.whenComplete((v, e) -> ranOn.put("whenComplete", Thread.currentThread())));
        m.put("handle", f -> f.handle((v, e) -> ranOn.put("handle", Thread.currentThread())));
        m.put("thenCompose", f -> f.thenCompose(v -> {
            ranOn.put("thenCompose", Thread.currentThread());
            return other;
        }));
        m.put("thenCombine", f -> f.thenCombine(other, (a, b) -> ranOn.put("thenCombine", Thread.currentThread())));
        m.put("thenAcceptBoth", f -> f.thenAcceptBoth(other, (a, b) -> ranOn.put("thenAcceptBoth", Thread.currentThread())));
        m.put("runAfterBoth", f -> f.runAfterBoth(other, () -> ranOn.put("runAfterBoth", Thread.currentThread())));
        m.put("applyToEither", f -> f.applyToEither(new CompletableFuture<>(), v -> ranOn.put("applyToEither", Thread.currentThread())));
        m.put("acceptEither", f -> f.acceptEither(new CompletableFuture<>(), v -> ranOn.put("acceptEither", Thread.currentThread())));
        m.put("runAfterEither", f -> f.runAfterEither(new CompletableFuture<>(), () -> ranOn.put("runAfterEither", Thread.currentThread())));
        m.put("exceptionally", f -> f.thenApply(v -> {
            throw new IllegalStateException("to reach exceptionally");
        }).exceptionally(e -> ranOn.put("exceptionally", Thread.currentThread())));
        m.put("exceptionallyCompose", f -> f.thenApply(v -> {
            throw new IllegalStateException("to reach exceptionallyCompose");
        }).exceptionallyCompose(e -> {
            ranOn.put("exceptionallyCompose", Thread.currentThread());
            return CompletableFuture.completedFuture(null);
        }));
        return m;
    }

    @Test
    void everyNonAsyncDependentRunsOnTheLoopThreadWhenAnotherThreadCompletes() {
        host.runOnce();
        Map<String, Thread> ranOn = new ConcurrentHashMap<>();
        Map<String, Function<LoopFuture<String>, CompletionStage<?>>> all = dependents(ranOn);
        LoopFuture<String> f = loop.createFuture();
        List<CompletionStage<?>> stages = new ArrayList<>();
        all.values().forEach(d -> stages.add(d.apply(f)));
        onAnotherThread("completer", () -> f.complete("x"));
        assertTrue(ranOn.isEmpty(), "ran on the completing thread: " + ranOn.keySet());
        host.pumpUntil(() -> ranOn.size() == all.size());
        for (String name : all.keySet()) assertSame(Thread.currentThread(), ranOn.get(name), name);
        for (CompletionStage<?> s : stages) assertInstanceOf(LoopFuture.class, s, "a dependent of a LoopFuture is a LoopFuture");
    }

    @Test
    void everyNonAsyncDependentOfAnAlreadyCompletedFutureRunsInALaterPassNotInline() {
        host.runOnce();
        Map<String, Thread> ranOn = new ConcurrentHashMap<>();
        Map<String, Function<LoopFuture<String>, CompletionStage<?>>> all = dependents(ranOn);
        LoopFuture<String> f = loop.createFuture();
        f.complete("x");
        all.values().forEach(d -> d.apply(f));
        assertTrue(ranOn.isEmpty(), "ran synchronously while being attached: " + ranOn.keySet());
        host.pumpUntil(() -> ranOn.size() == all.size());
        for (String name : all.keySet()) assertSame(Thread.currentThread(), ranOn.get(name), name);
    }

    @Test
    void dependentNeverRunsInsideCompleteOnTheLoopThread() {
        // asyncio test_futures.test_future_callbacks_invoked_on_set_result: callbacks run later, not in set_result
        List<String> log = new ArrayList<>();
        LoopFuture<String> f = loop.createFuture();
        f.thenAccept(v -> log.add("dependent " + v));
        loop.callSoon(() -> {
            f.complete("x");
            log.add("after complete");
        });
        host.runOnce();
        assertEquals(List.of("after complete"), log);
        host.runOnce();
        assertEquals(List.of("after complete", "dependent x"), log);
    }

    @Test
    void everyDependentOfOneFutureRunsExactlyOnce() {
        List<Integer> ran = new ArrayList<>();
        LoopFuture<String> f = loop.createFuture();
        for (int i = 0; i < 20; i++) {
            int n = i;
            f.thenRun(() -> ran.add(n));
        }
        f.complete("x");
        host.pump();
        assertEquals(20, ran.size());
        assertEquals(20, ran.stream().distinct().count());
    }

    @Test
    void asyncDependentWithoutAnExecutorRunsOnTheLoop() {
        host.runOnce();
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        LoopFuture<String> f = loop.createFuture();
        LoopFuture<Void> d = f.thenAcceptAsync(v -> ranOn.set(Thread.currentThread()));
        onAnotherThread("completer", () -> f.complete("x"));
        host.pumpUntil(d::isDone);
        assertSame(Thread.currentThread(), ranOn.get());
    }

    @Test
    void asyncDependentWithAnExecutorRunsOnThatExecutorAndItsDependentsComeBackToTheLoop() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "pool"));
        try {
            host.runOnce();
            AtomicReference<String> step1 = new AtomicReference<>();
            AtomicReference<Thread> step2 = new AtomicReference<>();
            LoopFuture<String> f = loop.createFuture();
            LoopFuture<Void> d = f.thenApplyAsync(v -> {
                step1.set(Thread.currentThread().getName());
                return v;
            }, pool).thenAccept(v -> step2.set(Thread.currentThread()));
            f.complete("x");
            host.pumpUntil(d::isDone);
            assertEquals("pool", step1.get());
            assertSame(Thread.currentThread(), step2.get());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void completeAsyncRunsItsSupplierOnTheLoop() {
        host.runOnce();
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        LoopFuture<String> f = loop.createFuture();
        onAnotherThread("caller", () -> f.completeAsync(() -> {
            ranOn.set(Thread.currentThread());
            return "x";
        }));
        host.pumpUntil(f::isDone);
        assertSame(Thread.currentThread(), ranOn.get());
        assertEquals("x", f.join());
    }

    @Test
    void crossThreadCompletionHappensBeforeTheDependentRuns() {
        host.runOnce();
        int[] plain = new int[64]; // plain writes, published only by the completion
        LoopFuture<int[]> f = loop.createFuture();
        LoopFuture<Integer> sum = f.thenApply(a -> {
            int s = 0;
            for (int v : a) s += v;
            return s;
        });
        onAnotherThread("writer", () -> {
            for (int i = 0; i < plain.length; i++) plain[i] = i + 1;
            f.complete(plain);
        });
        host.pumpUntil(sum::isDone);
        assertEquals(64 * 65 / 2, sum.join());
    }

    @Test
    void cancellationFromAnotherThreadReachesDependentsOnTheLoop() {
        host.runOnce();
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        AtomicReference<Throwable> seen = new AtomicReference<>();
        LoopFuture<String> f = loop.createFuture();
        LoopFuture<String> d = f.whenComplete((v, e) -> {
            ranOn.set(Thread.currentThread());
            seen.set(e);
        });
        onAnotherThread("canceller", () -> f.cancel(true));
        host.pumpUntil(d::isDone);
        assertSame(Thread.currentThread(), ranOn.get());
        assertInstanceOf(CancellationException.class, seen.get());
    }

    // ---------------------------------------------------------------------------------------------
    // join() / get() on the loop thread
    // ---------------------------------------------------------------------------------------------

    @Test
    void joinAndGetOnTheLoopThreadWhilePendingThrowLoopBlockingExceptionNamingTheLoopAndTheCall() {
        List<Throwable> thrown = new ArrayList<>();
        LoopFuture<String> f = loop.createFuture();
        loop.callSoon(() -> {
            thrown.add(assertThrows(LoopBlockingException.class, f::join));
            thrown.add(assertThrows(LoopBlockingException.class, f::get));
            thrown.add(assertThrows(LoopBlockingException.class, () -> f.get(1, TimeUnit.SECONDS)));
        });
        host.runOnce();
        assertEquals(3, thrown.size());
        assertTrue(thrown.get(0).getMessage().contains("join()"), thrown.get(0).getMessage());
        assertTrue(thrown.get(1).getMessage().contains("get()"), thrown.get(1).getMessage());
        for (Throwable e : thrown) {
            assertInstanceOf(IllegalStateException.class, e);
            assertTrue(e.getMessage().contains("GuestLoop-"), "names the loop: " + e.getMessage());
        }
        assertFalse(f.isDone(), "the failed join() left the future alone");
    }

    @Test
    void joinOnTheLoopThreadOutsideRunOnceWhilePendingAlsoFailsFast() {
        host.runOnce(); // the test thread is the loop thread now, e.g. a UI thread between passes
        LoopFuture<String> f = loop.createFuture();
        assertThrows(LoopBlockingException.class, f::join);
    }

    @Test
    void joinAndGetOnTheLoopThreadReturnOnceDone() throws Exception {
        Object[] out = new Object[4];
        LoopFuture<String> ok = loop.createFuture();
        LoopFuture<String> failed = loop.createFuture();
        ok.complete("v");
        IllegalStateException boom = new IllegalStateException("boom");
        failed.completeExceptionally(boom);
        loop.callSoon(() -> {
            out[0] = ok.join();
            try {
                out[1] = ok.get();
            } catch (Exception e) {
                out[1] = e;
            }
            out[2] = assertThrows(CompletionException.class, failed::join).getCause();
            out[3] = assertThrows(ExecutionException.class, failed::get).getCause();
        });
        host.runOnce();
        assertEquals("v", out[0]);
        assertEquals("v", out[1]);
        assertSame(boom, out[2]);
        assertSame(boom, out[3]);
    }

    @Test
    void joinFromAnotherThreadBlocksUntilTheLoopCompletesTheFuture() throws Exception {
        host.runOnce();
        LoopFuture<String> f = loop.createFuture();
        AtomicReference<Object> got = new AtomicReference<>();
        Thread waiter = new Thread(() -> got.set(f.join()), "waiter");
        waiter.start();
        loop.callSoon(() -> f.complete("done"));
        host.runOnce();
        waiter.join(10_000);
        assertFalse(waiter.isAlive());
        assertEquals("done", got.get());
    }

    // ---------------------------------------------------------------------------------------------
    // Same loop, loop()
    // ---------------------------------------------------------------------------------------------

    @Test
    void dependentsAndCopiesAreBoundToTheSameLoop() {
        LoopFuture<String> f = loop.createFuture();
        assertSame(loop, f.loop());
        assertSame(loop, f.thenApply(v -> v).loop());
        assertSame(loop, ((LoopFuture<String>) f.copy()).loop());
        assertSame(f, f.toCompletableFuture());
        f.cancel(false);
        host.pump();
    }

    @Test
    void loopOfAHostedFutureIsTheHostNotItsCore() {
        try (StandaloneLoop standalone = StandaloneLoop.create()) {
            assertSame(standalone, standalone.createFuture().loop());
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Timeouts on the loop's own timers
    // ---------------------------------------------------------------------------------------------

    @Test
    void orTimeoutFailsOnTheLoopThreadAtTheDeadline() {
        host.runOnce();
        LoopFuture<String> f = loop.createFuture();
        AtomicReference<Thread> failedOn = new AtomicReference<>();
        f.orTimeout(10, TimeUnit.MILLISECONDS).whenComplete((v, e) -> failedOn.set(Thread.currentThread()));
        assertEquals(Duration.ofMillis(10).toNanos(), loop.nextTimeout(), "a loop timer, not CompletableFuture's delayer thread");
        clock.advance(Duration.ofMillis(9));
        host.runOnce();
        assertFalse(f.isDone());
        host.pump();
        assertInstanceOf(TimeoutException.class, assertThrows(CompletionException.class, f::join).getCause());
        assertSame(Thread.currentThread(), failedOn.get());
    }

    @Test
    void orTimeoutLeavesNoTimerOnceTheFutureCompletes() {
        host.runOnce();
        LoopFuture<String> f = loop.createFuture();
        f.orTimeout(1, TimeUnit.HOURS);
        assertEquals(1, loop.stats().pendingTimers());
        f.complete("in time");
        host.pump();
        assertEquals(0, loop.stats().pendingTimers());
        assertEquals(-1, loop.nextTimeout());
        assertEquals("in time", f.join());
    }

    @Test
    void completeOnTimeoutCompletesWithTheValueAtTheDeadline() {
        LoopFuture<String> f = loop.createFuture();
        f.completeOnTimeout("fallback", 5, TimeUnit.MILLISECONDS);
        host.pump();
        assertEquals("fallback", f.join());
    }

    @Test
    void orTimeoutWithAHugeTimeoutSaturates() {
        host.runOnce();
        LoopFuture<String> f = loop.createFuture();
        f.orTimeout(Long.MAX_VALUE, TimeUnit.DAYS);
        assertTrue(loop.nextTimeout() > Duration.ofDays(365 * 200).toNanos());
        f.cancel(false);
        host.pump();
        assertEquals(-1, loop.nextTimeout());
    }

    @Test
    void futureCompletedFromManyThreadsKeepsTheFirstOutcomeAndNotifiesOnce() throws Exception {
        host.runOnce();
        LoopFuture<Integer> f = loop.createFuture();
        List<Integer> seen = new CopyOnWriteArrayList<>();
        f.thenAccept(seen::add);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int n = i;
            Thread t = new Thread(() -> f.complete(n));
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) t.join();
        host.pumpUntil(() -> !seen.isEmpty());
        host.pump();
        assertEquals(List.of(f.join()), seen);
    }
}
