package io.loopbridge.demo.model;

import io.loopbridge.core.EventLoop;
import io.loopbridge.core.LoopFuture;
import io.loopbridge.core.LoopStats;
import io.loopbridge.core.TimerHandle;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;

/**
 * Loop: the loop's own figures, live. {@link EventLoop#stats()} gives the ready callbacks, pending timers
 * and callbacks run; a lag probe (a timer re-armed every probe period) measures how late timers run:
 * the loop's clock when the callback starts, minus the deadline it was scheduled for. The worst lag of
 * the last second is what a person feels as stutter. {@link #flood} submits callbacks from background
 * threads to show that time-sliced turns keep it low.
 *
 * <p><b>Threading.</b> Loop thread only, as every {@link Model}; the flood threads only call
 * {@code loop.execute}.
 */
public final class LoopMonitor extends Model {
    private static final long WINDOW_NANOS = Duration.ofSeconds(1).toNanos();

    private final Duration probePeriod;
    private final Duration refreshPeriod;
    /** Lag samples of the last second: pairs (when, lag) in nanoseconds, oldest first. Loop thread. */
    private final ArrayDeque<long[]> lags = new ArrayDeque<>();
    /** Callbacks-run samples of the last second: pairs (when, callbacksRun), oldest first. Loop thread. */
    private final ArrayDeque<long[]> runs = new ArrayDeque<>();
    /** The two repeating timers while started, else null. Loop thread. */
    private TimerHandle probe;
    private TimerHandle refresh;

    // the figures, as last refreshed (loop thread)
    private LoopStats stats = new LoopStats(0, 0, 0, 0);
    private double callbacksPerSecond;
    private long worstLagNanos;

    // the flood in progress or the last one (loop thread)
    private int floodTotal;
    private int floodDone;
    private long floodStart;
    private long floodEnd;
    /** Completed by the first probe that runs after the flood's last callback (its lag covers the flood). */
    private LoopFuture<Void> floodMeasured;
    private long floodWorstLagNanos;
    private boolean flooding;
    private String floodStatus = "Press Flood and watch the clock and the lag.";

    public LoopMonitor(EventLoop loop, Duration probePeriod, Duration refreshPeriod) {
        super(loop);
        this.probePeriod = Objects.requireNonNull(probePeriod, "probePeriod: null (expected: non-null)");
        this.refreshPeriod = Objects.requireNonNull(refreshPeriod, "refreshPeriod: null (expected: non-null)");
    }

    /** Starts the lag probe and the refresh timer (idempotent). Loop thread only. */
    public void start() {
        if (probe != null) return;
        long first = loop.time() + probePeriod.toNanos();
        probe = loop.callAt(first, () -> probe(first));
        refresh = loop.callLater(refreshPeriod, this::refresh);
    }

    /** Stops both timers (idempotent). Loop thread only. */
    public void stop() {
        if (probe != null) probe.cancel();
        if (refresh != null) refresh.cancel();
        probe = null;
        refresh = null;
    }

    /** The probe: how late did this timer run? Then re-arm for one period from now. */
    private void probe(long deadline) {
        long now = loop.time();
        long lag = Math.max(0, now - deadline);
        lags.addLast(new long[] {now, lag});
        if (flooding && deadline >= floodStart) floodWorstLagNanos = Math.max(floodWorstLagNanos, lag); // probes armed during the flood
        if (flooding && floodDone == floodTotal) floodMeasured.complete(null); // the first probe after the last callback
        long next = now + probePeriod.toNanos();
        probe = loop.callAt(next, () -> probe(next));
    }

    private void refresh() {
        refresh = loop.callLater(refreshPeriod, this::refresh);
        long now = loop.time();
        stats = loop.stats();
        runs.addLast(new long[] {now, stats.callbacksRun()});
        while (runs.size() > 2 && now - runs.peekFirst()[0] > WINDOW_NANOS) runs.removeFirst();
        while (!lags.isEmpty() && now - lags.peekFirst()[0] > WINDOW_NANOS) lags.removeFirst();
        long[] oldest = runs.peekFirst();
        long span = now - oldest[0];
        callbacksPerSecond = span > 0 ? (stats.callbacksRun() - oldest[1]) * 1e9 / span : 0;
        long worst = 0;
        for (long[] s : lags) worst = Math.max(worst, s[1]);
        worstLagNanos = worst;
        changed();
    }

