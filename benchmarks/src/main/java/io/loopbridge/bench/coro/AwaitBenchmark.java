package io.loopbridge.bench.coro;

import io.loopbridge.core.internal.Awaiting;
import io.loopbridge.core.internal.Coroutine;
import io.loopbridge.core.internal.CoroutineRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * One await of a pending future, per operation, resumed through a loop queue: the future is completed, the
 * resume it queued is run, and the coroutine goes round to its next await of a fresh future and suspends
 * ({@code loopbridge}: {@code Awaiting.await} with its completion slot). The baseline {@code futureStep} is
 * the same step without a coroutine: a fresh future, a dependent that queues the next step, completed and
 * drained through the same queue, i.e. one {@code thenCompose}-style chain step at this level (no loop
 * around it in either case; the loop's own cost is measured by {@code CallSoonBenchmark}). Run with
 * {@code -prof gc} for B/op.
 *
 * <p><b>Threading.</b> One JMH worker thread runs everything; it is the coroutine's and the queue's thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
// a longer warm-up than SuspendResumeBenchmark's: measured, the await path settles only after 2-3 s
@Warmup(iterations = 10, time = 300, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 300, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED"})
public class AwaitBenchmark {
    @Param({"loopbridge", "futureStep"})
    String impl;

    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    private final Executor queueExecutor = queue::add;
    private boolean stop;
    private long steps;
    private CompletableFuture<Integer> next;
    private Coroutine co;
    private final Runnable step = () -> steps++;
    private final BiConsumer<Integer, Throwable> queueStep = (v, ex) -> queue.add(step);

    @Setup
    public void setUp() {
        CoroutineBench.requireSupport();
        switch (impl) {
            case "loopbridge":
                co = new CoroutineRegistry(() -> 0).create(null, () -> {
                    Coroutine me = Coroutine.current();
                    while (!stop) {
                        CompletableFuture<Integer> f = new CompletableFuture<>();
                        next = f;
                        steps += Awaiting.await(me, f, queueExecutor);
                    }
                });
                co.resume();
                break;
            case "futureStep":
                break;
            default:
                throw new IllegalArgumentException("impl: " + impl + " (expected: loopbridge or futureStep)");
        }
    }

    @Benchmark
    public void awaitStep() {
        if (co != null) {
            next.complete(1);
            queue.poll().run();
        } else {
            CompletableFuture<Integer> f = new CompletableFuture<>();
            f.whenComplete(queueStep);
            f.complete(1);
            queue.poll().run();
        }
    }

    /** Ends the coroutine (nothing is left suspended) and checks that each operation did one step. */
    @TearDown
    public void tearDown() {
        stop = true;
        if (co != null) {
            awaitStep();
            if (co.state() != Coroutine.State.DONE) throw new IllegalStateException("coroutine did not end: " + co);
        }
        if (!queue.isEmpty()) throw new IllegalStateException(queue.size() + " resumes left queued");
        if (steps < 1) throw new IllegalStateException("no step ran");
    }
}
