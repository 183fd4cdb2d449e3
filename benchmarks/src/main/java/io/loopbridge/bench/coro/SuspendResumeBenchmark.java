package io.loopbridge.bench.coro;

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

import java.util.concurrent.TimeUnit;

/**
 * One resume and the suspend that follows, per operation, on the benchmark thread: LoopBridge's
 * {@code Coroutine} ({@code loopbridge}: registry link/unlink, the current-coroutine thread local, the depth
 * check, the state machine) against the JDK's bare continuation ({@code rawContinuation}: issue 14 measured
 * run + yield at 110–130 ns). {@code frames} extra frames sit between the body's entry and its suspend
 * point, which the JDK copies out and back on every yield and resume.
 *
 * <p><b>Threading.</b> One JMH worker thread runs everything; it is the coroutine's thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 300, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 300, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED"})
public class SuspendResumeBenchmark {
    @Param({"loopbridge", "rawContinuation"})
    String impl;

    @Param({"0", "20"})
    int frames;

    private boolean stop;
    private long steps;
    private Coroutine co;
    private Object raw;

    @Setup
    public void setUp() {
        CoroutineBench.requireSupport();
        switch (impl) {
            case "loopbridge":
                co = new CoroutineRegistry(() -> 0).create(null, () -> Frames.descend(frames, () -> {
                    while (!stop) {
                        steps++;
                        Coroutine.suspend();
                    }
                }));
                co.resume();
                break;
            case "rawContinuation":
                raw = RawContinuation.create(() -> Frames.descend(frames, () -> {
                    while (!stop) {
                        steps++;
                        RawContinuation.yieldNow();
                    }
                }));
                RawContinuation.run(raw);
                break;
            default:
                throw new IllegalArgumentException("impl: " + impl + " (expected: loopbridge or rawContinuation)");
        }
    }

    @Benchmark
    public void suspendResume() {
        if (co != null) co.resume();
        else RawContinuation.run(raw);
    }

    /** Ends the body (nothing is left suspended) and checks every operation reached the suspend point. */
    @TearDown
    public void tearDown() {
        stop = true;
        long before = steps;
        suspendResume();
        if (co != null && co.state() != Coroutine.State.DONE) throw new IllegalStateException("coroutine did not end: " + co);
        if (steps != before) throw new IllegalStateException("the body ran a step after stop");
        if (steps < 1) throw new IllegalStateException("the body never reached its suspend point");
    }
}
