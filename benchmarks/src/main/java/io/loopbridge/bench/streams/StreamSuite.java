package io.loopbridge.bench.streams;

import io.loopbridge.bench.report.BenchResult;
import io.loopbridge.bench.ui.UiSuite;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the stream benchmarks ({@link StreamBench}) in fresh JVMs and writes {@code streams.json} (JMH's JSON
 * shape, one "fork" per JVM, read by {@code MarkdownReport}) and {@code streams-summary.md} (every figure
 * with its ratio to the blocking-socket baseline, for {@code docs/streams.md}). For each repetition and
 * each row group it starts one JVM per implementation, the implementations taking turns (A/B interleaved),
 * so drift on a shared machine reaches them all alike. Every JVM has the UI harness's fixed heap
 * ({@value UiSuite#HEAP}); the FX and Swing implementations run in the UI harness's modes (Monocle, GTK
 * under a display, headless AWT, AWT on X11); an implementation that needs a display is skipped without one.
 *
 * <pre>
 * java -cp benchmarks.jar io.loopbridge.bench.streams.StreamSuite [--impls loopbridge,blocking,...]
 *      [--groups echo,conns,lines] [--runs 3] [--out-dir DIR] [--quick]
 * </pre>
 *
 * <p><b>Threading.</b> Single-threaded: one child JVM at a time, each bounded by a timeout.
 */
public final class StreamSuite {
    static final String BENCHMARK_PACKAGE = "io.loopbridge.bench.streams.";
    static final String BASELINE = "blocking";

    private StreamSuite() {}

    public static void main(String[] args) throws Exception {
        List<String> impls = StreamBench.IMPLS;
        List<String> groups = StreamBench.GROUPS;
        int runs = 3;
        Path outDir = Path.of("benchmarks/results");
        boolean quick = false;
        for (int k = 0; k < args.length; k++) {
            switch (args[k]) {
                case "--impls" -> impls = List.of(args[++k].split(","));
                case "--groups" -> groups = List.of(args[++k].split(","));
                case "--runs" -> runs = Integer.parseInt(args[++k]);
                case "--out-dir" -> outDir = Path.of(args[++k]);
                case "--quick" -> quick = true;
                default -> throw new IllegalArgumentException("option: " + args[k]
                        + " (expected: --impls I,I, --groups G,G, --runs N, --out-dir DIR, --quick)");
            }
        }
        List<String> runnable = new ArrayList<>();
        for (String impl : impls) {
            if (!StreamBench.IMPLS.contains(impl)) throw new IllegalArgumentException("impl: " + impl + " (expected one of " + StreamBench.IMPLS + ")");
            UiSuite.Mode m = mode(impl);
            if (m != null && m.needsDisplay() && System.getenv("DISPLAY") == null) {
                System.out.println("StreamSuite: " + impl + " skipped: no DISPLAY (run under xvfb-run)");
            } else {
                runnable.add(impl);
            }
        }
        Files.createDirectories(outDir);
        List<BenchResult> results = runAll(runnable, groups, runs, quick);
        Path json = outDir.resolve("streams.json");
        Files.writeString(json, BenchResult.toJsonArray(results), StandardCharsets.UTF_8);
        Path md = outDir.resolve("streams-summary.md");
        Files.writeString(md, summary(results), StandardCharsets.UTF_8);
        System.out.println("StreamSuite: wrote " + json + " and " + md);
        System.out.print(summary(results));
    }

    /** The UI harness's mode an implementation runs in, or null (no toolkit). */
    static UiSuite.Mode mode(String impl) {
        if (impl.startsWith("loopbridge-")) return UiSuite.Mode.of(impl.substring("loopbridge-".length()));
        if (impl.startsWith("hop-")) return UiSuite.Mode.of(impl.substring("hop-".length()));
        return null;
    }

    static List<BenchResult> runAll(List<String> impls, List<String> groups, int runs, boolean quick) throws IOException, InterruptedException {
        Map<String, List<List<Double>>> values = new LinkedHashMap<>();
        Map<String, Object[]> cases = new LinkedHashMap<>();
        for (int r = 0; r < runs; r++) {
            for (String group : groups) {
                for (String impl : impls) {
                    if (!StreamBench.applies(impl, group)) continue;
                    long t0 = System.nanoTime();
                    List<String> lines = child(impl, group, quick);
                    System.out.printf(Locale.ROOT, "StreamSuite: %s %s run %d: %d figures, %.1f s (load %s)%n", impl, group, r + 1,
                            lines.size(), (System.nanoTime() - t0) / 1e9, load());
                    for (String line : lines) {
                        Map<String, Object> m = StreamBench.parse(line);
                        @SuppressWarnings("unchecked") Map<String, String> params = (Map<String, String>) m.get("params");
                        String key = m.get("benchmark") + " " + params;
                        cases.putIfAbsent(key, new Object[] {m.get("benchmark"), params, m.get("unit")});
                        @SuppressWarnings("unchecked") List<Double> v = (List<Double>) m.get("values");
                        values.computeIfAbsent(key, k -> new ArrayList<>()).add(v);
                    }
                }
            }
        }
        List<BenchResult> out = new ArrayList<>();
        for (Map.Entry<String, Object[]> e : cases.entrySet()) {
            Object[] c = e.getValue();
            @SuppressWarnings("unchecked") Map<String, String> params = (Map<String, String>) c[1];
            UiSuite.Mode m = mode(params.get("impl"));
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("jdkVersion", System.getProperty("java.version"));
            meta.put("vmName", System.getProperty("java.vm.name"));
            meta.put("jvmArgs", UiSuite.HEAP + " " + String.join(" ", jvmProps(m)));
            meta.put("forks", String.valueOf(values.get(e.getKey()).size()));
            out.add(new BenchResult(BENCHMARK_PACKAGE + c[0], "streams", params, (String) c[2], values.get(e.getKey()), Map.of(), Map.of(), meta));
        }
        return out;
    }

    private static List<String> jvmProps(UiSuite.Mode m) {
        return m == null ? List.of("-Djava.awt.headless=true") : m.props();
    }

    static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    /** Runs one child JVM; returns its result lines (none if it failed: the failure is printed). */
    private static List<String> child(String impl, String group, boolean quick) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(UiSuite.HEAP.split(" ")));
        cmd.addAll(jvmProps(mode(impl)));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), StreamBench.class.getName(), impl, group));
        if (quick) cmd.add("--quick");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<String> results = new ArrayList<>();
        StringBuilder rest = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (results) {
                        if (line.startsWith(StreamBench.PREFIX)) results.add(line);
                        else rest.append(line).append('\n');
                    }
                }
            } catch (IOException ignored) {
                // the child died; reported below
            }
        });
        reader.start();
        boolean exited = p.waitFor(10, TimeUnit.MINUTES);
        if (!exited) p.destroyForcibly().waitFor();
        reader.join();
        synchronized (results) {
            if (!exited || p.exitValue() != 0) {
                System.out.println("StreamSuite: " + impl + " " + group + " FAILED (" + (exited ? "exit " + p.exitValue() : "no exit within 10 minutes")
                        + "):\n" + rest.toString().strip());
                return List.of();
            }
            return new ArrayList<>(results);
        }
    }

    /** One markdown table per benchmark: median of the per-JVM medians, min-max, and the ratio to the blocking baseline. */
    static String summary(List<BenchResult> results) {
        StringBuilder sb = new StringBuilder();
        Map<String, List<BenchResult>> byBenchmark = new LinkedHashMap<>();
        for (BenchResult r : results) byBenchmark.computeIfAbsent(r.shortName(), k -> new ArrayList<>()).add(r);
        for (Map.Entry<String, List<BenchResult>> e : byBenchmark.entrySet()) {
            List<BenchResult> rs = e.getValue();
            sb.append("\n#### ").append(e.getKey()).append(" (").append(rs.get(0).unit()).append(")\n\n");
            sb.append("| case | impl | median | min–max (JVMs) | ÷ blocking |\n| --- | --- | ---: | ---: | ---: |\n");
            for (BenchResult r : rs) {
                Map<String, String> other = new LinkedHashMap<>(r.params());
                other.remove("impl");
                BenchResult base = rs.stream().filter(b -> b.impl().equals(BASELINE)).filter(b -> {
                    Map<String, String> o = new LinkedHashMap<>(b.params());
                    o.remove("impl");
                    return o.equals(other);
                }).findFirst().orElse(null);
                double[] m = r.forkMedians();
                double med = BenchResult.median(m);
                double min = java.util.Arrays.stream(m).min().orElse(Double.NaN);
                double max = java.util.Arrays.stream(m).max().orElse(Double.NaN);
                String ratio = base == null || base == r ? "" : String.format(Locale.ROOT, "%.2f×", med / BenchResult.median(base.forkMedians()));
                sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s–%s (%d) | %s |%n", other, r.impl(), num(med), num(min), num(max), m.length, ratio));
            }
        }
        return sb.toString();
    }

    private static String num(double d) {
        if (Math.abs(d) >= 100) return String.format(Locale.ROOT, "%,.0f", d);
        if (Math.abs(d) >= 10) return String.format(Locale.ROOT, "%.1f", d);
        return String.format(Locale.ROOT, "%.2f", d);
    }
}
