package io.loopbridge.core;

import io.loopbridge.core.testkit.CoroutineJdk;
import io.loopbridge.core.testkit.RecordingHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;

import static io.loopbridge.core.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A cancelled task lets the dependents its body attached to what it owns run before it gives up on its
 * body's stage: a {@code whenComplete}/{@code handle}/{@code exceptionally} stage the body returned, on a
 * child task, a coroutine, executor work, a wrapped foreign stage, a sleep or a {@code waitFor}, runs its
 * action exactly once, seeing the cancellation (asyncio's {@code add_done_callback} always runs; an
 * {@code except CancelledError} around {@code await child} always runs). The bug: the settle watch
 * ({@code Task.checkSettled}) ran as soon as a still-ending child ended, queued ahead of the child's
 * dependents, found nothing run "since", and cancelled the hook's stage before its action ran.
 *
 * <p>What a catching stage returns is the task's result, as when the body catches the cancellation of a
 * sleep it awaits directly ({@code TaskCancellationTest.taskMayCatchItsCancellationAndFinishNormally…},
 * asyncio's {@code test_cancel_task_catching}): the request was delivered (it cancelled the child) and
 * the body handled it. A stage that does not catch it ends the task cancelled.
 */
@Timeout(60)
class TaskCancelHooksTest extends ToolboxTestSupport {
    private static final Duration LONG = Duration.ofHours(1);

    @Override
    RecordingHost newHost() {
        return RecordingHost.create().toleratingLateWakeUps(); // executor work and cancels from other threads
    }

    /** What the body awaits through its hook: something the task owns that a cancel ends. */
    enum Upstream {
        CHILD_TASK(l -> l.createTask(() -> l.sleep(LONG).thenApply(v -> "x"))),
        CHILD_TASK_OF_A_CHILD_TASK(l -> l.createTask(() -> l.createTask(() -> l.sleep(LONG).thenApply(v -> "x")).thenApply(v -> v))),
        COROUTINE_CHILD(l -> l.launch(() -> {
            await(l.sleep(LONG));
            return "x";
        })),
        EXECUTOR_WORK(l -> l.runInExecutor(() -> {
            Thread.sleep(LONG.toMillis()); // interrupted by cancel(true)
            return "x";
        })),
        WRAPPED_FOREIGN_STAGE(l -> l.wrapFuture(new CompletableFuture<String>())),
        SLEEP(l -> l.sleep(LONG).thenApply(v -> "x")),
        WAIT_FOR_A_CHILD_TASK(l -> l.waitFor(l.createTask(() -> l.sleep(LONG).thenApply(v -> "x")), Duration.ofHours(2))),
        WAIT_FOR_A_SLEEP(l -> l.waitFor(l.sleep(LONG).thenApply(v -> "x"), Duration.ofHours(2)));

        final Function<GuestLoop, LoopFuture<String>> start;

        Upstream(Function<GuestLoop, LoopFuture<String>> start) {
            this.start = start;
        }
    }

    /** The stage that must see the cancellation; null expected: the task ends cancelled. */
    enum Hook {
        WHEN_COMPLETE(null),
        HANDLE("handled"),
        EXCEPTIONALLY("fallback");

        final String catches;

        Hook(String catches) {
            this.catches = catches;
        }

        LoopFuture<String> attach(LoopFuture<String> f, AtomicInteger ran, List<Throwable> seen) {
            switch (this) {
                case WHEN_COMPLETE:
                    return f.whenComplete((v, e) -> {
                        ran.incrementAndGet();
                        seen.add(e);
                    });
                case HANDLE:
                    return f.handle((v, e) -> {
                        ran.incrementAndGet();
                        seen.add(e);
                        return "handled";
                    });
                default:
                    return f.exceptionally(e -> {
                        ran.incrementAndGet();
                        seen.add(e);
                        return "fallback";
                    });
            }
        }
    }

    /** Where the request comes from. */
    enum From { LOOP_THREAD_BETWEEN_PASSES, A_LOOP_CALLBACK, ANOTHER_THREAD }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Upstream u : Upstream.values()) {
            for (Hook h : Hook.values()) {
                for (int before : new int[] {0, 1, 3}) {
                    for (int after : new int[] {0, 3}) {
                        if (before > 0 && after > 0) continue;
                        for (From from : From.values()) out.add(Arguments.of(u, h, before, after, from));
                    }
                }
            }
        }
        return out.stream();
    }

    private void requireJdkFor(Upstream u) {
        if (u == Upstream.COROUTINE_CHILD) CoroutineJdk.requireCoroutines();
    }

    private void cancel(Task<?> t, From from) throws InterruptedException {
        switch (from) {
            case LOOP_THREAD_BETWEEN_PASSES:
                assertTrue(t.cancel(true));
                break;
            case A_LOOP_CALLBACK:
                AtomicBoolean said = new AtomicBoolean();
                loop.callSoon(() -> said.set(t.cancel(true)));
                step();
                assertTrue(said.get(), "cancel() from a callback said false");
                break;
            default:
                AtomicBoolean saidThere = new AtomicBoolean();
                Thread other = new Thread(() -> saidThere.set(t.cancel(true)), "canceller");
                other.start();
                other.join(10_000);
                assertFalse(other.isAlive());
                assertTrue(saidThere.get(), "cancel() from another thread said false");
                break;
        }
    }

    private static LoopFuture<String> steps(LoopFuture<String> f, int n, AtomicInteger ran, String suffix) {
        for (int i = 0; i < n; i++) {
            f = f.thenApply(v -> {
                ran.incrementAndGet();
                return v + suffix;
            });
        }
        return f;
    }

    @ParameterizedTest(name = "{0} -> {2} thenApply -> {1} -> {3} thenApply, cancelled from {4}")
    @MethodSource("cases")
    void aHookStageTheBodyReturnedRunsOnceBeforeTheCancelledTaskSettles(Upstream upstream, Hook hook, int before, int after, From from)
            throws Exception {
        requireJdkFor(upstream);
        AtomicInteger hookRan = new AtomicInteger();
        AtomicInteger stepsBeforeRan = new AtomicInteger();
        AtomicInteger stepsAfterRan = new AtomicInteger();
        List<Throwable> seen = new ArrayList<>();
        Task<String> t = loop.createTask(() -> {
            LoopFuture<String> f = steps(upstream.start.apply(loop), before, stepsBeforeRan, "");
            return steps(hook.attach(f, hookRan, seen), after, stepsAfterRan, "'");
        });
        steps(3); // the body and what it started are running
        assertFalse(t.isDone());
        cancel(t, from);
        pump();
        assertEquals(1, hookRan.get(), "the hook's action ran " + hookRan.get() + " times; the task is " + t);
        assertInstanceOf(CancellationException.class, unwrap(seen.get(0)), "the hook saw " + seen.get(0));
        assertEquals(0, stepsBeforeRan.get(), "a step ahead of the hook ran on a cancelled upstream");
        if (hook.catches == null) {
            assertTrue(t.isCancelled(), "the task did not end cancelled: " + t);
            assertEquals(0, stepsAfterRan.get());
        } else {
            assertEquals(hook.catches + "'".repeat(after), t.join(), "the caught cancellation's result");
            assertEquals(after, stepsAfterRan.get());
        }
        assertTrue(t.isCancelRequested());
        assertEquals(0, loop.stats().pendingTimers(), "a timer of the cancelled task is left behind");
        assertEquals(List.of(), errors);
    }

    static Stream<Arguments> plainChains() {
        List<Arguments> out = new ArrayList<>();
        for (Upstream u : Upstream.values()) {
            for (int n : new int[] {1, 3}) {
                for (From from : From.values()) out.add(Arguments.of(u, n, from));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} -> {1} thenApply, cancelled from {2}")
    @MethodSource("plainChains")
    void aThenApplyChainOnWhatTheTaskOwnsEndsCancelledWithoutRunningAStep(Upstream upstream, int n, From from) throws Exception {
        requireJdkFor(upstream);
        AtomicInteger ran = new AtomicInteger();
        Task<String> t = loop.createTask(() -> steps(upstream.start.apply(loop), n, ran, "'"));
        steps(3);
        assertFalse(t.isDone());
        cancel(t, from);
        pump();
        assertTrue(t.isCancelled(), "the task did not end cancelled: " + t);
        assertEquals(0, ran.get());
        assertEquals(0, loop.stats().pendingTimers());
        assertEquals(List.of(), errors);
    }

    @Test
    // the report's example: the hook never ran
    void aWhenCompleteHookOnACancelledChildTaskRunsExactlyOnceAndTheTaskEndsCancelled() {
        AtomicInteger hookRan = new AtomicInteger();
        Task<String> t = loop.createTask(() -> {
            Task<String> child = loop.createTask(() -> loop.sleep(LONG).thenApply(v -> "x"));
            return child.whenComplete((v, e) -> hookRan.incrementAndGet());
        });
        steps(2);
        assertTrue(t.cancel(true));
        pump();
        assertEquals(1, hookRan.get());
        assertTrue(t.isCancelled(), "the task is " + t);
    }

    @Test
    void aHookOnAChildTaskThatCatchesAndCleansUpRunsAfterTheCleanup() {
        // the child takes a virtual second to end after its cancellation: the parent's hook waits for it
        List<String> log = new ArrayList<>();
        Task<String> t = loop.createTask(() -> loop.createTask(() -> loop.sleep(LONG).thenApply(v -> "x")
                        .exceptionallyCompose(e -> loop.sleep(Duration.ofSeconds(1)).thenApply(v -> {
                            log.add("child cleaned up");
                            throw new CancellationException("child done cleaning up");
                        })))
                .whenComplete((v, e) -> log.add("hook saw " + unwrap(e).getClass().getSimpleName())));
        steps(3);
        t.cancel(true);
        pump();
        assertEquals(List.of("child cleaned up", "hook saw CancellationException"), log);
        assertTrue(t.isCancelled());
    }

    @Test
    void aCoroutineParentsHookOnAChildTaskRunsOnce() {
        CoroutineJdk.requireCoroutines();
        AtomicInteger hookRan = new AtomicInteger();
        Task<String> t = loop.launch(() -> await(loop.createTask(() -> loop.sleep(LONG).thenApply(v -> "x"))
                .whenComplete((v, e) -> hookRan.incrementAndGet())));
        steps(3);
        assertTrue(t.cancel(true));
        pump();
        assertEquals(1, hookRan.get());
        assertTrue(t.isCancelled(), "the task is " + t);
    }

    // ---- real processes: the upstream is a process's exit (an eager child task) or a read of its pipe ----

    enum ProcessUpstream { EXIT, STDOUT_READ_LINE }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("processCases")
    void aHookOnAProcessExitOrReadRunsOnceWhenTheTaskIsCancelled(ProcessUpstream upstream, Hook hook) {
        AtomicInteger hookRan = new AtomicInteger();
        AtomicBoolean ready = new AtomicBoolean();
        List<Throwable> seen = new ArrayList<>();
        Task<String> t = loop.createTask(() -> loop.subprocess(io.loopbridge.core.testkit.StreamChild.builder("sleep"))
                .thenCompose(p -> p.stdout().readLine().thenCompose(line -> {
                    ready.set(true);
                    LoopFuture<String> f = upstream == ProcessUpstream.EXIT
                            ? p.exit().thenApply(String::valueOf)
                            : p.stdout().readLine();
                    return hook.attach(f, hookRan, seen);
                })));
        host.pumpUntil(() -> ready.get() || t.isDone());
        steps(3);
        assertFalse(t.isDone(), "the task is " + t);
        assertTrue(t.cancel(true));
        host.pumpUntil(t::isDone);
        assertEquals(1, hookRan.get(), "the hook's action ran " + hookRan.get() + " times; the task is " + t);
        assertInstanceOf(CancellationException.class, unwrap(seen.get(0)), "the hook saw " + seen.get(0));
        if (hook.catches == null) assertTrue(t.isCancelled(), "the task is " + t);
        else assertEquals(hook.catches, t.join());
        assertEquals(List.of(), errors);
    }

    static Stream<Arguments> processCases() {
        List<Arguments> out = new ArrayList<>();
        for (ProcessUpstream u : ProcessUpstream.values()) for (Hook h : Hook.values()) out.add(Arguments.of(u, h));
        return out.stream();
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }
}
