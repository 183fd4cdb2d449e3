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
 * Issue 6's timer-scale row: {@value #TIMERS} timers due at random within one second, then half of them
 * (every other one in scheduling order, so random heap positions) cancelled; the score is the time to
 * cancel the {@value #CANCELLED}, in milliseconds (target: at most 20 ms). The bytes each pending timer
 * costs are measured by {@link TimerFootprint}, on a heap of its own.
 *
 * <p>For {@code loopbridge} the cancels run on the loop thread and each one removes its timer from the
 * heap; the tear-down then moves the clock past the last deadline and checks that exactly the
 * {@value #CANCELLED} survivors fire. {@code stpe} removes on cancel too; {@code stpeLazy} (the JDK
 * default) only marks the task, leaving it queued until its deadline, an hour ahead here.
 *
 * <p><b>Threading.</b> One JMH worker thread: it sets each invocation's bed up, so it is the loop thread
 * of the {@code loopbridge} bed.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 10)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class TimerCancelHalfBenchmark {
    static final int TIMERS = 100_000;
    static final int CANCELLED = TIMERS / 2;

    @Param({Fixtures.LOOPBRIDGE, "stpe", "stpeLazy"})
    String impl;

    /** Counts fired timers; loop thread only. */
    static final class Fired implements Runnable {
        int count;

        @Override
        public void run() {
            count++;
        }
    }

    private final Fixtures.Delays delays = new Fixtures.Delays(42);
    private final Fired fired = new Fired();
    private TimerBed bed;

    // Invocation level is right here: each invocation is one 50k-cancel batch, milliseconds long.
    @Setup(Level.Invocation)
    public void setUp() {
        fired.count = 0;
        bed = TimerBed.create(impl, TIMERS, fired);
        for (int i = 0; i < TIMERS; i++) bed.schedule(i, delays.next());
    }

    @TearDown(Level.Invocation)
    public void tearDown() {
        try {
            int q = bed.queued();
            int expected = "stpeLazy".equals(impl) ? TIMERS : TIMERS - CANCELLED;
            if (q != expected) throw new IllegalStateException(impl + ": " + q + " timers queued (expected: " + expected + ")");
            if (bed instanceof TimerBed.LoopBridge) {
                TimerBed.LoopBridge lb = (TimerBed.LoopBridge) bed;
                lb.clock.now += Fixtures.ONE_SECOND;
                lb.loop.runOnce();
                if (fired.count != TIMERS - CANCELLED) {
                    throw new IllegalStateException("loopbridge: " + fired.count + " survivors fired (expected: " + (TIMERS - CANCELLED) + ")");
                }
            }
        } finally {
            bed.close();
            bed = null;
        }
    }

    @Benchmark
    public void cancelHalf() {
        TimerBed b = bed;
        for (int i = 0; i < TIMERS; i += 2) b.cancel(i);
    }
}
