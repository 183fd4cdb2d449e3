package io.loopbridge.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Benchmark results (JMH's {@code -rf json} files, and files of the same shape) to one markdown page:
 * a section per benchmark, a row per case, and on each LoopBridge row its ratio against every baseline
 * of the same case.
 *
 * <pre>
 * java -cp benchmarks.jar io.loopbridge.bench.report.MarkdownReport --out results/latest.md \
 *      [--title "LoopBridge benchmarks"] [--subject loopbridge] [--note "text"]... \
 *      [--order CallSoonBenchmark,CrossThreadBenchmark,...] core-jmh.json ...
 * </pre>
 *
 * <p>Conventions it relies on: a case's implementation is its {@code impl} parameter; the subject (by
 * default {@code loopbridge}) is compared with every other {@code impl} of the same benchmark and the same
 * other parameters. A figure is the median of the per-fork medians with the min–max across forks (see
 * {@link BenchResult}). Allocation per operation ({@code -prof gc}) is shown except for single-shot
 * benchmarks, where it would include the invocation's own setup. "LoopBridge ÷ baseline" divides the subject's median by the baseline's, in the
 * benchmark's own unit: below 1 is better for a time, above 1 for a rate.
 *
 * <p><b>Threading.</b> A command-line tool; {@link #render} is a pure function.
 */
public final class MarkdownReport {

    /** What to print around the tables. */
    /**
     * What to print around the tables.
     *
     * @param order benchmark classes (simple names) whose sections come first, in this order; the rest
     *              follow in the order of the input
     */
    public record Options(String title, String subject, List<String> notes, List<String> sources, List<String> order) {
        public Options {
            notes = List.copyOf(notes);
            sources = List.copyOf(sources);
            order = List.copyOf(order);
        }

        public Options(String title, String subject, List<String> notes, List<String> sources) {
            this(title, subject, notes, sources, List.of());
        }
    }

    private MarkdownReport() {}

    public static void main(String[] args) throws IOException {
        Path out = null;
        String title = "LoopBridge benchmarks";
        String subject = "loopbridge";
        List<String> notes = new ArrayList<>();
        List<String> order = new ArrayList<>();
        List<Path> inputs = new ArrayList<>();
        for (int k = 0; k < args.length; k++) {
            switch (args[k]) {
                case "--out": out = Path.of(args[++k]); break;
                case "--title": title = args[++k]; break;
                case "--subject": subject = args[++k]; break;
                case "--note": notes.add(args[++k]); break;
                case "--order": order.addAll(List.of(args[++k].split(","))); break;
                default:
                    if (args[k].startsWith("--")) throw new IllegalArgumentException("option: " + args[k]
                            + " (expected: --out, --title, --subject, --note, --order, or a result file)");
                    inputs.add(Path.of(args[k]));
            }
        }
        if (inputs.isEmpty()) throw new IllegalArgumentException("result files: none (expected: one or more JMH -rf json files)");
        List<String> sources = new ArrayList<>();
        List<Path> present = new ArrayList<>();
        for (Path p : inputs) {
            if (Files.exists(p)) {
                present.add(p);
                sources.add(String.valueOf(p.getFileName()));
            } else {
                System.err.println("MarkdownReport: skipping missing " + p);
            }
        }
        String md = render(BenchResult.readAll(present), new Options(title, subject, notes, sources, order));
        if (out == null) {
            System.out.print(md);
        } else {
            if (out.getParent() != null) Files.createDirectories(out.getParent());
            Files.writeString(out, md, StandardCharsets.UTF_8);
            System.out.println("MarkdownReport: wrote " + out);
        }
    }

    /** The whole page. */
    public static String render(List<BenchResult> results, Options o) {
        StringBuilder b = new StringBuilder();
        b.append("# ").append(o.title()).append("\n\n");
        if (!o.sources().isEmpty()) b.append("From: ").append(String.join(", ", o.sources())).append(".\n");
        b.append("Each figure is the median of the per-fork medians (a fork is one fresh JVM), with the min–max across forks. ")
                .append("\"LoopBridge ÷ baseline\" divides the `").append(o.subject())
                .append("` median by each baseline's median from the same run, in the table's unit.\n");
        for (String n : o.notes()) b.append('\n').append(n).append('\n');

        Map<String, List<BenchResult>> byBenchmark = new LinkedHashMap<>();
        for (BenchResult r : results) byBenchmark.computeIfAbsent(r.benchmark(), k -> new ArrayList<>()).add(r);
        List<List<BenchResult>> sections = new ArrayList<>(byBenchmark.values());
        sections.sort(java.util.Comparator.comparingInt(cases -> rank(o.order(), cases.get(0))));
        for (List<BenchResult> cases : sections) section(b, cases, o.subject());
        return b.toString();
    }

    /** The position of {@code r}'s class in {@code order}, or past the end (a stable sort keeps input order). */
    private static int rank(List<String> order, BenchResult r) {
        String cls = r.shortName().split("\\.")[0];
        int i = order.indexOf(cls);
        return i < 0 ? order.size() : i;
    }

    private static void section(StringBuilder b, List<BenchResult> cases, String subject) {
        BenchResult first = cases.get(0);
        String unit = first.unit();
        boolean higherBetter = unit.startsWith("ops/") || unit.endsWith("/s"); // a rate; else a time or a size
        b.append("\n## ").append(first.shortName()).append(" — ").append(unit)
                .append(higherBetter ? ", higher is better" : ", lower is better").append("\n\n");
        String meta = metaLine(first);
        if (!meta.isEmpty()) b.append(meta).append("\n\n");

        // the columns: every parameter but impl, then the figures
        List<String> paramNames = new ArrayList<>();
        for (BenchResult r : cases) for (String k : r.params().keySet()) if (!k.equals("impl") && !paramNames.contains(k)) paramNames.add(k);
        // -prof gc counts what a single-shot invocation's own setup allocates too: no B/op for those
        boolean alloc = !"ss".equals(first.mode()) && cases.stream().anyMatch(r -> r.forkMedians(BenchResult.ALLOC_NORM).length > 0);
        boolean hasImpl = cases.stream().anyMatch(r -> !r.impl().isEmpty());

        StringJoiner head = new StringJoiner(" | ", "| ", " |\n");
        paramNames.forEach(head::add);
        if (hasImpl) head.add("impl");
        int forks = cases.get(0).forkMedians().length;
        head.add(unit + " (median)").add("min–max (" + forks + (forks == 1 ? " fork)" : " forks)"));
        if (alloc) head.add(allocUnit(cases));
        if (hasImpl) head.add("LoopBridge ÷ baseline");
        b.append(head);
        StringJoiner rule = new StringJoiner(" | ", "| ", " |\n");
        int columns = paramNames.size() + (hasImpl ? 1 : 0) + 2 + (alloc ? 1 : 0) + (hasImpl ? 1 : 0);
        for (int k = 0; k < columns; k++) rule.add(k < paramNames.size() + (hasImpl ? 1 : 0) ? "---" : "---:");
        b.append(rule);

        // group the cases that differ only in impl; the subject first
        Map<List<String>, List<BenchResult>> groups = new LinkedHashMap<>();
        for (BenchResult r : cases) {
            List<String> key = new ArrayList<>();
            for (String p : paramNames) key.add(r.params().getOrDefault(p, ""));
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
        }
        for (List<BenchResult> g : groups.values()) {
            BenchResult subj = g.stream().filter(r -> r.impl().equals(subject)).findFirst().orElse(null);
            List<BenchResult> ordered = new ArrayList<>();
            if (subj != null) ordered.add(subj);
            for (BenchResult r : g) if (r != subj) ordered.add(r);
            for (BenchResult r : ordered) {
                StringJoiner row = new StringJoiner(" | ", "| ", " |\n");
                for (String p : paramNames) row.add(r.params().getOrDefault(p, ""));
                if (hasImpl) row.add(r == subj ? "**" + r.impl() + "**" : r.impl());
                double[] f = r.forkMedians();
                row.add(fmt(BenchResult.median(f))).add(f.length == 0 ? "n/a" : fmt(min(f)) + "–" + fmt(max(f)));
                if (alloc) {
                    double[] a = r.forkMedians(BenchResult.ALLOC_NORM);
                    double bytes = BenchResult.median(a);
                    row.add(a.length == 0 ? "" : bytes < 0.05 ? "0" : fmt(bytes)); // JMH's ≈10⁻⁴ B/op is no allocation
                }
                if (hasImpl) row.add(r == subj ? ratios(subj, g) : "");
                b.append(row);
            }
        }
    }

    private static String allocUnit(List<BenchResult> cases) {
        for (BenchResult r : cases) {
            String u = r.secondaryUnits().get(BenchResult.ALLOC_NORM);
            if (u != null) return u;
        }
        return "B/op";
    }

    private static String ratios(BenchResult subj, List<BenchResult> group) {
        double s = BenchResult.median(subj.forkMedians());
        StringJoiner j = new StringJoiner(", ");
        for (BenchResult r : group) {
            if (r == subj) continue;
            double base = BenchResult.median(r.forkMedians());
            j.add(String.format(Locale.ROOT, "%s× %s", ratio(s / base), r.impl()));
        }
        return j.length() == 0 ? "" : j.toString();
    }

    private static String ratio(double x) {
        if (Double.isNaN(x) || Double.isInfinite(x)) return "n/a ";
        if (x >= 100) return String.format(Locale.ROOT, "%,.0f", x);
        if (x >= 10) return String.format(Locale.ROOT, "%.1f", x);
        return String.format(Locale.ROOT, "%.2f", x);
    }

    private static String metaLine(BenchResult r) {
        Map<String, String> m = r.meta();
        List<String> parts = new ArrayList<>();
        if (m.containsKey("jmhVersion")) parts.add("JMH " + m.get("jmhVersion"));
        if (m.containsKey("jdkVersion")) parts.add("JDK " + m.get("jdkVersion") + (m.containsKey("vmName") ? " (" + m.get("vmName") + ")" : ""));
        if (m.containsKey("forks")) parts.add(m.get("forks") + ("1".equals(m.get("forks")) ? " fork" : " forks"));
        if (m.containsKey("threads") && !"1".equals(m.get("threads"))) parts.add(m.get("threads") + " threads");
        boolean single = "ss".equals(r.mode()); // a single-shot iteration is one invocation, whatever the time
        if (m.containsKey("warmupIterations")) parts.add("warm-up " + m.get("warmupIterations") + " × "
                + (single ? "1 invocation" : m.getOrDefault("warmupTime", "?")));
        if (m.containsKey("measurementIterations")) parts.add("measured " + m.get("measurementIterations") + " × "
                + (single ? "1 invocation" : m.getOrDefault("measurementTime", "?")));
        if (m.containsKey("jvmArgs") && !m.get("jvmArgs").isBlank()) parts.add("JVM args `" + m.get("jvmArgs") + "`");
        return parts.isEmpty() ? "" : "_" + String.join(" · ", parts) + "_";
    }

    private static double min(double[] v) {
        double m = Double.POSITIVE_INFINITY;
        for (double d : v) m = Math.min(m, d);
        return m;
    }

    private static double max(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double d : v) m = Math.max(m, d);
        return m;
    }

    /** Three significant digits; thousands grouped ({@code 12,300,000}, {@code 45.2}, {@code 0.123}). */
    static String fmt(double x) {
        if (Double.isNaN(x)) return "n/a";
        double a = Math.abs(x);
        if (a == 0) return "0";
        if (a >= 1000) {
            double scale = Math.pow(10, Math.floor(Math.log10(a)) - 2);
            return String.format(Locale.ROOT, "%,.0f", Math.round(x / scale) * scale);
        }
        if (a >= 100) return String.format(Locale.ROOT, "%.0f", x);
        if (a >= 10) return String.format(Locale.ROOT, "%.1f", x);
        if (a >= 1) return String.format(Locale.ROOT, "%.2f", x);
        return new java.math.BigDecimal(x).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
    }
}
