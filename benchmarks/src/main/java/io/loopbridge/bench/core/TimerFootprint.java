package io.loopbridge.bench.core;

import io.loopbridge.bench.report.BenchResult;

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
import java.util.concurrent.TimeUnit;

/**
 * Memory per pending timer, measured on the heap: the used heap after a full GC, before and after
 * scheduling the timers, divided by the timers still pending. JMH measures time, not retained memory,
 * so this is a plain {@code main}; it writes its results in JMH's JSON shape (see {@link BenchResult}).
 *
 * <p>Each measurement runs in a fresh JVM with a fixed heap and the serial collector
 * ({@value #CHILD_JVM_ARGS}): {@code System.gc()} is then a full, compacting collection, and the used-heap
 * figure after it is the live data to the byte. Before measuring, the child runs the same scenario once
 * at 1,000 timers, so class loading and static state are not counted. What is counted is everything the
 * timer facility keeps reachable per timer: its handle or task object, its heap slot, and any wrapper it
 * allocates; not the caller's callback (one shared no-op) nor the caller's references to the handles
 * (dropped before measuring).
 *
 * <p>Why not JOL: JOL gives the layout of one object (a {@code GuestLoop} timer handle is one object, so
 * that part would match), but not what a structure keeps around it: {@code ScheduledThreadPoolExecutor}'s
 * per-task adapter, a heap array's slack, cancelled tasks still queued. The heap delta gets all of it with
 * no dependency, and it cross-checks the layout arithmetic in {@code TimerHandleImpl}'s javadoc.
 *
 * <p>Scenarios: {@code pending} (n timers due at random within one second) and {@code cancelHalf} (the same,
 * then every other one cancelled, as in issue 6; bytes per surviving timer).
 *
 * <pre>
 * java -cp benchmarks.jar io.loopbridge.bench.core.TimerFootprint [--runs 3] [--out footprint.json]
 *      [--timers 100000,1000000] [--impls loopbridge,stpe,stpeLazy,priorityQueue] [--in-process]
 * </pre>
 * {@code --in-process} measures in the current JVM instead (quick, imprecise: for smoke tests).
 *
 * <p><b>Threading.</b> Single-threaded; each child JVM is waited for (2 minutes at most) before the next.
 */
public final class TimerFootprint {
    static final String CHILD_JVM_ARGS = "-Xms1g -Xmx1g -XX:+UseSerialGC";
    static final String BENCHMARK = TimerFootprint.class.getName() + ".retainedBytes";
    private static final String RESULT_PREFIX = "footprint-bytes-per-timer ";

