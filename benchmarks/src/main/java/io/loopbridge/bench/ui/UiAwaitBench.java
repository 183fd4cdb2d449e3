package io.loopbridge.bench.ui;

import io.loopbridge.bench.report.BenchResult;
import io.loopbridge.core.Await;
import io.loopbridge.core.EventLoop;
import io.loopbridge.core.LoopFuture;
import io.loopbridge.javafx.FxLoop;
import io.loopbridge.swing.SwingLoop;
import kotlinx.coroutines.Dispatchers;
import kotlinx.coroutines.javafx.JavaFxDispatcherKt;
import kotlinx.coroutines.swing.SwingDispatcherKt;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.loopbridge.core.Await.await;

/**
 * Await and resume on the UI thread (issue 14, item 9): the time of one step of straight-line code that
 * suspends and resumes on the FX Application Thread or the EDT, side by side in one JVM per mode:
 * <ul>
 *   <li>{@code loopbridge}: a coroutine ({@code loop.launch}) whose every step awaits a pending
 *       {@code LoopFuture} that a loop callback ({@code callSoon}) completes: a suspend, the callback, and
 *       the resume queued on the loop's own queue;</li>
 *   <li>{@code chain}: the same step as one {@code thenCompose} on the same loop, no coroutine: the future,
 *       the same callback completing it, and the dependent (which runs on the loop in a later iteration); in
 *       a task ({@code createEagerTask}, as {@code FxActions.handler} runs a chain), so that, as in the
 *       coroutine, the futures it creates belong to a task;</li>
 *   <li>{@code kotlinx}: the same step in kotlinx-coroutines on {@code Dispatchers.JavaFx}/{@code Swing}
 *       ({@link KotlinxYield}): {@code f.await()} of a {@code CompletableFuture} that a runnable dispatched on
 *       the same dispatcher completes; its callback and its resume are each one {@code runLater}/{@code invokeLater};</li>
 *   <li>{@code kotlinx-yield}: kotlinx's {@code yield()} there: a suspend and one dispatched resume, with no
 *       future and no callback: less work per step than any of the above, the floor of a kotlinx
 *       suspend/resume on that dispatcher.</li>
 * </ul>
 * Each round runs one implementation's steps on the UI thread and times them there (first step to last);
 * the implementations take turns, round after round, so drift on a shared machine reaches them alike. The
 * figure is nanoseconds per step; nothing is asserted.
 *
 * <pre>
 * java -cp benchmarks.jar io.loopbridge.bench.ui.UiAwaitBench [--modes fx-monocle,fx-gtk,swing-headless]
 *      [--runs 3] [--rounds 10] [--out FILE] [--quick]
 * </pre>
 * Each mode runs in a child JVM ({@link UiSuite#HEAP}, the mode's toolkit properties, the coroutine export);
 * {@code fx-gtk} and {@code swing-xvfb} need a display ({@code xvfb-run}). On a JVM without coroutines it
 * measures nothing and says why.
 *
 * <p><b>Threading.</b> The main thread drives; the steps run on the UI thread.
 */
public final class UiAwaitBench {
    static final String PREFIX = "ui-await\t";
    static final List<String> IMPLS = List.of("loopbridge", "chain", "kotlinx", "kotlinx-yield");
    static final String EXPORT = "--add-exports java.base/jdk.internal.vm=ALL-UNNAMED";

    private UiAwaitBench() {}

