package io.loopbridge.swing;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Measures how late {@code callLater} callbacks run on a {@link SwingLoop}, for each host timer
 * strategy: the lateness is {@code loop.time()} when the callback starts minus the timer's deadline
 * ({@link io.loopbridge.core.TimerHandle#when()}). Each timer is scheduled from the previous one's
 * callback, on the EDT, as an animation or a polling task would. Not a test (no assertion, and it
 * takes about a minute); "1-10 ms random" rows use deadlines that fall between whole milliseconds. Run it by hand, results go to {@code docs/swing-timers.md}:
 *
 * <pre>
 * mvn -q -o -pl bridge-swing -am test-compile
 * java -Djava.awt.headless=true -cp bridge-swing/target/classes:bridge-swing/target/test-classes:bridge-core/target/classes \
 *      io.loopbridge.swing.TimerLatenessMeasurement
 * </pre>
 * Under Xvfb: {@code xvfb-run -a java -Djava.awt.headless=false ...}. Argument: samples per delay
 * (default 200; 50 ms delays take a quarter of that). A second argument, a {@link SwingLoop.Timers} name,
 * measures that strategy only, idle only: one JVM per strategy, for rounds interleaved A/B/A/B in fresh
 * JVMs ({@code docs/hosting.md}).
 */
public final class TimerLatenessMeasurement {
    /** Delays in ms; 0 stands for random delays between 1 and 10 ms at nanosecond resolution. */
    private static final int[] DELAYS_MS = {1, 5, 10, 50, 0};

    private TimerLatenessMeasurement() {}

    public static void main(String[] args) throws Exception {
        int samples = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        System.out.printf("java %s, %s, headless=%s, %d cpus%n", System.getProperty("java.version"),
                System.getProperty("os.name"), java.awt.GraphicsEnvironment.isHeadless(), Runtime.getRuntime().availableProcessors());
        System.out.println("| load | strategy | delay | n | p50 ms | p90 ms | p99 ms | max ms | early |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        SwingLoop.Timers only = args.length > 1 ? SwingLoop.Timers.valueOf(args[1]) : null;
        for (String load : only != null ? new String[] {"idle"} : new String[] {"idle", "2 busy threads"}) {
            Thread[] hogs = load.equals("idle") ? new Thread[0] : startHogs(2);
            // A B B A: both strategies see the same drift of a shared machine
            SwingLoop.Timers[] order = only != null ? new SwingLoop.Timers[] {only, only}
                    : new SwingLoop.Timers[] {SwingLoop.Timers.SWING_TIMER, SwingLoop.Timers.PRECISE, SwingLoop.Timers.PRECISE, SwingLoop.Timers.SWING_TIMER};
            long[][][] all = new long[2][DELAYS_MS.length][0];
            for (SwingLoop.Timers kind : order) {
                SwingLoop loop = SwingLoop.create(kind);
                try {
                    for (int i = 0; i < DELAYS_MS.length; i++) {
                        int n = DELAYS_MS[i] >= 50 ? Math.max(10, samples / 4) : samples;
                        measure(loop, DELAYS_MS[i], 10); // warm-up
                        long[] got = measure(loop, DELAYS_MS[i], n / 2);
                        long[] prev = all[kind.ordinal()][i];
                        long[] merged = Arrays.copyOf(prev, prev.length + got.length);
                        System.arraycopy(got, 0, merged, prev.length, got.length);
                        all[kind.ordinal()][i] = merged;
                    }
                } finally {
                    loop.close();
                }
            }
            for (SwingLoop.Timers kind : SwingLoop.Timers.values()) {
                if (only != null && kind != only) continue;
                for (int i = 0; i < DELAYS_MS.length; i++) row(load, kind, DELAYS_MS[i], all[kind.ordinal()][i]);
            }
            for (Thread h : hogs) h.interrupt();
        }
    }

    /** Lateness in ns of {@code n} chained {@code callLater(delayMs)}. */
    static long[] measure(SwingLoop loop, int delayMs, int n) throws Exception {
        long[] lateness = new long[n];
        CompletableFuture<Void> done = new CompletableFuture<>();
        java.util.SplittableRandom random = new java.util.SplittableRandom(delayMs);
        loop.callSoon(new Runnable() {
            int i;
            long when;

            @Override
            public void run() {
                if (when != 0) {
                    lateness[i++] = loop.time() - when;
                    if (i == n) {
                        done.complete(null);
                        return;
                    }
                }
                Duration delay = delayMs > 0 ? Duration.ofMillis(delayMs) : Duration.ofNanos(random.nextLong(1_000_000L, 10_000_000L));
                when = loop.callLater(delay, this).when();
            }
        });
        done.get(5, TimeUnit.MINUTES);
        return lateness;
    }

    private static void row(String load, SwingLoop.Timers kind, int delayMs, long[] lateness) {
        long[] s = lateness.clone();
        Arrays.sort(s);
        long early = Arrays.stream(s).filter(x -> x < 0).count();
        System.out.printf("| %s | %s | %s | %d | %.3f | %.3f | %.3f | %.3f | %d |%n", load,
                kind == SwingLoop.Timers.PRECISE ? "thread" : "Swing Timer", delayMs > 0 ? delayMs + " ms" : "1-10 ms random", s.length,
                pct(s, 50), pct(s, 90), pct(s, 99), s[s.length - 1] / 1e6, early);
    }

    private static double pct(long[] sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }

    private static Thread[] startHogs(int n) {
        Thread[] t = new Thread[n];
        for (int i = 0; i < n; i++) {
            t[i] = new Thread(() -> {
                long x = 0;
                while (!Thread.currentThread().isInterrupted()) x += System.nanoTime() & 1;
                if (x == 42) System.out.print("");
            }, "hog-" + i);
            t[i].setDaemon(true);
            t[i].start();
        }
        return t;
    }
}