    private TimerFootprint() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 4 && args[0].equals("--child")) {
            double v = measure(args[1], args[2], Integer.parseInt(args[3]));
            System.out.println(RESULT_PREFIX + v);
            return;
        }
        int runs = 3;
        Path out = null;
        boolean inProcess = false;
        List<Integer> sizes = List.of(100_000, 1_000_000);
        List<String> impls = List.of(Fixtures.LOOPBRIDGE, "stpe", "stpeLazy", "priorityQueue");
        for (int k = 0; k < args.length; k++) {
            switch (args[k]) {
                case "--runs": runs = Integer.parseInt(args[++k]); break;
                case "--out": out = Path.of(args[++k]); break;
                case "--in-process": inProcess = true; break;
                case "--timers": sizes = parseInts(args[++k]); break;
                case "--impls": impls = List.of(args[++k].split(",")); break;
                default: throw new IllegalArgumentException("option: " + args[k]
                        + " (expected: --runs N, --out FILE, --timers N,N, --impls A,B, --in-process)");
            }
        }
        List<BenchResult> results = run(runs, sizes, impls, inProcess);
        String json = BenchResult.toJsonArray(results);
        if (out == null) {
            System.out.print(json);
        } else {
            if (out.getParent() != null) Files.createDirectories(out.getParent());
            Files.writeString(out, json, StandardCharsets.UTF_8);
            System.out.println("TimerFootprint: wrote " + out);
        }
    }

    /** Every (scenario, size, impl) case, {@code runs} times each; the largest size only for {@code pending}. */
    public static List<BenchResult> run(int runs, List<Integer> sizes, List<String> impls, boolean inProcess)
            throws IOException, InterruptedException {
        List<BenchResult> results = new ArrayList<>();
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("jdkVersion", System.getProperty("java.version"));
        meta.put("vmName", System.getProperty("java.vm.name"));
        meta.put("jvmArgs", inProcess ? "(in-process)" : CHILD_JVM_ARGS);
        meta.put("forks", String.valueOf(runs));
        List<String[]> cases = new ArrayList<>();
        for (int n : sizes) cases.add(new String[] {"pending", String.valueOf(n)});
        cases.add(new String[] {"cancelHalf", String.valueOf(sizes.get(0))});
        for (String[] c : cases) {
            for (String impl : impls) {
                List<Double> values = new ArrayList<>();
                for (int r = 0; r < runs; r++) {
                    int n = Integer.parseInt(c[1]);
                    values.add(inProcess ? measure(c[0], impl, n) : measureInChild(c[0], impl, n));
                }
                Map<String, String> params = new LinkedHashMap<>();
                params.put("scenario", c[0]);
                params.put("timers", c[1]);
                params.put("impl", impl);
                results.add(BenchResult.ofRuns(BENCHMARK, "footprint", params, "B/timer", values, meta));
                System.out.println("TimerFootprint: " + c[0] + " " + c[1] + " " + impl + " -> " + values + " B/timer");
            }
        }
        return results;
    }

    private static List<Integer> parseInts(String csv) {
        List<Integer> out = new ArrayList<>();
        for (String s : csv.split(",")) out.add(Integer.parseInt(s.trim()));
        return out;
    }

    private static double measureInChild(String scenario, String impl, int n) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(CHILD_JVM_ARGS.split(" ")));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), TimerFootprint.class.getName(),
                "--child", scenario, impl, String.valueOf(n)));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        Double value = null;
        StringBuilder all = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                all.append(line).append('\n');
                if (line.startsWith(RESULT_PREFIX)) value = Double.valueOf(line.substring(RESULT_PREFIX.length()));
            }
        }
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("footprint child " + scenario + " " + impl + " " + n + ": no exit within 2 minutes");
        }
        if (p.exitValue() != 0 || value == null) {
            throw new IllegalStateException("footprint child " + scenario + " " + impl + " " + n + " failed (exit "
                    + p.exitValue() + "):\n" + all);
        }
        return value;
    }

    /** One measurement in this JVM: retained heap bytes per pending timer. */
    static double measure(String scenario, String impl, int n) {
        build(scenario, impl, 1_000).close(); // warm-up: load and initialise everything the real run touches
        long before = usedAfterGc();
        TimerBed bed = build(scenario, impl, n);
        long after = usedAfterGc();
        int survivors = scenario.equals("cancelHalf") ? n - n / 2 : n;
        Reference.reachabilityFence(bed);
        bed.close();
        return (after - before) / (double) survivors;
    }

    /** The scenario's timers, scheduled (and half cancelled), with the bed's own handle references dropped. */
    static TimerBed build(String scenario, String impl, int n) {
        TimerBed bed = TimerBed.create(impl, n, Fixtures.NOOP);
        Fixtures.Delays delays = new Fixtures.Delays(42);
        for (int i = 0; i < n; i++) bed.schedule(i, delays.next());
        switch (scenario) {
            case "pending": break;
            case "cancelHalf": for (int i = 0; i < n; i += 2) bed.cancel(i); break;
            default: throw new IllegalArgumentException("scenario: " + scenario + " (expected: pending or cancelHalf)");
        }
        bed.forgetHandles();
        return bed;
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
}