    public static void main(String[] args) throws Exception {
        if (args.length >= 1 && args[0].equals("--child")) {
            int status = 1;
            try {
                child(args[1], Integer.parseInt(args[2]), args.length > 3 && args[3].equals("--quick"));
                status = 0;
            } catch (Throwable e) {
                e.printStackTrace();
            } finally {
                System.exit(status); // the toolkits keep non-daemon threads
            }
        }
        List<String> modes = List.of("fx-monocle", "fx-gtk", "swing-headless");
        int runs = 3;
        int rounds = 10;
        Path out = null;
        boolean quick = false;
        for (int k = 0; k < args.length; k++) {
            switch (args[k]) {
                case "--modes": modes = List.of(args[++k].split(",")); break;
                case "--runs": runs = Integer.parseInt(args[++k]); break;
                case "--rounds": rounds = Integer.parseInt(args[++k]); break;
                case "--out": out = Path.of(args[++k]); break;
                case "--quick": quick = true; break;
                default: throw new IllegalArgumentException("option: " + args[k]
                        + " (expected: --modes M,M, --runs N, --rounds N, --out FILE, --quick)");
            }
        }
        if (!Await.isSupported()) {
            System.out.println("UiAwaitBench: skipped: " + Await.unsupportedReason());
            return;
        }
        List<BenchResult> results = new ArrayList<>();
        for (String m : modes) {
            UiSuite.Mode mode = UiSuite.Mode.of(m);
            if (mode.needsDisplay() && System.getenv("DISPLAY") == null) {
                System.out.println("UiAwaitBench: " + m + " skipped: no DISPLAY (run under xvfb-run)");
                continue;
            }
            Map<String, List<Double>> perImpl = new LinkedHashMap<>();
            for (int r = 0; r < runs; r++) {
                for (Map.Entry<String, Double> e : runChild(mode, rounds, quick).entrySet()) {
                    perImpl.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
                }
            }
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("jdkVersion", System.getProperty("java.version"));
            meta.put("vmName", System.getProperty("java.vm.name"));
            meta.put("jvmArgs", UiSuite.HEAP + " " + String.join(" ", mode.props()) + " " + EXPORT);
            meta.put("forks", String.valueOf(runs));
            for (Map.Entry<String, List<Double>> e : perImpl.entrySet()) {
                Map<String, String> params = new LinkedHashMap<>();
                params.put("mode", m);
                params.put("impl", e.getKey());
                results.add(BenchResult.ofRuns(UiSuite.BENCHMARK_PACKAGE + "UiAwait.step", "ui", params, "ns/step", e.getValue(), meta));
                System.out.printf("UiAwaitBench: %s %s: %s ns/step (median of each run's rounds)%n", m, e.getKey(), e.getValue());
            }
        }
        String json = BenchResult.toJsonArray(results);
        if (out == null) {
            System.out.print(json);
        } else {
            if (out.getParent() != null) Files.createDirectories(out.getParent());
            Files.writeString(out, json, StandardCharsets.UTF_8);
            System.out.println("UiAwaitBench: wrote " + out);
        }
    }

