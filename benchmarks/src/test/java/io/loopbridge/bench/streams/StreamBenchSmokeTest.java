package io.loopbridge.bench.streams;

import io.loopbridge.bench.report.BenchResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keeps the stream benchmarks compiling and running in {@code mvn verify}: every row group for every
 * implementation that needs no display (the standalone loop, FX on headless Monocle from the surefire
 * arguments, Swing headless, blocking sockets, Netty, the hop floor on Monocle and headless Swing), once,
 * with tiny counts ({@code --quick}: 1 MiB
 * echoed, 50 round trips, 20 connections, 2,000 lines), in this JVM. It checks that each run reports every
 * figure and that the summary renders them; no figure is asserted (speed is for {@code StreamSuite}).
 */
@Timeout(180)
class StreamBenchSmokeTest {

    @Test
    void everyRowGroupRunsForEveryHeadlessImplementationAndRenders() throws Exception {
        List<BenchResult> results = new ArrayList<>();
        for (String impl : List.of("loopbridge", "loopbridge-fx-monocle", "loopbridge-swing-headless", "blocking", "netty",
                "hop-fx-monocle", "hop-swing-headless")) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            StreamBench.run(impl, StreamBench.GROUPS, true, new PrintStream(bytes, true, StandardCharsets.UTF_8));
            Set<String> figures = new TreeSet<>();
            for (String line : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
                if (!line.startsWith(StreamBench.PREFIX)) continue;
                Map<String, Object> m = StreamBench.parse(line);
                figures.add((String) m.get("benchmark"));
                @SuppressWarnings("unchecked") Map<String, String> params = (Map<String, String>) m.get("params");
                @SuppressWarnings("unchecked") List<Double> values = (List<Double>) m.get("values");
                results.add(new BenchResult(StreamSuite.BENCHMARK_PACKAGE + m.get("benchmark"), "streams", params, (String) m.get("unit"),
                        List.of(values), Map.of(), Map.of(), Map.of()));
            }
            Set<String> expected = new TreeSet<>(List.of("StreamEcho.latency"));
            if (!impl.startsWith("hop-")) expected.addAll(List.of("StreamEcho.throughput", "StreamConnections.heap", "StreamConnections.rss",
                    "StreamConnections.threads"));
            if (StreamBench.applies(impl, "lines")) expected.add("StreamLines.throughput");
            assertEquals(expected, figures, impl);
        }
        String md = StreamSuite.summary(results);
        assertTrue(md.contains("StreamEcho.throughput") && md.contains("StreamLines.throughput"), md);
        assertTrue(md.contains("| netty |") && md.contains("×"), md);
        assertFalse(md.contains("NaN"), md);
    }
}
