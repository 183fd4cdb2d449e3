package io.loopbridge.bench.coro;

import io.loopbridge.bench.report.BenchResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keeps the coroutine benchmarks compiling and running in {@code mvn verify}, on every JDK: on JDK 21+
 * (where the build's {@code coroutines} profile exports {@code jdk.internal.vm} to the test JVM) every
 * benchmark runs one short iteration in this JVM and the footprint measures a few thousand coroutines in
 * process and in a child JVM (whose tear-down checks make a broken benchmark fail here); on JDK 17 they are
 * skipped, and this asserts the reason given. No figure is asserted.
 */
@Timeout(180)
class CoroutineBenchSmokeTest {
    private static boolean coroutineJdk() {
        return Runtime.version().feature() >= 21;
    }

    @Test
    void theBenchmarksRunWhereCoroutinesRunAndSayWhyNotElsewhere() throws Exception {
        if (!coroutineJdk()) {
            String why = CoroutineBench.skipReason();
            assertTrue(why != null && why.startsWith("coroutines need JDK 21 or newer"), String.valueOf(why));
            return;
        }
        assertNull(CoroutineBench.skipReason(), "JDK 21+: is the benchmarks' coroutines profile active?");
        System.setProperty("jmh.ignoreLock", "true"); // run.sh may be measuring at the same time
        Options opt = new OptionsBuilder()
                .include("io\\.loopbridge\\.bench\\.coro\\..*")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(20))
                .addProfiler(GCProfiler.class)
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT)
                .build();
        Collection<RunResult> runs = new Runner(opt).run();
        Set<String> ran = new TreeSet<>();
        for (RunResult r : runs) {
            String name = r.getParams().getBenchmark();
            String frames = r.getParams().getParam("frames");
            ran.add(name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1) + "/" + r.getParams().getParam("impl")
                    + (frames == null ? "" : "/" + frames));
        }
        assertEquals(new TreeSet<>(List.of("AwaitBenchmark.awaitStep/loopbridge", "AwaitBenchmark.awaitStep/futureStep",
                "SuspendResumeBenchmark.suspendResume/loopbridge/0", "SuspendResumeBenchmark.suspendResume/loopbridge/20",
                "SuspendResumeBenchmark.suspendResume/rawContinuation/0", "SuspendResumeBenchmark.suspendResume/rawContinuation/20")), ran);
    }

    @Test
    void theFootprintMeasuresEveryImplWhereCoroutinesRunAndNothingElsewhere() throws Exception {
        List<BenchResult> inProcess = CoroutineFootprint.run(1, 2_000, 1_000, List.of(0, 20), CoroutineFootprint.IMPLS, true);
        if (!coroutineJdk()) {
            assertEquals(List.of(), inProcess);
            return;
        }
        assertEquals(16, inProcess.size(), "2 depths x 4 impls x (bytes, close)");
        for (BenchResult r : inProcess) assertEquals(1, r.forkMedians().length, () -> r + " has no measurement");
        // the path run.sh takes: a fresh JVM with a fixed heap, the serial collector and the export
        List<BenchResult> child = CoroutineFootprint.run(1, 2_000, 1_000, List.of(0), List.of("loopbridge"), false);
        assertEquals(2, child.size());
        double bytes = child.get(0).forkMedians()[0];
        assertTrue(bytes > 0 && !Double.isNaN(bytes), () -> "bytes per coroutine: " + bytes);
        assertEquals(CoroutineFootprint.CHILD_JVM_ARGS, child.get(0).meta().get("jvmArgs"));
    }
}