    /** One child JVM for {@code mode}: the median ns/step of each implementation over its rounds. */
    private static Map<String, Double> runChild(UiSuite.Mode mode, int rounds, boolean quick) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(UiSuite.HEAP.split(" ")));
        cmd.addAll(mode.props());
        cmd.addAll(List.of(EXPORT.split(" ")));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), UiAwaitBench.class.getName(),
                "--child", mode.toolkit(), String.valueOf(rounds)));
        if (quick) cmd.add("--quick");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        Map<String, Double> out = new LinkedHashMap<>();
        StringBuilder all = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                all.append(line).append('\n');
                if (line.startsWith(PREFIX)) {
                    String[] f = line.substring(PREFIX.length()).split("\t");
                    out.put(f[0], Double.parseDouble(f[1]));
                }
            }
        }
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("UiAwaitBench child " + mode.name() + ": no exit within 5 minutes");
        }
        if (p.exitValue() != 0 || out.size() != IMPLS.size()) {
            throw new IllegalStateException("UiAwaitBench child " + mode.name() + " failed (exit " + p.exitValue() + "):\n" + all);
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------
    // The child: one toolkit, every implementation, in turns
    // ---------------------------------------------------------------------------------------------

    private static void child(String toolkitName, int rounds, boolean quick) throws Exception {
        for (Map.Entry<String, Double> e : measure(toolkitName, rounds, quick).entrySet()) {
            System.out.println(PREFIX + e.getKey() + "\t" + e.getValue());
        }
    }

    /**
     * Every implementation on {@code toolkitName}'s UI thread ("fx" or "swing"), in turns, in this JVM (whose
     * toolkit properties select Monocle, GTK, headless AWT...): the median ns/step of each over its rounds.
     */
    static Map<String, Double> measure(String toolkitName, int rounds, boolean quick) throws Exception {
        Toolkit tk = Toolkit.create(toolkitName);
        tk.start();
        EventLoop loop = tk.callOnUi(() -> toolkitName.equals("fx") ? FxLoop.create() : SwingLoop.create(), 30);
        kotlinx.coroutines.CoroutineDispatcher kotlinx = toolkitName.equals("fx")
                ? JavaFxDispatcherKt.getJavaFx(Dispatchers.INSTANCE) : SwingDispatcherKt.getSwing(Dispatchers.INSTANCE);
        // steps per round: ~0.1-0.5 s each on this machine; kotlinx's resume is a toolkit post (GTK's is slow)
        int fast = quick ? 2_000 : 200_000;
        int slow = quick ? 500 : 20_000;
        Map<String, List<Double>> perStep = new LinkedHashMap<>();
        int warmUp = quick ? 1 : 3;
        try {
            for (int round = -warmUp; round < (quick ? 2 : rounds); round++) {
                for (String impl : IMPLS) {
                    int steps = impl.startsWith("kotlinx") ? slow : fast;
                    double ns = round(impl, loop, kotlinx, steps);
                    if (round >= 0) perStep.computeIfAbsent(impl, k -> new ArrayList<>()).add(ns);
                }
            }
        } finally {
            loop.close();
        }
        Map<String, Double> medians = new LinkedHashMap<>();
        for (Map.Entry<String, List<Double>> e : perStep.entrySet()) {
            List<Double> v = new ArrayList<>(e.getValue());
            v.sort(null);
            medians.put(e.getKey(), v.get(v.size() / 2));
        }
        return medians;
    }

    /** One round: {@code steps} steps of {@code impl} on the UI thread; returns ns per step, timed there. */
    private static double round(String impl, EventLoop loop, kotlinx.coroutines.CoroutineDispatcher kotlinx, int steps) throws Exception {
        CompletableFuture<Double> result = new CompletableFuture<>();
        long[] t0 = new long[1];
        Runnable finish = () -> result.complete((System.nanoTime() - t0[0]) / (double) steps);
        loop.execute(() -> {
            t0[0] = System.nanoTime();
            switch (impl) {
                case "loopbridge":
                    loop.launchEager(() -> {
                        for (int i = 0; i < steps; i++) {
                            LoopFuture<Integer> f = loop.createFuture();
                            loop.callSoon(() -> f.complete(1));
                            await(f);
                        }
                        finish.run();
                        return null;
                    });
                    break;
                case "chain":
                    loop.createEagerTask(() -> {
                        LoopFuture<Void> end = loop.createFuture();
                        chainStep(loop, steps, () -> {
                            finish.run();
                            end.complete(null);
                        });
                        return end;
                    });
                    break;
                case "kotlinx":
                    KotlinxYield.launch(kotlinx, true, steps, finish);
                    break;
                case "kotlinx-yield":
                    KotlinxYield.launch(kotlinx, false, steps, finish);
                    break;
                default:
                    throw new IllegalArgumentException("impl: " + impl + " (expected one of " + IMPLS + ")");
            }
        });
        return result.get(2, TimeUnit.MINUTES);
    }

    /** The chain: one {@code thenCompose} per step, each on a future the same kind of callback completes. */
    private static void chainStep(EventLoop loop, int remaining, Runnable finish) {
        LoopFuture<Integer> f = loop.createFuture();
        loop.callSoon(() -> f.complete(1));
        f.thenCompose(v -> {
            if (remaining == 1) finish.run();
            else chainStep(loop, remaining - 1, finish);
            return DONE;
        });
    }

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);
}
