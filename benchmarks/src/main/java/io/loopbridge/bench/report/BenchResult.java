package io.loopbridge.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One benchmark case (a benchmark method with one set of parameters) and its raw measurements, as JMH's
 * JSON result format holds it: {@code rawData[fork][iteration]}, plus the secondary metrics of profilers
 * (for {@code -prof gc}: {@code gc.alloc.rate.norm}, bytes allocated per operation).
 *
 * <p>The JSON shape, read by {@link #readAll} and written by {@link #toJson}, is JMH's own subset:
 * <pre>{@code
 * [{"benchmark": "pkg.Class.method", "mode": "avgt", "params": {"impl": "loopbridge", ...},
 *   "primaryMetric": {"score": 1.0, "scoreUnit": "ns/op", "rawData": [[...fork 1...], [...], [...]]},
 *   "secondaryMetrics": {"gc.alloc.rate.norm": {"scoreUnit": "B/op", "rawData": [[...]]}},
 *   "jdkVersion": "17.0.15", "vmName": "OpenJDK 64-Bit Server VM", "jvmArgs": ["-Xmx1g"]}]
 * }</pre>
 * A harness that is not JMH writes one "fork" per run (a fresh JVM, or a repeated run) and one
 * "iteration" per measurement in it.
 *
 * <p>The figures of a case: each fork is summed up by the median of its iterations (robust against the
 * odd GC or scheduling hiccup on a shared machine); the case by the median of those, with their min and
 * max, so the spread shown is the spread between independent JVMs.
 *
 * <p><b>Threading.</b> Immutable.
 *
 * @param benchmark the benchmark's full name, {@code package.Class.method}
 * @param mode      JMH's mode label ({@code avgt}, {@code thrpt}, {@code ss}, ...) or the harness's own
 * @param params    the parameters, in the order written; {@code impl} names the implementation
 * @param unit      the unit of the primary metric, e.g. {@code ns/op}, {@code ops/s}
 * @param raw       the primary metric's measurements, {@code raw.get(fork).get(iteration)}
 * @param secondary raw measurements of secondary metrics by name (units in {@link #secondaryUnits})
 * @param secondaryUnits the unit of each secondary metric
 * @param meta      run facts worth printing: {@code jdkVersion}, {@code vmName}, {@code jvmArgs}, ...
 */
public record BenchResult(String benchmark, String mode, Map<String, String> params, String unit,
                          List<List<Double>> raw, Map<String, List<List<Double>>> secondary,
                          Map<String, String> secondaryUnits, Map<String, String> meta) {

    /** The secondary metric of JMH's GC profiler: bytes allocated per operation. */
    public static final String ALLOC_NORM = "gc.alloc.rate.norm";

    private static final List<String> META_KEYS = List.of("jmhVersion", "jdkVersion", "vmName", "vmVersion", "jvmArgs",
            "forks", "threads", "warmupIterations", "warmupTime", "measurementIterations", "measurementTime");

    public BenchResult {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        raw = copy(raw);
        Map<String, List<List<Double>>> sec = new LinkedHashMap<>();
        secondary.forEach((k, v) -> sec.put(k, copy(v)));
        secondary = Collections.unmodifiableMap(sec);
        secondaryUnits = Collections.unmodifiableMap(new LinkedHashMap<>(secondaryUnits));
        meta = Collections.unmodifiableMap(new LinkedHashMap<>(meta));
    }

    private static List<List<Double>> copy(List<List<Double>> raw) {
        List<List<Double>> out = new ArrayList<>();
        for (List<Double> fork : raw) out.add(List.copyOf(fork));
        return Collections.unmodifiableList(out);
    }

    /** A result with one value per run ("fork"), no secondary metrics. For harnesses that are not JMH. */
    public static BenchResult ofRuns(String benchmark, String mode, Map<String, String> params, String unit,
                                     List<Double> runs, Map<String, String> meta) {
        List<List<Double>> raw = new ArrayList<>();
        for (double r : runs) raw.add(List.of(r));
        return new BenchResult(benchmark, mode, params, unit, raw, Map.of(), Map.of(), meta);
    }

    /** The {@code impl} parameter, or "" if there is none. */
    public String impl() {
        return params.getOrDefault("impl", "");
    }

    /** The class-and-method part of {@link #benchmark}: {@code CallSoonBenchmark.run}. */
    public String shortName() {
        String[] parts = benchmark.split("\\.");
        return parts.length < 2 ? benchmark : parts[parts.length - 2] + "." + parts[parts.length - 1];
    }

    /** Each fork's median iteration of the primary metric (NaN-free forks only). */
    public double[] forkMedians() {
        return forkMedians(raw);
    }

    /** Each fork's median iteration of a secondary metric, or an empty array if it was not measured. */
    public double[] forkMedians(String secondaryMetric) {
        List<List<Double>> r = secondary.get(secondaryMetric);
        return r == null ? new double[0] : forkMedians(r);
    }

    private static double[] forkMedians(List<List<Double>> raw) {
        double[] out = new double[raw.size()];
        int n = 0;
        for (List<Double> fork : raw) {
            double[] it = fork.stream().mapToDouble(Double::doubleValue).filter(d -> !Double.isNaN(d)).toArray();
            if (it.length > 0) out[n++] = median(it);
        }
        return Arrays.copyOf(out, n);
    }

    /** The median of {@code values} (the mean of the middle two for an even count); NaN if empty. */
    public static double median(double[] values) {
        if (values.length == 0) return Double.NaN;
        double[] v = values.clone();
        Arrays.sort(v);
        int m = v.length / 2;
        return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
    }

    /** Reads every result of every file, in order. */
    public static List<BenchResult> readAll(List<Path> files) throws IOException {
        List<BenchResult> out = new ArrayList<>();
        for (Path f : files) out.addAll(parse(Files.readString(f, StandardCharsets.UTF_8)));
        return out;
    }

    /** Parses a JSON array of results (JMH's {@code -rf json} file, or one written by {@link #toJson}). */
    @SuppressWarnings("unchecked")
    public static List<BenchResult> parse(String json) {
        Object root = Json.parse(json);
        if (!(root instanceof List)) throw new IllegalArgumentException("results: not a JSON array (expected: JMH's -rf json output)");
        List<BenchResult> out = new ArrayList<>();
        for (Object o : (List<Object>) root) {
            Map<String, Object> m = (Map<String, Object>) o;
            Map<String, String> params = new LinkedHashMap<>();
            Object p = m.get("params");
            if (p != null) ((Map<String, Object>) p).forEach((k, v) -> params.put(k, String.valueOf(v)));
            Map<String, Object> primary = (Map<String, Object>) m.get("primaryMetric");
            Map<String, List<List<Double>>> sec = new LinkedHashMap<>();
            Map<String, String> secUnits = new LinkedHashMap<>();
            Object s = m.get("secondaryMetrics");
            if (s != null) {
                ((Map<String, Object>) s).forEach((k, v) -> {
                    Map<String, Object> metric = (Map<String, Object>) v;
                    String name = k.startsWith("\u00b7") ? k.substring(1) : k; // older JMH prefixed "·"
                    sec.put(name, rawData(metric));
                    secUnits.put(name, String.valueOf(metric.get("scoreUnit")));
                });
            }
            Map<String, String> meta = new LinkedHashMap<>();
            for (String k : META_KEYS) {
                Object v = m.get(k);
                if (v instanceof List) meta.put(k, String.join(" ", ((List<Object>) v).stream().map(String::valueOf).toList()));
                else if (v instanceof Double && (Double) v == Math.rint((Double) v)) meta.put(k, String.valueOf(((Double) v).longValue()));
                else if (v != null) meta.put(k, String.valueOf(v));
            }
            out.add(new BenchResult((String) m.get("benchmark"), String.valueOf(m.get("mode")), params,
                    String.valueOf(primary.get("scoreUnit")), rawData(primary), sec, secUnits, meta));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<List<Double>> rawData(Map<String, Object> metric) {
        List<List<Double>> raw = new ArrayList<>();
        Object r = metric.get("rawData");
        if (r == null) return raw;
        for (Object fork : (List<Object>) r) {
            List<Double> it = new ArrayList<>();
            for (Object v : (List<Object>) fork) it.add(Json.number(v));
            raw.add(it);
        }
        return raw;
    }

    /** This result as one JSON object of the shape {@link #parse} reads. */
    public String toJson() {
        StringBuilder b = new StringBuilder("{");
        b.append("\"benchmark\": ").append(Json.quote(benchmark));
        b.append(", \"mode\": ").append(Json.quote(mode));
        b.append(", \"params\": {");
        String sep = "";
        for (Map.Entry<String, String> e : params.entrySet()) {
            b.append(sep).append(Json.quote(e.getKey())).append(": ").append(Json.quote(e.getValue()));
            sep = ", ";
        }
        b.append("}, \"primaryMetric\": ");
        metric(b, median(forkMedians()), unit, raw);
        if (!secondary.isEmpty()) {
            b.append(", \"secondaryMetrics\": {");
            sep = "";
            for (Map.Entry<String, List<List<Double>>> e : secondary.entrySet()) {
                b.append(sep).append(Json.quote(e.getKey())).append(": ");
                metric(b, median(forkMedians(e.getKey())), secondaryUnits.getOrDefault(e.getKey(), ""), e.getValue());
                sep = ", ";
            }
            b.append('}');
        }
        for (Map.Entry<String, String> e : meta.entrySet()) {
            b.append(", ").append(Json.quote(e.getKey())).append(": ").append(Json.quote(e.getValue()));
        }
        return b.append('}').toString();
    }

    private static void metric(StringBuilder b, double score, String unit, List<List<Double>> raw) {
        b.append("{\"score\": ").append(num(score)).append(", \"scoreUnit\": ").append(Json.quote(unit)).append(", \"rawData\": [");
        String sep = "";
        for (List<Double> fork : raw) {
            b.append(sep).append('[');
            String s2 = "";
            for (double v : fork) {
                b.append(s2).append(num(v));
                s2 = ", ";
            }
            b.append(']');
            sep = ", ";
        }
        b.append("]}");
    }

    private static String num(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? Json.quote(String.valueOf(v)) : String.valueOf(v);
    }

    /** A JSON array of {@code results}, one per line. */
    public static String toJsonArray(List<BenchResult> results) {
        StringBuilder b = new StringBuilder("[\n");
        for (int k = 0; k < results.size(); k++) {
            b.append("  ").append(results.get(k).toJson()).append(k + 1 < results.size() ? ",\n" : "\n");
        }
        return b.append("]\n").toString();
    }
}
