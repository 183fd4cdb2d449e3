package io.loopbridge.bench.ui;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One run of the end-to-end harness in this JVM: one toolkit, one implementation, one group of rows
 * (see {@link UiSuite}, which starts a fresh JVM for each and collects the figures). Rows, as in issue 6:
 * <ul>
 *   <li>{@code posts}: cross-thread post throughput with 1 and 4 producers (end to end: until the last
 *       callback ran on the UI thread), then post latency (one post at a time from another thread, the UI
 *       thread idle in between: p50 and p99);</li>
 *   <li>{@code timers}: one-shot timer lateness at 1, 5, 10 and 50 ms, each timer scheduled on the UI
 *       thread by the previous one's callback (p50, p99, and how many ran early);</li>
 *   <li>{@code scale}: 100,000 timers random within 1-1000 ms scheduled on the UI thread, then every other
 *       one cancelled: the time of the 50,000 cancels, the survivors' lateness (from their deadline, or from
 *       when the UI thread was free again if later) and how many never fired; and,
 *       separately, the heap retained per pending timer (100,000 timers a minute ahead, used heap after a
 *       full GC before and after);</li>
 *   <li>{@code flood}: the longest frame gap while 1,000,000 posts from one producer thread flood in
 *       (JavaFX: between pulses; Swing: between ticks of a 16 ms timer), and how long they took to run.</li>
 * </ul>
 * Each figure is printed as a line {@value #PREFIX}{@code benchmark<TAB>params<TAB>unit<TAB>values}, one
 * value per repetition in this run; no figure is asserted.
 *
 * <pre>
 * java [toolkit properties] -cp benchmarks.jar io.loopbridge.bench.ui.UiBench TOOLKIT IMPL GROUP [--quick]
 * </pre>
 *
 * <p><b>Threading.</b> The main thread drives; rows hand work to the UI thread and wait for it.
 */
public final class UiBench {
    static final String PREFIX = "ui-result\t";
    static final List<String> GROUPS = List.of("posts", "timers", "scale", "flood");
    private static final int[] TIMER_DELAYS_MS = {1, 5, 10, 50};

    private final Toolkit toolkit;
    private final Target target;
    private final String impl;
    private final boolean quick;
    private final PrintStream out;

    private UiBench(Toolkit toolkit, Target target, String impl, boolean quick, PrintStream out) {
        this.toolkit = toolkit;
        this.target = target;
        this.impl = impl;
        this.quick = quick;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: UiBench fx|swing IMPL " + String.join("|", GROUPS) + "[,GROUP] [--quick]");
            System.exit(2);
        }
        boolean quick = args.length > 3 && args[3].equals("--quick");
        int status = 1;
        try {
            run(args[0], args[1], List.of(args[2].split(",")), quick, System.out);
            status = 0;
        } catch (Throwable e) {
            e.printStackTrace();
        } finally {
            System.exit(status); // the toolkits keep non-daemon threads: without this a failed run never ends
        }
    }

    /** Starts the toolkit (once per JVM) and runs the groups for {@code impl}. */
    public static void run(String toolkitName, String impl, List<String> groups, boolean quick, PrintStream out) throws Exception {
        Toolkit tk = Toolkit.create(toolkitName);
        tk.start();
        Target target = tk.callOnUi(() -> Target.create(toolkitName, impl), 30);
        UiBench b = new UiBench(tk, target, impl, quick, out);
        try {
            for (String g : groups) {
                switch (g) {
                    case "posts": b.posts(); break;
                    case "timers": b.timers(); break;
                    case "scale": b.scale(); break;
                    case "flood": b.flood(); break;
                    default: throw new IllegalArgumentException("group: " + g + " (expected one of " + GROUPS + ")");
                }
            }
        } finally {
            target.close();
        }
    }

    private void emit(String benchmark, String unit, List<Double> values, String... params) {
        StringBuilder p = new StringBuilder();
        for (int i = 0; i < params.length; i += 2) p.append(params[i]).append('=').append(params[i + 1]).append(',');
        p.append("impl=").append(impl);
        StringBuilder v = new StringBuilder();
        for (double d : values) v.append(v.length() == 0 ? "" : ",").append(d);
        out.println(PREFIX + benchmark + "\t" + p + "\t" + unit + "\t" + v);
        out.flush();
    }

    // ---------------------------------------------------------------------------------------------
    // posts: throughput and latency
    // ---------------------------------------------------------------------------------------------

    private void posts() throws Exception {
        for (int producers : new int[] {1, 4}) {
            double rate = throughputRound(quick ? 2_000 : 20_000, producers); // sizes the rounds
            // rounds of ~0.3 s each, whatever the implementation's speed (GTK's runLater is ~100x slower than the fastest)
            int n = (int) Math.max(20_000, Math.min(2_000_000, rate * 0.3));
            if (quick) n = 2_000;
            n -= n % producers;
            // warm-up rounds of the same size: the JIT compiles each implementation's per-post and per-turn
            // paths (the first full round of the faster ones ran 2-4x slower than the third)
            for (int r = 0; r < (quick ? 0 : 2); r++) throughputRound(n, producers);
            List<Double> rates = new ArrayList<>();
            for (int r = 0; r < (quick ? 1 : 3); r++) rates.add(throughputRound(n, producers));
            emit("UiPosts.throughput", "ops/s", rates, "producers", String.valueOf(producers));
        }
        latency(quick ? 50 : 2_000);
    }

    /** {@code n} posts from {@code producers} threads; the rate from their release until the last one ran. */
    private double throughputRound(int n, int producers) throws Exception {
        int[] count = {0}; // UI thread only
        long[] end = {0};
        CountDownLatch done = new CountDownLatch(1);
        Runnable cb = () -> {
            if (++count[0] == n) {
                end[0] = System.nanoTime();
                done.countDown();
            }
        };
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            Thread t = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = n / producers; i > 0; i--) target.post(cb);
            }, "producer-" + p);
            t.start();
            threads.add(t);
        }
        Thread.sleep(20); // let the producers reach the gate
        long start = System.nanoTime();
        go.countDown();
        if (!done.await(120, TimeUnit.SECONDS)) throw new IllegalStateException(impl + ": " + n + " posts did not all run within 120 s");
        for (Thread t : threads) t.join();
        return n / ((end[0] - start) / 1e9);
    }

    private void latency(int samples) throws Exception {
        Thread me = Thread.currentThread();
        long[] lat = new long[samples];
        long[] t0 = new long[1];
        // warm-up: round trips back to back, enough for the JIT to compile the per-post path of every
        // implementation (a turn per post here, unlike the throughput rounds, where one turn runs thousands)
        int warm = quick ? 10 : 20_000;
        for (int i = -warm; i < samples; i++) {
            int k = i;
            boolean[] ran = new boolean[1];
            Runnable cb = () -> {
                long t = System.nanoTime() - t0[0];
                if (k >= 0) lat[k] = t;
                synchronized (ran) {
                    ran[0] = true;
                }
                LockSupport.unpark(me);
            };
            t0[0] = System.nanoTime();
            target.post(cb);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            for (;;) {
                synchronized (ran) {
                    if (ran[0]) break;
                }
                if (System.nanoTime() > deadline) throw new IllegalStateException(impl + ": a post did not run within 10 s");
                LockSupport.parkNanos(this, 1_000_000);
            }
            if (i >= 0) LockSupport.parkNanos(200_000); // the UI thread goes idle between samples
        }
        Arrays.sort(lat);
        emit("UiPosts.latency", "us", List.of(pct(lat, 50) / 1e3), "stat", "p50");
        emit("UiPosts.latency", "us", List.of(pct(lat, 99) / 1e3), "stat", "p99");
    }

    private static double pct(long[] sorted, int p) {
        if (sorted.length == 0) return Double.NaN;
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    // ---------------------------------------------------------------------------------------------
    // timers: one-shot lateness
    // ---------------------------------------------------------------------------------------------

    private void timers() throws Exception {
        chain(1, quick ? 3 : 20); // warm-up
        for (int d : TIMER_DELAYS_MS) {
            int n = quick ? 3 : d >= 50 ? 30 : d >= 10 ? 60 : 100;
            long[] late = chain(d, n);
            long early = Arrays.stream(late).filter(x -> x < 0).count();
            Arrays.sort(late);
            String delay = String.valueOf(d);
            emit("UiTimers.lateness", "ms", List.of(pct(late, 50) / 1e6), "delay", delay, "stat", "p50");
            emit("UiTimers.lateness", "ms", List.of(pct(late, 99) / 1e6), "delay", delay, "stat", "p99");
            emit("UiTimers.early", "timers", List.of((double) early), "delay", delay);
        }
    }

    /** {@code n} timers of {@code ms}, each scheduled on the UI thread by the previous one's callback. */
    private long[] chain(int ms, int n) throws Exception {
        long[] late = new long[n];
        CountDownLatch done = new CountDownLatch(1);
        Runnable[] step = new Runnable[1];
        int[] i = {0};
        step[0] = () -> {
            long t0 = System.nanoTime();
            target.timer(ms, () -> {
                late[i[0]] = System.nanoTime() - t0 - ms * 1_000_000L;
                if (++i[0] == n) done.countDown();
                else step[0].run();
            });
        };
        toolkit.onUi(step[0]);
        if (!done.await(60, TimeUnit.SECONDS)) throw new IllegalStateException(impl + ": timer chain stalled at " + i[0]);
        return late;
    }

    // ---------------------------------------------------------------------------------------------
    // scale: 100,000 timers, cancel half
    // ---------------------------------------------------------------------------------------------

    private void scale() throws Exception {
        int n = quick ? 2_000 : 100_000;
        SplittableRandom rnd = new SplittableRandom(42);
        long[] delays = new long[n];
        // 1..1000 ms, whole ms for every impl. Not 0: a Timeline whose only key frame is at 0 ms never fires
        // its handler (so neither do kotlinx's invokeOnTimeout(0) nor a raw Timeline): a finding, not a row
        for (int k = 0; k < n; k++) delays[k] = 1 + rnd.nextInt(1_000);
        // bytes per pending timer: a minute ahead, so none fires while measuring
        Runnable noop = () -> { };
        long before = usedAfterGc();
        Object[] far = toolkit.callOnUi(() -> {
            Object[] h = new Object[n];
            for (int k = 0; k < n; k++) h[k] = target.timer(60_000 + delays[k], noop);
            return h;
        }, 120);
        long after = usedAfterGc();
        toolkit.callOnUi(() -> {
            for (Object h : far) target.cancel(h);
            return null;
        }, 120);
        Arrays.fill(far, null);
        emit("UiTimerScale.bytesPerTimer", "B/timer", List.of((after - before) / (double) n), "timers", String.valueOf(n));

        // schedule, cancel every other one (timed), and watch the survivors fire
        long[] firedAt = new long[n];
        long[] scheduledAt = new long[n];
        int[] fired = {0};
        int[] wrong = {0};
        CountDownLatch allFired = new CountDownLatch(1);
        int survivors = n - (n + 1) / 2;
        long[] uiFree = new long[1]; // when the UI thread finished scheduling and cancelling
        long cancelNanos = toolkit.callOnUi(() -> {
            Object[] h = new Object[n];
            for (int k = 0; k < n; k++) {
                int id = k;
                scheduledAt[k] = System.nanoTime();
                h[k] = target.timer(delays[k], () -> {
                    firedAt[id] = System.nanoTime();
                    if (id % 2 == 0) wrong[0]++;
                    if (++fired[0] == survivors) allFired.countDown();
                });
            }
            long t0 = System.nanoTime();
            for (int k = 0; k < n; k += 2) target.cancel(h[k]);
            long t1 = System.nanoTime();
            uiFree[0] = t1;
            return t1 - t0;
        }, 300);
        boolean complete = allFired.await(30, TimeUnit.SECONDS);
        Thread.sleep(100); // a cancelled timer that fires anyway would show now
        int[] counts = toolkit.callOnUi(() -> new int[] {fired[0], wrong[0]}, 30);
        long[] late = new long[survivors];
        int m = 0;
        for (int k = 1; k < n; k += 2) {
            // late from its deadline, or from when the UI thread was free again if that was later (the
            // harness's own scheduling and cancelling, on the UI thread, outlasts the first deadlines)
            long due = Math.max(scheduledAt[k] + delays[k] * 1_000_000L, uiFree[0]);
            if (firedAt[k] != 0) late[m++] = firedAt[k] - due;
        }
        late = Arrays.copyOf(late, m);
        Arrays.sort(late);
        String timers = String.valueOf(n);
        emit("UiTimerScale.cancelHalf", "ms", List.of(cancelNanos / 1e6), "timers", timers);
        emit("UiTimerScale.survivorLateness", "ms", List.of(pct(late, 50) / 1e6), "timers", timers, "stat", "p50");
        emit("UiTimerScale.survivorLateness", "ms", List.of(pct(late, 99) / 1e6), "timers", timers, "stat", "p99");
        emit("UiTimerScale.survivorsMissed", "timers", List.of((double) (survivors - counts[0] + counts[1])), "timers", timers);
        if (counts[1] != 0) System.err.println("UiBench: " + impl + ": " + counts[1] + " cancelled timers fired");
        if (!complete) System.err.println("UiBench: " + impl + ": only " + counts[0] + " of " + survivors + " survivors fired within 30 s");
    }

    private static long usedAfterGc() {
        long used = Long.MAX_VALUE;
        for (int k = 0; k < 5; k++) {
            System.gc();
            long u = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            if (Math.abs(u - used) < 64 * 1024) break;
            used = u;
        }
        return used;
    }

    // ---------------------------------------------------------------------------------------------
    // flood: frame gaps while a million posts arrive
    // ---------------------------------------------------------------------------------------------

    private void flood() throws Exception {
        int n = quick ? 20_000 : 1_000_000;
        Toolkit.Frames frames = toolkit.callOnUi(toolkit::frames, 30);
        Thread.sleep(quick ? 50 : 500); // the frame clock settles
        toolkit.callOnUi(() -> {
            frames.reset();
            return null;
        }, 30);
        Thread.sleep(quick ? 50 : 300);
        double idleGap = toolkit.callOnUi(frames::maxGapNanos, 30) / 1e6;
        int[] count = {0};
        long[] end = {0};
        CountDownLatch done = new CountDownLatch(1);
        Runnable cb = () -> {
            if (++count[0] == n) {
                end[0] = System.nanoTime();
                done.countDown();
            }
        };
        toolkit.callOnUi(() -> {
            frames.reset();
            return null;
        }, 30);
        long start = System.nanoTime();
        Thread producer = new Thread(() -> {
            for (int i = 0; i < n; i++) target.post(cb);
        }, "producer");
        producer.start();
        boolean complete = done.await(60, TimeUnit.SECONDS);
        producer.join();
        Thread.sleep(50); // the frame after the flood
        long[] f = toolkit.callOnUi(() -> new long[] {frames.maxGapNanos(), frames.frames()}, 120);
        toolkit.callOnUi(() -> {
            frames.stop();
            return null;
        }, 30);
        emit("UiFlood.maxFrameGap", "ms", List.of(f[0] / 1e6), "posts", String.valueOf(n));
        emit("UiFlood.drainTime", "ms", List.of(complete ? (end[0] - start) / 1e6 : Double.NaN), "posts", String.valueOf(n));
        emit("UiFlood.idleFrameGap", "ms", List.of(idleGap));
        if (!complete) System.err.println("UiBench: " + impl + ": the flood did not drain within 60 s");
    }

    static String fmt(double d) {
        return String.format(Locale.ROOT, "%.3f", d);
    }

    /** Parses one result line: benchmark, params (in order), unit, values. For {@link UiSuite} and tests. */
    static Map<String, Object> parse(String line) {
        String[] f = line.substring(PREFIX.length()).split("\t");
        Map<String, String> params = new LinkedHashMap<>();
        for (String kv : f[1].split(",")) {
            int eq = kv.indexOf('=');
            params.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        List<Double> values = new ArrayList<>();
        for (String v : f[3].split(",")) values.add(Double.valueOf(v));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("benchmark", f[0]);
        m.put("params", params);
        m.put("unit", f[2]);
        m.put("values", values);
        return m;
    }
}
