package io.loopbridge.bench.core;

import io.loopbridge.core.GuestLoop;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * Loop-thread {@code callSoon} + {@code runOnce}, per callback, against a bare {@code ArrayDeque<Runnable>}
 * drain: the floor of what any single-threaded run queue can cost (issue 6 target: within 1.5x of it,
 * at most one allocation per callback; run with {@code -prof gc} for B/op).
 *
 * <p>Each invocation runs {@value #CALLBACKS} callbacks in rounds of {@code batch}: queue {@code batch}
 * callbacks, then drain them ({@code runOnce()} for the loop, a poll loop for the deque). So the score is
 * per callback for every batch size, and {@code batch = 1} shows the fixed cost of one loop iteration.
 *
 * <p>A second baseline, {@code handleDeque}, is the floor of the API rather than of a queue: the same deque
 * of freshly allocated minimal handles (a callback and a state word), each claimed with one CAS before it
 * runs. That is what any {@code callSoon} that returns a handle cancellable from any thread, with "runs
 * exactly once or is cancelled, never both", must pay at least: one allocation and one atomic
 * read-modify-write per callback. The gap between {@code handleDeque} and {@code arrayDeque} is the price
 * of that contract; the gap between {@code loopbridge} and {@code handleDeque} is the loop's own.
 *
 * <p>The loop is attached to the benchmark thread ({@code attachThread}), as the JavaFX, Swing and
 * standalone hosts do, on the system clock ({@code runOnce} reads it once per call, as in a real host).
 *
 * <p><b>Threading.</b> One JMH worker thread: it sets the loop up, so it is the loop thread, and it runs
 * every call.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 6, time = 250, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class CallSoonBenchmark {
    static final int CALLBACKS = 4096;

    @Param({"1", "64", "4096"})
    int batch;

    @Param({Fixtures.LOOPBRIDGE, "arrayDeque", "handleDeque"})
    String impl;

    /** Counts the callbacks run: a side effect the JIT cannot drop, and a check that all of them ran. */
    static final class Counter implements Runnable {
        long runs;

        @Override
        public void run() {
            runs++;
        }
    }

    /** The smallest handle that honours the {@code Handle} contract: see the class doc. */
    static final class MinimalHandle {
        private static final VarHandle STATE;
        static {
            try {
                STATE = MethodHandles.lookup().findVarHandle(MinimalHandle.class, "state", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final Runnable callback;
        /** 0 pending, 1 ran, 2 cancelled. */
        private volatile int state;

        MinimalHandle(Runnable callback) {
            this.callback = callback;
        }

        boolean claim() {
            return STATE.compareAndSet(this, 0, 1);
        }

        void cancel() {
            STATE.compareAndSet(this, 0, 2);
        }
    }

    private final Counter counter = new Counter();
    private final ArrayDeque<MinimalHandle> handles = new ArrayDeque<>(CALLBACKS);
    private GuestLoop loop;
    private final ArrayDeque<Runnable> deque = new ArrayDeque<>(CALLBACKS);
    private long expectedRuns;

    // A fresh loop per iteration (cheap). The setup thread becomes the loop thread; JMH's default executor
    // (a fixed pool) runs a one-thread benchmark on that same worker throughout.
    @Setup(Level.Iteration)
    public void setUp() {
        loop = new GuestLoop(Fixtures.NO_WAKE);
        loop.attachThread(loop);
    }

    @TearDown(Level.Iteration)
    public void tearDown() {
        loop.detachThread();
        loop.close();
        loop = null;
    }

    @TearDown(Level.Trial)
    public void check() {
        if (counter.runs != expectedRuns) {
            throw new IllegalStateException("ran " + counter.runs + " callbacks (expected: " + expectedRuns + ")");
        }
    }

    @Benchmark
    @OperationsPerInvocation(CALLBACKS)
    public long run() {
        expectedRuns += CALLBACKS;
        switch (impl) {
            case Fixtures.LOOPBRIDGE: return loopBridge();
            case "arrayDeque": return arrayDeque();
            default: return handleDeque();
        }
    }

    private long loopBridge() {
        GuestLoop l = loop;
        Counter c = counter;
        int b = batch;
        for (int done = 0; done < CALLBACKS; done += b) {
            for (int i = 0; i < b; i++) l.callSoon(c);
            l.runOnce();
        }
        return c.runs;
    }

    private long arrayDeque() {
        ArrayDeque<Runnable> q = deque;
        Counter c = counter;
        int b = batch;
        for (int done = 0; done < CALLBACKS; done += b) {
            for (int i = 0; i < b; i++) q.add(c);
            for (Runnable r; (r = q.poll()) != null; ) r.run();
        }
        return c.runs;
    }

    private long handleDeque() {
        ArrayDeque<MinimalHandle> q = handles;
        Counter c = counter;
        int b = batch;
        for (int done = 0; done < CALLBACKS; done += b) {
            for (int i = 0; i < b; i++) q.add(new MinimalHandle(c));
            for (MinimalHandle h; (h = q.poll()) != null; ) if (h.claim()) h.callback.run();
        }
        return c.runs;
    }
}
