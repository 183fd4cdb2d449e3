package io.loopbridge.bench.core;

import io.loopbridge.bench.report.BenchResult;
import io.loopbridge.bench.report.MarkdownReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keeps every benchmark compiling and running in {@code mvn verify}, in seconds: each core benchmark, for
 * every impl, runs one short iteration in this JVM (no fork, no warm-up, the smallest parameters), with the
 * GC profiler on, and the report renders the result. The benchmarks' own tear-down checks (all callbacks
 * ran, the heap holds exactly its timers, the survivors of the cancel-half run fire) make a broken
 * benchmark fail here. No figure is asserted: speed is for {@code benchmarks/run.sh}.
 */
@Timeout(120)
class BenchmarkSmokeTest {

    @Test
    void everyCoreBenchmarkRunsForEveryImplAndRendersInTheReport(@TempDir Path dir) throws Exception {
        // run.sh may be measuring at the same time: JMH's lock would otherwise refuse this run
        System.setProperty("jmh.ignoreLock", "true");
        Path json = dir.resolve("smoke.json");
        Options opt = new OptionsBuilder()
                .include("io\\.loopbridge\\.bench\\.core\\..*")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(20))
                .param("batch", "64")
                .param("producers", "2")
                .param("pending", "1000")
                .addProfiler(GCProfiler.class)
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT)
                .resultFormat(ResultFormatType.JSON)
                .result(json.toString())
                .build();
        Collection<RunResult> runs = new Runner(opt).run();

        Set<String> ran = new TreeSet<>();
        for (RunResult r : runs) {
            String name = r.getParams().getBenchmark();
            ran.add(name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1) + "/" + r.getParams().getParam("impl"));
        }
        assertEquals(new TreeSet<>(List.of(
                "CallSoonBenchmark.run/loopbridge", "CallSoonBenchmark.run/arrayDeque", "CallSoonBenchmark.run/handleDeque",
                "CrossThreadBenchmark.deliver/loopbridge", "CrossThreadBenchmark.deliver/clqPark",
                "CrossThreadBenchmark.deliver/lbq", "CrossThreadBenchmark.deliver/stpe",
                "TimerCancelBenchmark.cancelAndReschedule/loopbridge", "TimerCancelBenchmark.cancelAndReschedule/stpe",
                "TimerCancelBenchmark.cancelAndReschedule/priorityQueue",
                "TimerFireBenchmark.fireAndReschedule/loopbridge", "TimerFireBenchmark.fireAndReschedule/priorityQueue",
                "TimerCancelHalfBenchmark.cancelHalf/loopbridge", "TimerCancelHalfBenchmark.cancelHalf/stpe",
                "TimerCancelHalfBenchmark.cancelHalf/stpeLazy")), ran);

        List<BenchResult> results = BenchResult.readAll(List.of(json));
        assertEquals(ran.size(), results.size());
        String md = MarkdownReport.render(results, new MarkdownReport.Options("smoke", "loopbridge", List.of(), List.of("smoke.json")));
        for (String section : List.of("CallSoonBenchmark.run", "CrossThreadBenchmark.deliver", "TimerCancelBenchmark.cancelAndReschedule",
                "TimerFireBenchmark.fireAndReschedule", "TimerCancelHalfBenchmark.cancelHalf")) {
            assertTrue(md.contains("## " + section + " "), () -> "no section " + section + " in:\n" + md);
        }
        assertTrue(md.contains("| B/op |"), () -> "no allocation column (GC profiler) in:\n" + md);
        assertTrue(md.contains("× arrayDeque"), () -> "no ratio against the bare drain in:\n" + md);
    }

    @Test
    void footprintMeasuresEveryImplInProcessAndInAChildJvm() throws Exception {
        List<BenchResult> inProcess = TimerFootprint.run(1, List.of(2_000),
                List.of(Fixtures.LOOPBRIDGE, "stpe", "stpeLazy", "priorityQueue"), true);
        assertEquals(8, inProcess.size(), "2 scenarios x 4 impls");
        for (BenchResult r : inProcess) assertEquals(1, r.forkMedians().length, () -> r + " has no measurement");

        // the path run.sh takes: a fresh JVM with a fixed heap and the serial collector
        List<BenchResult> child = TimerFootprint.run(1, List.of(2_000), List.of(Fixtures.LOOPBRIDGE), false);
        assertEquals(2, child.size());
        double bytes = child.get(0).forkMedians()[0];
        assertTrue(bytes > 0 && !Double.isNaN(bytes), () -> "bytes per timer: " + bytes);
        assertEquals(TimerFootprint.CHILD_JVM_ARGS, child.get(0).meta().get("jvmArgs"));
    }
}
