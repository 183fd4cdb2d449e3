package io.loopbridge.bench.core;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Cancel cost against the number of pending timers ({@code 10^3 .. 10^6}, deadlines random within one
 * second). Each operation cancels a pending timer picked at random (so anywhere in the heap) and
 * schedules a replacement with a random deadline: one {@code cancel} plus one {@code schedule}, the heap
 * staying at {@code pending} timers. Impls: see {@link TimerBed} ({@code priorityQueue}'s linear cancel
 * is the reason timer heaps are indexed).
 *
 * <p><b>Threading.</b> One JMH worker thread: the loop thread of the {@code loopbridge} bed (so its
 * cancels are loop-thread cancels); {@code stpe}'s own worker thread never runs a timer here (they are an
 * hour ahead).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 6, time = 250, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class TimerCancelBenchmark {

    @Param({"1000", "10000", "100000", "1000000"})
    int pending;

    @Param({Fixtures.LOOPBRIDGE, "stpe", "priorityQueue"})
    String impl;

    private final Fixtures.Delays delays = new Fixtures.Delays(42);
    private final SplittableRandom pick = new SplittableRandom(7);
    private TimerBed bed;

    // Trial level, so that neither the fill (10^6 timers: ~100 MB) nor its first garbage collections land in
    // a measured iteration (nor in -prof gc's B/op). The worker thread that fills the bed is the loop thread
    // of its GuestLoop: JMH's default executor (a fixed pool) runs a one-thread benchmark on the same worker
    // throughout, and if it did not,
    // the iteration tear-down check would fail loudly (a cancel from another thread is lazy).
    @Setup(Level.Trial)
    public void setUp() {
        bed = TimerBed.create(impl, pending, Fixtures.NOOP);
        for (int i = 0; i < pending; i++) bed.schedule(i, delays.next());
        System.gc(); // settle the fill into the old generation before the first iteration
    }

    /** Checks that the heap still holds exactly {@code pending} timers. */
    @TearDown(Level.Iteration)
    public void check() {
        int q = bed.queued();
        if (q != pending) throw new IllegalStateException(impl + ": " + q + " timers queued (expected: " + pending + ")");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        bed.close();
        bed = null;
    }

    @Benchmark
    public void cancelAndReschedule() {
        int i = pick.nextInt(pending);
        bed.cancel(i);
        bed.schedule(i, delays.next());
    }
}
