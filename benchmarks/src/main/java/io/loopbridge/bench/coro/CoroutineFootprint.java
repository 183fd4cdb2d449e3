package io.loopbridge.bench.coro;

import io.loopbridge.bench.report.BenchResult;
import io.loopbridge.core.internal.Awaiting;
import io.loopbridge.core.internal.Coroutine;
import io.loopbridge.core.internal.CoroutineRegistry;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Memory per suspended coroutine, measured on the heap, and the cost of cancelling them all: {@code n}
 * coroutines are started and suspended (with {@code frames} extra frames under the suspend point), the used
 * heap after a full GC before and after gives the bytes each holds; then all are resumed with a
 * cancellation at their suspend point (the loop's {@code close()}) and every finally block must have run.
 * JMH measures time, not retained memory, so this is a plain {@code main} like {@code TimerFootprint}, and
 * writes JMH's JSON shape ({@link BenchResult}).
 *
 * <p>Impls: {@code loopbridge} (a {@code Coroutine} in its registry, suspended in {@code Coroutine.suspend()}),
 * {@code await} (the same, suspended in {@code Awaiting.await} of its own pending {@code CompletableFuture}:
 * adds the future, its dependent node and the await's slot), {@code launch} (what an application does:
 * {@code loop.launch(body)} on one {@code GuestLoop}, the body awaiting a pending foreign
 * {@code CompletableFuture}; adds the task and its bookkeeping; cancelled all by the loop's {@code close()},
 * every finally block counted), {@code rawContinuation} (the JDK's bare
 * continuation, as issue 14 measured it: ~270–300 B shallow, ~670 B with 20 frames; held in an
 * {@code ArrayList}, 4–6 B per element, since something must keep it reachable). What is counted is
 * everything reachable per coroutine: the continuation and its captured stack chunk, the coroutine and its
 * entry lambda, the await's objects; not the body (one shared {@code Runnable} per run).
 *
 * <p>Each measurement runs in a fresh JVM ({@value #CHILD_JVM_ARGS}): with the serial collector
 * {@code System.gc()} is a full, compacting collection, so the used heap after it is the live data. Before
 * measuring, the child runs the same scenario at {@code --warm-up} coroutines so class loading is not counted
 * and the suspend path is compiled. Where coroutines do not run (JDK 17, no export) it measures nothing and says why.
 *
 * <pre>
 * java -cp benchmarks.jar io.loopbridge.bench.coro.CoroutineFootprint [--runs 3] [--out file.json]
 *      [--coroutines 100000] [--warm-up 50000] [--frames 0,20] [--impls loopbridge,await,rawContinuation] [--in-process]
 * </pre>
 *
 * <p><b>Threading.</b> Single-threaded; each child JVM is waited for (2 minutes at most) before the next.
 */
public final class CoroutineFootprint {
    static final String CHILD_JVM_ARGS = "-Xms1g -Xmx1g -XX:+UseSerialGC --add-exports java.base/jdk.internal.vm=ALL-UNNAMED";
    static final String BYTES = CoroutineFootprint.class.getName() + ".retainedBytes";
    static final String CLOSE = CoroutineFootprint.class.getName() + ".closeAll";
    static final List<String> IMPLS = List.of("loopbridge", "await", "launch", "rawContinuation");
    private static final String RESULT_PREFIX = "coroutine-footprint ";
    /**
     * Coroutines suspended and cancelled before measuring, by default ({@code --warm-up N}): 50,000, so
     * the suspend path is JIT-compiled as in a running application. It matters: a compiled frame is smaller
     * than an interpreted one, and after a 1,000-coroutine warm-up (frames still interpreted) a shallow
     * coroutine measured ~590 B instead of ~380 B (JDK 25, raw continuation ~370 B instead of ~255 B).
     */
    static final int WARM_UP = 50_000;

    private CoroutineFootprint() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 5 && args[0].equals("--child")) {
            double[] v = measure(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
            System.out.println(RESULT_PREFIX + v[0] + " " + v[1]);
            return;
        }
        int runs = 3;
        Path out = null;
        boolean inProcess = false;
        int n = 100_000;
        int warmUp = WARM_UP;
        List<Integer> frames = List.of(0, 20);
        List<String> impls = IMPLS;
        for (int k = 0; k < args.length; k++) {
            switch (args[k]) {
                case "--runs": runs = Integer.parseInt(args[++k]); break;
                case "--out": out = Path.of(args[++k]); break;
                case "--in-process": inProcess = true; break;
                case "--coroutines": n = Integer.parseInt(args[++k].replace("_", "")); break;
                case "--warm-up": warmUp = Integer.parseInt(args[++k].replace("_", "")); break;
                case "--frames": frames = parseInts(args[++k]); break;
                case "--impls": impls = List.of(args[++k].split(",")); break;
                default: throw new IllegalArgumentException("option: " + args[k]
                        + " (expected: --runs N, --out FILE, --coroutines N, --warm-up N, --frames N,N, --impls A,B, --in-process)");
            }
        }
        List<BenchResult> results = run(runs, n, warmUp, frames, impls, inProcess);
        String json = BenchResult.toJsonArray(results);
        if (out == null) {
            System.out.print(json);
        } else {
            if (out.getParent() != null) Files.createDirectories(out.getParent());
            Files.writeString(out, json, StandardCharsets.UTF_8);
            System.out.println("CoroutineFootprint: wrote " + out);
        }
    }

    /**
     * Every (frames, impl) case, {@code runs} times each: two results per case, bytes per suspended
     * coroutine and nanoseconds per coroutine to resume all with a cancellation. Empty (with a message on
     * standard output) where coroutines do not run, checked in this JVM: run it on the JDK to measure.
     */
    public static List<BenchResult> run(int runs, int n, int warmUp, List<Integer> frames, List<String> impls, boolean inProcess)
            throws IOException, InterruptedException {
        String why = CoroutineBench.skipReason();
        if (why != null) {
            System.out.println("CoroutineFootprint: skipped: " + why);
            return List.of();
        }
        List<BenchResult> results = new ArrayList<>();
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("jdkVersion", System.getProperty("java.version"));
        meta.put("vmName", System.getProperty("java.vm.name"));
        meta.put("jvmArgs", inProcess ? "(in-process)" : CHILD_JVM_ARGS);
        meta.put("forks", String.valueOf(runs));
        for (int f : frames) {
            for (String impl : impls) {
                List<Double> bytes = new ArrayList<>();
                List<Double> close = new ArrayList<>();
                for (int r = 0; r < runs; r++) {
                    double[] v = inProcess ? measure(impl, f, n, warmUp) : measureInChild(impl, f, n, warmUp);
                    bytes.add(v[0]);
                    close.add(v[1]);
                }
                Map<String, String> params = new LinkedHashMap<>();
                params.put("coroutines", String.valueOf(n));
                params.put("frames", String.valueOf(f));
                params.put("impl", impl);
                results.add(BenchResult.ofRuns(BYTES, "footprint", params, "B/coroutine", bytes, meta));
                results.add(BenchResult.ofRuns(CLOSE, "avgt", params, "ns/coroutine", close, meta));
                System.out.println("CoroutineFootprint: " + n + " suspended, " + f + " extra frames, " + impl + " -> "
                        + bytes + " B/coroutine, cancelled all in " + close + " ns/coroutine");
            }
        }
        return results;
    }

    private static List<Integer> parseInts(String csv) {
        List<Integer> out = new ArrayList<>();
        for (String s : csv.split(",")) out.add(Integer.parseInt(s.trim()));
        return out;
    }

    private static double[] measureInChild(String impl, int frames, int n, int warmUp) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(CHILD_JVM_ARGS.split(" ")));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), CoroutineFootprint.class.getName(),
                "--child", impl, String.valueOf(frames), String.valueOf(n), String.valueOf(warmUp)));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        double[] value = null;
        StringBuilder all = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                all.append(line).append('\n');
                if (line.startsWith(RESULT_PREFIX)) {
                    String[] parts = line.substring(RESULT_PREFIX.length()).split(" ");
                    value = new double[] {Double.parseDouble(parts[0]), Double.parseDouble(parts[1])};
                }
            }
        }
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("footprint child " + impl + " " + frames + " " + n + ": no exit within 2 minutes");
        }
        if (p.exitValue() != 0 || value == null) {
            throw new IllegalStateException("footprint child " + impl + " " + frames + " " + n + " failed (exit " + p.exitValue() + "):\n" + all);
        }
        return value;
    }

    /** One measurement in this JVM: {bytes per suspended coroutine, ns per coroutine to cancel them all}. */
    static double[] measure(String impl, int frames, int n, int warmUp) {
        Bed warm = new Bed(impl, frames); // warm-up: load, initialise and compile everything the real run touches
        warm.suspend(warmUp);
        warm.cancelAll();
        Bed bed = new Bed(impl, frames);
        long before = usedAfterGc();
        bed.suspend(n);
        long after = usedAfterGc();
        Reference.reachabilityFence(bed);
        long t0 = System.nanoTime();
        bed.cancelAll();
        long closeNanos = System.nanoTime() - t0;
        if (bed.finished != n) throw new IllegalStateException(impl + ": " + bed.finished + " of " + n + " finally blocks ran");
        return new double[] {(after - before) / (double) n, closeNanos / (double) n};
    }

    private static long usedAfterGc() {
        long used = Long.MAX_VALUE;
        // with the serial collector one System.gc() is a full compaction; repeat until the figure settles
        for (int k = 0; k < 5; k++) {
            System.gc();
            long u = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            if (u == used) break;
            used = u;
        }
        return used;
    }

    /** The suspended coroutines of one measurement, and how many finally blocks ran once they were cancelled. */
    static final class Bed {
        private final String impl;
        private final CoroutineRegistry registry = new CoroutineRegistry(() -> 0);
        /** The loop of the {@code launch} impl: this thread drives it (runOnce), its waker has nothing to wake. */
        private final io.loopbridge.core.GuestLoop loop = new io.loopbridge.core.GuestLoop(() -> { });
        private final List<Object> raw = new ArrayList<>();
        private final Runnable body;
        private boolean stop;
        int finished;

        Bed(String impl, int frames) {
            this.impl = impl;
            Runnable atSuspendPoint;
            switch (impl) {
                case "loopbridge":
                    atSuspendPoint = () -> {
                        try {
                            Coroutine.suspend();
                        } catch (CancellationException expected) {
                            // the cancellation at the suspend point
                        } finally {
                            finished++;
                        }
                    };
                    break;
                case "await":
                    atSuspendPoint = () -> {
                        try {
                            Awaiting.await(Coroutine.current(), new CompletableFuture<>(), Runnable::run);
                        } catch (CancellationException expected) {
                            // the cancellation at the await
                        } finally {
                            finished++;
                        }
                    };
                    break;
                case "launch":
                    atSuspendPoint = () -> {
                        try {
                            io.loopbridge.core.Await.await(new CompletableFuture<>());
                        } catch (CancellationException expected) {
                            // the loop's close() at the await
                        } finally {
                            finished++;
                        }
                    };
                    break;
                case "rawContinuation":
                    atSuspendPoint = () -> {
                        try {
                            while (!stop) RawContinuation.yieldNow();
                        } finally {
                            finished++;
                        }
                    };
                    break;
                default:
                    throw new IllegalArgumentException("impl: " + impl + " (expected: one of " + IMPLS + ")");
            }
            body = () -> Frames.descend(frames, atSuspendPoint);
        }

        void suspend(int n) {
            if (impl.equals("launch")) {
                io.loopbridge.core.CheckedRunnable b = body::run;
                for (int i = 0; i < n; i++) loop.launch(b);
                while (loop.nextTimeout() == 0) loop.runOnce(); // starts them: each runs to its await and suspends
                return;
            }
            for (int i = 0; i < n; i++) {
                if (impl.equals("rawContinuation")) {
                    Object c = RawContinuation.create(body);
                    RawContinuation.run(c);
                    raw.add(c);
                } else {
                    registry.create(null, body).resume();
                }
            }
            if (!impl.equals("rawContinuation") && registry.suspendedCount() != n) {
                throw new IllegalStateException(impl + ": " + registry.suspendedCount() + " of " + n + " suspended");
            }
        }

        void cancelAll() {
            if (impl.equals("launch")) {
                loop.close(); // resumes every suspended coroutine with a CancellationException at its await
                return;
            }
            if (impl.equals("rawContinuation")) {
                stop = true;
                for (Object c : raw) RawContinuation.run(c);
                raw.clear();
            } else {
                registry.closeAll(() -> new CancellationException("closed"));
            }
        }
    }
}
