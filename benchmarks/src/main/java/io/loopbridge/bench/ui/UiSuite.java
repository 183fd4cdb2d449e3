package io.loopbridge.bench.ui;

import io.loopbridge.bench.report.BenchResult;

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
import java.util.concurrent.TimeUnit;

/**
 * Runs the end-to-end harness ({@link UiBench}) in fresh JVMs and writes {@code ui-MODE.json} (JMH's JSON
 * shape, one "fork" per JVM, read by {@code MarkdownReport}). For each mode, each repetition and each
 * implementation it starts one JVM per row group: {@code posts+timers} (light), {@code scale} and
 * {@code flood} (each leaves a heap of garbage and a busy toolkit behind), so no row pays for another's
 * garbage or warm-up. The implementations take turns within each repetition, so drift on a shared
 * machine reaches them all alike.
 *
 * <p>Modes: {@code fx-monocle} (JavaFX on headless Monocle), {@code fx-gtk} (JavaFX on GTK glass: needs
 * a display, e.g. under {@code xvfb-run}), {@code swing-headless} ({@code java.awt.headless=true}) and
 * {@code swing-xvfb} (AWT's X11 toolkit: needs a display). Every JVM runs with {@value #HEAP}: a stated,
 * fixed heap whose young generation holds a million queued posts, so the flood rows measure the
 * libraries rather than the collector's sizing (with a default heap, young collections copying a
 * million live callbacks dominate the frame gaps).
 *
 * <pre>
 * java -cp benchmarks.jar io.loopbridge.bench.ui.UiSuite [--modes fx-monocle,fx-gtk,swing-headless,swing-xvfb]
 *      [--runs 3] [--impls loopbridge,...] [--groups posts+timers,scale,flood] [--out-dir DIR] [--quick]
 * </pre>
 *
 * <p><b>Threading.</b> Single-threaded: one child JVM at a time (the machine's CPUs are the measured
 * resource), each bounded by a timeout.
 */
public final class UiSuite {
    /** The heap of every child JVM (the stream benchmarks' too). */
    public static final String HEAP = "-Xms1g -Xmx1g -Xmn512m";
    static final String BENCHMARK_PACKAGE = "io.loopbridge.bench.ui.";

    private UiSuite() {}

    /** A mode: its toolkit, the JVM properties that select it, and whether it needs a display. */
    public record Mode(String name, String toolkit, List<String> props, boolean needsDisplay) {
        /** The mode {@code name}: fx-monocle, fx-gtk, swing-headless or swing-xvfb. */
        public static Mode of(String name) {
            switch (name) {
                case "fx-monocle": return new Mode(name, "fx", List.of("-Dglass.platform=Monocle", "-Dmonocle.platform=Headless",
                        "-Dprism.order=sw", "-Djava.awt.headless=true"), false);
                case "fx-gtk": return new Mode(name, "fx", List.of("-Dprism.order=sw", "-Djdk.gtk.version=3"), true);
                case "swing-headless": return new Mode(name, "swing", List.of("-Djava.awt.headless=true"), false);
                case "swing-xvfb": return new Mode(name, "swing", List.of("-Djava.awt.headless=false"), true);
                default: throw new IllegalArgumentException("mode: " + name + " (expected: fx-monocle, fx-gtk, swing-headless, swing-xvfb)");
            }
        }
    }

    public static void main(String[] args) throws Exception {
        List<String> modes = List.of("fx-monocle", "fx-gtk", "swing-headless", "swing-xvfb");
        List<String> impls = null;
        List<String> groups = List.of("posts,timers", "scale", "flood");
        int runs = 3;
        Path outDir = Path.of("benchmarks/results");
        boolean quick = false;
        for (int k = 0; k < args.length; k++) {
            switch (args[k]) {
                case "--modes": modes = List.of(args[++k].split(",")); break;
                case "--impls": impls = List.of(args[++k].split(",")); break;
                case "--groups": groups = List.of(args[++k].replace('+', ',').split(";")); break;
                case "--runs": runs = Integer.parseInt(args[++k]); break;
                case "--out-dir": outDir = Path.of(args[++k]); break;
                case "--quick": quick = true; break;
                default: throw new IllegalArgumentException("option: " + args[k]
                        + " (expected: --modes M,M, --impls I,I, --groups G+G;G, --runs N, --out-dir DIR, --quick)");
            }
        }
        Files.createDirectories(outDir);
        for (String m : modes) {
            Mode mode = Mode.of(m);
            if (mode.needsDisplay() && System.getenv("DISPLAY") == null) {
                System.out.println("UiSuite: " + m + " skipped: no DISPLAY (run under xvfb-run)");
                continue;
            }
            List<String> all = mode.toolkit().equals("fx") ? Target.FX : Target.SWING;
            List<String> modeImpls = impls == null ? all : impls.stream().filter(all::contains).toList();
            List<BenchResult> results = runMode(mode, modeImpls, groups, runs, quick);
            Path file = outDir.resolve("ui-" + m + ".json");
            Files.writeString(file, BenchResult.toJsonArray(results), StandardCharsets.UTF_8);
            System.out.println("UiSuite: wrote " + file);
        }
    }