    /**
     * Submits {@code total} callbacks from {@code threads} background threads with {@code loop.execute};
     * completes once all have run on the loop thread and the lag probe has run once more (so that the
     * worst lag reported covers the whole flood). Loop thread only.
     *
     * @throws IllegalArgumentException if {@code total} or {@code threads} is not positive
     */
    public LoopFuture<Void> flood(int total, int threads) {
        if (total < 1) throw new IllegalArgumentException("total: " + total + " (expected: >= 1)");
        if (threads < 1) throw new IllegalArgumentException("threads: " + threads + " (expected: >= 1)");
        Outcomes.nameCurrentTask("Flood");
        LoopFuture<Void> measured = loop.createFuture();
        floodMeasured = measured;
        floodTotal = total;
        floodDone = 0;
        floodStart = loop.time();
        floodWorstLagNanos = 0;
        flooding = true;
        floodStatus = String.format(Locale.ROOT, "Flooding: %,d callbacks from %d threads\u2026", total, threads);
        changed();
        Runnable callback = () -> {
            if (++floodDone == total) {
                floodEnd = loop.time();
                if (probe == null) measured.complete(null); // no probe to wait for
            } else if (floodDone % 2_000 == 0) {
                changed();
            }
        };
        for (int k = 0; k < threads; k++) {
            int share = total / threads + (k < total % threads ? 1 : 0);
            Thread t = new Thread(() -> {
                try {
                    for (int i = 0; i < share; i++) loop.execute(callback);
                } catch (RejectedExecutionException closed) {
                    // the loop closed during the flood: stop submitting
                }
            }, "demo-flood-" + (k + 1));
            t.setDaemon(true);
            t.start();
        }
        return measured.whenComplete((v, e) -> {
            flooding = false;
            floodStatus = e != null ? "Flood stopped after " + String.format(Locale.ROOT, "%,d", floodDone) + " callbacks."
                    : String.format(Locale.ROOT, "%,d callbacks from %d threads ran in %s; meanwhile timers ran at most %s late.",
                    total, threads, Outcomes.seconds(floodEnd - floodStart), millis(floodWorstLagNanos));
            changed();
        });
    }

    /** Schedules a callback that throws, to show that the loop reports it and keeps running. Loop thread only. */
    public void throwFromCallback() {
        loop.callSoon(() -> {
            throw new IllegalStateException("a callback threw on purpose; the loop reported it and kept running");
        });
    }

    /**
     * Blocks the loop thread for {@code d} on purpose (what never to do in a UI): the lag figure shows it.
     * Loop thread only.
     */
    public void blockLoopThread(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** "12.3 ms", or "0.04 ms" below a millisecond. */
    public static String millis(long nanos) {
        return String.format(Locale.ROOT, nanos < 1_000_000 ? "%.2f ms" : "%.1f ms", nanos / 1e6);
    }

    /** The loop's figures at the last refresh. */
    public LoopStats stats() {
        return stats;
    }

    /** Callbacks run per second, over the last second. */
    public double callbacksPerSecond() {
        return callbacksPerSecond;
    }

    /** The worst lag of a probe timer over the last second, in nanoseconds. */
    public long worstLagNanos() {
        return worstLagNanos;
    }

    /** Whether a flood is running. */
    public boolean flooding() {
        return flooding;
    }

    /** Callbacks of the current (or last) flood that have run. */
    public int floodDone() {
        return floodDone;
    }

    /** Callbacks of the current (or last) flood. */
    public int floodTotal() {
        return floodTotal;
    }

    /** The flood's status line. */
    public String floodStatus() {
        return floodStatus;
    }
}
