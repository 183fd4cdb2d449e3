package io.loopbridge.bench.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class MarkdownReportTest {
    /** Two cases of one JMH benchmark, in JMH's own JSON layout (trimmed), 3 forks of 3 iterations. */
    private static final String JMH_JSON = "[\n"
            + "{\"jmhVersion\": \"1.37\", \"benchmark\": \"io.x.CallSoonBenchmark.run\", \"mode\": \"avgt\", \"threads\": 1, \"forks\": 3,\n"
            + " \"jdkVersion\": \"17.0.15\", \"vmName\": \"OpenJDK 64-Bit Server VM\", \"jvmArgs\": [\"-Xms1g\", \"-Xmx1g\"],\n"
            + " \"warmupIterations\": 3, \"warmupTime\": \"300 ms\", \"measurementIterations\": 3, \"measurementTime\": \"300 ms\",\n"
            + " \"params\": {\"batch\": \"64\", \"impl\": \"arrayDeque\"},\n"
            + " \"primaryMetric\": {\"score\": 2.0, \"scoreError\": 0.1, \"scoreUnit\": \"ns/op\",\n"
            + "   \"rawData\": [[2.0, 2.0, 9.0], [1.0, 3.0, 2.0], [2.5, 2.5, 2.5]]},\n"
            + " \"secondaryMetrics\": {\"gc.alloc.rate.norm\": {\"score\": 0.0, \"scoreUnit\": \"B/op\", \"rawData\": [[0.0], [0.0], [0.0]]}}},\n"
            + "{\"jmhVersion\": \"1.37\", \"benchmark\": \"io.x.CallSoonBenchmark.run\", \"mode\": \"avgt\", \"threads\": 1, \"forks\": 3,\n"
            + " \"params\": {\"batch\": \"64\", \"impl\": \"loopbridge\"},\n"
            + " \"primaryMetric\": {\"score\": 3.0, \"scoreUnit\": \"ns/op\",\n"
            + "   \"rawData\": [[3.0, 3.0, 3.0], [2.0, 2.0, 2.0], [4.5, 4.0, 5.0]]},\n"
            + " \"secondaryMetrics\": {\"\u00b7gc.alloc.rate.norm\": {\"score\": 40.0, \"scoreUnit\": \"B/op\", \"rawData\": [[40.0], [40.0], [40.0]]}}}\n"
            + "]\n";

    @Test
    void figureIsMedianOfForkMediansWithForkRange() {
        List<BenchResult> rs = BenchResult.parse(JMH_JSON);
        BenchResult deque = rs.get(0);
        assertArrayEquals(new double[] {2.0, 2.0, 2.5}, deque.forkMedians());
        assertEquals(2.0, BenchResult.median(deque.forkMedians()));
        assertArrayEquals(new double[] {40.0, 40.0, 40.0}, rs.get(1).forkMedians(BenchResult.ALLOC_NORM), "the old '·' prefix is dropped");
        assertEquals("-Xms1g -Xmx1g", deque.meta().get("jvmArgs"));
        assertEquals("3", deque.meta().get("forks"));
    }

    @Test
    void subjectRowComesFirstWithRatioAgainstEachBaseline() {
        String md = MarkdownReport.render(BenchResult.parse(JMH_JSON),
                new MarkdownReport.Options("T", "loopbridge", List.of("a note"), List.of("core.json")));
        assertTrue(md.startsWith("# T\n"), md);
        assertTrue(md.contains("## CallSoonBenchmark.run — ns/op, lower is better"), md);
        assertTrue(md.contains("| batch | impl | ns/op (median) | min–max (3 forks) | B/op | LoopBridge ÷ baseline |"), md);
        // loopbridge: fork medians 3, 2, 4.5 -> median 3, range 2-4.5; ratio 3 / 2 = 1.50
        assertTrue(md.contains("| 64 | **loopbridge** | 3.00 | 2.00–4.50 | 40.0 | 1.50× arrayDeque |"), md);
        assertTrue(md.contains("| 64 | arrayDeque | 2.00 | 2.00–2.50 | 0 |  |"), md);
        assertTrue(md.indexOf("**loopbridge**") < md.indexOf("| arrayDeque |"), md);
        assertTrue(md.contains("\na note\n"), md);
        assertTrue(md.contains("JVM args `-Xms1g -Xmx1g`"), md);
    }

    @Test
    void ratesAreHigherIsBetterAndGroupedByTheOtherParameters() {
        List<BenchResult> rs = List.of(
                rate("1", "loopbridge", 30e6), rate("1", "lbq", 10e6),
                rate("4", "loopbridge", 20e6), rate("4", "lbq", 40e6));
        String md = MarkdownReport.render(rs, new MarkdownReport.Options("T", "loopbridge", List.of(), List.of()));
        assertTrue(md.contains("ops/s, higher is better"), md);
        assertTrue(md.contains("| 1 | **loopbridge** | 30,000,000 | 30,000,000–30,000,000 | 3.00× lbq |"), md);
        assertTrue(md.contains("| 4 | **loopbridge** | 20,000,000 | 20,000,000–20,000,000 | 0.50× lbq |"), md);
    }

    @Test
    void sectionsFollowTheGivenOrderThenTheInput() {
        List<BenchResult> rs = List.of(rate("1", "loopbridge", 1), single("io.x.TimerCancelHalfBenchmark.cancelHalf"),
                single("io.x.CallSoonBenchmark.run"));
        String md = MarkdownReport.render(rs, new MarkdownReport.Options("T", "loopbridge", List.of(), List.of(),
                List.of("CallSoonBenchmark", "TimerCancelHalfBenchmark")));
        int callSoon = md.indexOf("## CallSoonBenchmark.run");
        int cancelHalf = md.indexOf("## TimerCancelHalfBenchmark.cancelHalf");
        int cross = md.indexOf("## CrossThreadBenchmark.deliver");
        assertTrue(callSoon >= 0 && callSoon < cancelHalf && cancelHalf < cross, md);
    }

    @Test
    void singleShotShowsNoAllocationSinceItWouldCountTheSetup() {
        String json = JMH_JSON.replace("\"mode\": \"avgt\"", "\"mode\": \"ss\"");
        String md = MarkdownReport.render(BenchResult.parse(json), new MarkdownReport.Options("T", "loopbridge", List.of(), List.of()));
        assertTrue(!md.contains("B/op"), md);
        assertTrue(md.contains("measured 3 × 1 invocation"), md);
    }

    @Test
    void writtenResultsReadBackTheSame(@TempDir Path dir) throws Exception {
        BenchResult r = BenchResult.ofRuns("io.x.TimerFootprint.retainedBytes", "footprint",
                Map.of("impl", "loopbridge"), "B/timer", List.of(70.5, 69.0, 71.25), Map.of("jvmArgs", "-Xmx1g"));
        Path f = dir.resolve("f.json");
        Files.writeString(f, BenchResult.toJsonArray(List.of(r)));
        BenchResult back = BenchResult.readAll(List.of(f)).get(0);
        assertEquals(r.benchmark(), back.benchmark());
        assertEquals(r.params(), back.params());
        assertEquals(r.unit(), back.unit());
        assertEquals(r.raw(), back.raw());
        assertEquals("-Xmx1g", back.meta().get("jvmArgs"));
        assertEquals(70.5, BenchResult.median(back.forkMedians()));
    }

    @Test
    void numbersKeepThreeSignificantDigits() {
        assertEquals("12,300,000", MarkdownReport.fmt(12_345_678));
        assertEquals("1,890", MarkdownReport.fmt(1_888.2));
        assertEquals("578", MarkdownReport.fmt(578.4));
        assertEquals("45.2", MarkdownReport.fmt(45.21));
        assertEquals("3.71", MarkdownReport.fmt(3.7149));
        assertEquals("0.0123", MarkdownReport.fmt(0.012345));
        assertEquals("0", MarkdownReport.fmt(0));
        assertEquals("n/a", MarkdownReport.fmt(Double.NaN));
    }

    private static BenchResult single(String benchmark) {
        return BenchResult.ofRuns(benchmark, "ss", Map.of("impl", "loopbridge"), "ms/op", List.of(1.0), Map.of());
    }

    private static BenchResult rate(String producers, String impl, double v) {
        return BenchResult.ofRuns("io.x.CrossThreadBenchmark.deliver", "thrpt",
                Map.of("producers", producers, "impl", impl), "ops/s", List.of(v), Map.of());
    }
}