    static List<BenchResult> runMode(Mode mode, List<String> impls, List<String> groups, int runs, boolean quick)
            throws IOException, InterruptedException {
        // (benchmark, params) -> one list of values per run
        Map<String, List<List<Double>>> values = new LinkedHashMap<>();
        Map<String, Object[]> cases = new LinkedHashMap<>();
        for (int r = 0; r < runs; r++) {
            for (String group : groups) {
                for (String impl : impls) {
                    long t0 = System.nanoTime();
                    List<String> lines = child(mode, impl, group, quick);
                    System.out.printf("UiSuite: %s %s %s run %d: %d figures, %.1f s%n", mode.name(), impl, group, r + 1,
                            lines.size(), (System.nanoTime() - t0) / 1e9);
                    for (String line : lines) {
                        Map<String, Object> m = UiBench.parse(line);
                        @SuppressWarnings("unchecked") Map<String, String> p = (Map<String, String>) m.get("params");
                        Map<String, String> params = new LinkedHashMap<>();
                        params.put("mode", mode.name());
                        params.putAll(p);
                        String key = m.get("benchmark") + " " + params;
                        cases.putIfAbsent(key, new Object[] {m.get("benchmark"), params, m.get("unit")});
                        @SuppressWarnings("unchecked") List<Double> v = (List<Double>) m.get("values");
                        values.computeIfAbsent(key, k -> new ArrayList<>()).add(v);
                    }
                }
            }
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("jdkVersion", System.getProperty("java.version"));
        meta.put("vmName", System.getProperty("java.vm.name"));
        meta.put("jvmArgs", HEAP + " " + String.join(" ", mode.props()));
        meta.put("forks", String.valueOf(runs));
        List<BenchResult> out = new ArrayList<>();
        for (Map.Entry<String, Object[]> e : cases.entrySet()) {
            Object[] c = e.getValue();
            @SuppressWarnings("unchecked") Map<String, String> params = (Map<String, String>) c[1];
            out.add(new BenchResult(BENCHMARK_PACKAGE + c[0], "ui", params, (String) c[2], values.get(e.getKey()),
                    Map.of(), Map.of(), meta));
        }
        return out;
    }

    /** Runs one child JVM; returns its result lines (none if it failed: the failure is printed). */
    private static List<String> child(Mode mode, String impl, String group, boolean quick) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(HEAP.split(" ")));
        cmd.addAll(mode.props());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), UiBench.class.getName(), mode.toolkit(), impl, group));
        if (quick) cmd.add("--quick");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<String> results = new ArrayList<>();
        StringBuilder rest = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith(UiBench.PREFIX)) {
                        synchronized (results) {
                            results.add(line);
                        }
                    } else {
                        synchronized (rest) {
                            rest.append(line).append('\n');
                        }
                    }
                }
            } catch (IOException ignored) {
                // the child died; reported below
            }
        });
        reader.start();
        boolean exited = p.waitFor(5, TimeUnit.MINUTES);
        if (!exited) p.destroyForcibly().waitFor();
        reader.join();
        String other = rest.toString().strip();
        if (!exited || p.exitValue() != 0) {
            System.out.println("UiSuite: " + mode.name() + " " + impl + " " + group + " FAILED ("
                    + (exited ? "exit " + p.exitValue() : "no exit within 5 minutes") + "):\n" + other);
            return List.of();
        }
        // warnings worth seeing (a cancelled timer that fired, a flood that did not drain); not JavaFX's chatter
        for (String line : other.split("\n")) if (line.startsWith("UiBench:")) System.out.println("  " + line);
        synchronized (results) {
            return new ArrayList<>(results);
        }
    }
}
