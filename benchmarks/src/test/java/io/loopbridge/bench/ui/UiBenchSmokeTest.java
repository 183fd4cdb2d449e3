package io.loopbridge.bench.ui;

import io.loopbridge.bench.report.BenchResult;
import io.loopbridge.bench.report.MarkdownReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keeps the UI harness compiling and running in {@code mvn verify}: every row group, for every
 * implementation, on JavaFX (headless Monocle, from the surefire arguments) and on the EDT (headless AWT),
 * with tiny counts ({@code --quick}), in this JVM. It checks that each run reports every figure and that
 * the report renders them; no figure is asserted (speed is for {@code benchmarks/run.sh}). The 100,000-timer
 * and flood rows run with 2,000 timers and 20,000 posts here.
 */
@Timeout(180)
class UiBenchSmokeTest {

    @Test
    void everyRowGroupRunsForEveryImplementationOnBothToolkitsAndRenders() throws Exception {
        List<BenchResult> results = new ArrayList<>();
        for (String toolkit : List.of("fx", "swing")) {
            for (String impl : toolkit.equals("fx") ? Target.FX : Target.SWING) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
                UiBench.run(toolkit, impl, UiBench.GROUPS, true, out);
                Set<String> figures = new TreeSet<>();
                for (String line : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
                    if (!line.startsWith(UiBench.PREFIX)) continue;
                    Map<String, Object> m = UiBench.parse(line);
                    figures.add((String) m.get("benchmark"));
                    @SuppressWarnings("unchecked") Map<String, String> params = new LinkedHashMap<>((Map<String, String>) m.get("params"));
                    params.put("mode", toolkit + "-smoke");
                    @SuppressWarnings("unchecked") List<Double> values = (List<Double>) m.get("values");
                    results.add(new BenchResult(UiSuite.BENCHMARK_PACKAGE + m.get("benchmark"), "ui", params,
                            (String) m.get("unit"), List.of(values), Map.of(), Map.of(), Map.of()));
                }
                assertEquals(new TreeSet<>(List.of("UiFlood.drainTime", "UiFlood.idleFrameGap", "UiFlood.maxFrameGap",
                        "UiPosts.latency", "UiPosts.throughput", "UiTimerScale.bytesPerTimer", "UiTimerScale.cancelHalf",
                        "UiTimerScale.survivorLateness", "UiTimerScale.survivorsMissed", "UiTimers.early",
                        "UiTimers.lateness")), figures, toolkit + "/" + impl);
            }
        }
        String md = MarkdownReport.render(results, new MarkdownReport.Options("smoke", Target.LOOPBRIDGE, List.of(), List.of()));
        assertTrue(md.contains("UiPosts.throughput"), md);
        assertTrue(md.contains("× rxjavafx") && md.contains("× rxswing"), md);
        assertFalse(md.contains("NaN"), md);
    }
}
