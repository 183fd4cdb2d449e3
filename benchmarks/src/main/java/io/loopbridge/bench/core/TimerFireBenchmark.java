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

import java.util.concurrent.TimeUnit;

/**
 * Fire cost against the number of pending timers ({@code 10^3 .. 10^6}, deadlines random within one
 * second ahead). Each operation moves the clock to the earliest deadline, fires what is due (one timer,
 * but for the rare equal deadline) and schedules as many replacements: a heap {@code poll}, the
 * O(log n) walk from root to leaf, plus a {@code schedule}. For {@code loopbridge} it is a whole
 * {@code nextTimeout()} + {@code runOnce()} pass. {@code ScheduledThreadPoolExecutor} is absent: it fires
 * on its own thread in real time, which leaves nothing comparable to time here.
 *
 * <p><b>Threading.</b> One JMH worker thread, the loop thread of the {@code loopbridge} bed.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 6, time = 250, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class TimerFireBenchmark {

    @Param({"1000", "10000", "100000", "1000000"})
    int pending;

    @Param({Fixtures.LOOPBRIDGE, "priorityQueue"})
    String impl;

    private final Fixtures.Delays delays = new Fixtures.Delays(42);
    private TimerBed bed;
    private int slot;

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
    public int fireAndReschedule() {
        TimerBed b = bed;
        int fired = b.fireNext();
        // slots are reused round-robin: a fired timer's slot holds a spent handle, which nothing cancels here
        for (int k = 0; k < fired; k++) {
            b.schedule(slot, delays.next());
            if (++slot == pending) slot = 0;
        }
        return fired;
    }
}
