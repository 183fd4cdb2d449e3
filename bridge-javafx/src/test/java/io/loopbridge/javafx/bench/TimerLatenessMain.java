package io.loopbridge.javafx.bench;

import io.loopbridge.core.TimerHandle;
import io.loopbridge.javafx.FxLoop;
import javafx.animation.Animation;
import javafx.animation.Interpolator;
import javafx.animation.RotateTransition;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.scene.shape.Rectangle;
import javafx.stage.Stage;
import javafx.util.Duration;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Measures how late {@link FxLoop} timers run under each {@link FxLoop.Timers} strategy: for delays of
 * 1, 5, 10 and 50 ms, a chain of {@code callLater}s (each scheduled from the previous one's callback)
 * records {@code loop.time() - handle.when()} when the callback runs. Prints a Markdown table of
 * p50/p99/max lateness (and the minimum: a negative one would mean a timer ran early).
 *
 * <p>Not a test (no assertions, timing belongs to measurements): run it by hand, headless or on a real
 * display; {@code docs/javafx-timers.md} shows how and records the results.
 *
 * <pre>
 * java -cp ... io.loopbridge.javafx.bench.TimerLatenessMain [--animate] [--busy] [PRECISE|FRAME_ALIGNED ...]
 * </pre>
 * {@code --animate} keeps an animation running (a busy UI: the pulse renders every frame); {@code --busy}
 * adds two spinning threads (CPU contention).
 */
final class TimerLatenessMain {
    private static final int[] DELAYS_MS = {1, 5, 10, 50};
    private static final int WARMUP = 20;

    public static void main(String[] args) throws Exception {
        boolean animate = Arrays.asList(args).contains("--animate");
        boolean busy = Arrays.asList(args).contains("--busy");
        if (busy) { // two spinning threads: the machine's other work competes for the CPUs
            for (int i = 0; i < 2; i++) {
                Thread spinner = new Thread(() -> {
                    long x = 0;
                    while (true) x += System.nanoTime() & 1;
                }, "busy-" + i);
                spinner.setDaemon(true);
                spinner.start();
            }
        }
        FxLoop.Timers[] strategies = Arrays.stream(args).filter(a -> !a.startsWith("--"))
                .map(FxLoop.Timers::valueOf).toArray(FxLoop.Timers[]::new);
        if (strategies.length == 0) strategies = FxLoop.Timers.values();

        CompletableFuture<Void> started = new CompletableFuture<>();
        Platform.startup(() -> started.complete(null));
        started.get(10, TimeUnit.SECONDS);
        Platform.setImplicitExit(false);
        CompletableFuture<Stage> shown = new CompletableFuture<>();
        Platform.runLater(() -> {
            Rectangle r = new Rectangle(40, 40);
            Stage s = new Stage();
            s.setScene(new Scene(new StackPane(r), 200, 200));
            s.show();
            if (animate) {
                RotateTransition spin = new RotateTransition(Duration.seconds(1), r);
                spin.setByAngle(360);
                spin.setInterpolator(Interpolator.LINEAR);
                spin.setCycleCount(Animation.INDEFINITE);
                spin.play();
            }
            shown.complete(s);
        });
        shown.get(10, TimeUnit.SECONDS);

        System.out.printf("platform=%s, java=%s, animation=%s, busy threads=%d%n",
                System.getProperty("glass.platform", "default (GTK on Linux)"), System.getProperty("java.version"),
                animate ? "running" : "none", busy ? 2 : 0);
        System.out.println("| strategy | delay | samples | min | p50 | p99 | max |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (FxLoop.Timers strategy : strategies) {
            try (FxLoop loop = FxLoop.create(strategy)) {
                for (int delay : DELAYS_MS) {
                    int samples = Math.max(40, Math.min(200, 2000 / delay));
                    long[] late = measure(loop, delay, samples);
                    Arrays.sort(late);
                    System.out.printf("| %s | %d ms | %d | %s | %s | %s | %s |%n", strategy, delay, samples,
                            ms(late[0]), ms(pct(late, 50)), ms(pct(late, 99)), ms(late[late.length - 1]));
                }
            }
        }
        Platform.exit();
    }

    /** Lateness in nanoseconds of {@code samples} chained timers of {@code delayMs}, after a warm-up. */
    private static long[] measure(FxLoop loop, int delayMs, int samples) throws Exception {
        long[] late = new long[samples];
        CompletableFuture<Void> done = new CompletableFuture<>();
        java.time.Duration delay = java.time.Duration.ofMillis(delayMs);
        int[] n = {-WARMUP};
        TimerHandle[] h = new TimerHandle[1];
        Runnable[] tick = new Runnable[1];
        tick[0] = () -> {
            long l = loop.time() - h[0].when();
            if (n[0] >= 0) late[n[0]] = l;
            if (++n[0] == samples) done.complete(null);
            else h[0] = loop.callLater(delay, tick[0]);
        };
        loop.execute(() -> h[0] = loop.callLater(delay, tick[0]));
        done.get(5, TimeUnit.MINUTES);
        return late;
    }

    private static long pct(long[] sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static String ms(long nanos) {
        return String.format("%.2f ms", nanos / 1e6);
    }
}
