package io.loopbridge.bench.streams;

import io.loopbridge.bench.ui.Toolkit;
import io.loopbridge.javafx.FxLoop;
import io.loopbridge.swing.SwingLoop;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run of the stream benchmarks in this JVM: one implementation, one group of rows (see
 * {@link StreamSuite}, which starts a fresh JVM for each and collects the figures). Rows, as in issue 15:
 * <ul>
 *   <li>{@code echo}: throughput, MB/s (10^6 bytes of payload per second) of a stream of 64 KiB writes
 *       echoed by a blocking peer ({@link EchoPeer}) and read back concurrently, the rounds sized to about
 *       half a second for each implementation; then round-trip latency of a 32-byte request/reply, one at
 *       a time on one connection (p50, p99 of 20,000 after 20,000 warm-up round trips);</li>
 *   <li>{@code conns}: 1,000 connections, both ends in this JVM, each having echoed one line: the heap
 *       they retain (after full collections), the resident memory they add, and the threads they add,
 *       measured against the same JVM after a warm-up round of 1,000 opened and closed;</li>
 *   <li>{@code lines}: a child process ({@link LinePrinter}) writes 1,000,000 lines of 64 bytes from
 *       memory; lines per second read as strings, from the first line to the last.</li>
 * </ul>
 * Implementations: {@code loopbridge} ({@code StandaloneLoop} on its own thread),
 * {@code loopbridge-fx-monocle} / {@code loopbridge-fx-gtk} ({@code FxLoop}: the work runs on the FX
 * Application Thread), {@code loopbridge-swing-headless} / {@code loopbridge-swing-xvfb}
 * ({@code SwingLoop}: on the EDT), {@code blocking} (platform threads, {@link BlockingClient}) and
 * {@code netty} ({@link NettyClient}; not in the lines row), and the latency floor {@code hop-fx-monocle},
 * {@code hop-fx-gtk}, {@code hop-swing-headless}, {@code hop-swing-xvfb} ({@link HopClient}: a blocking
 * round trip plus one toolkit post; latency rows only). The toolkit mode comes from the JVM's
 * properties, which {@link StreamSuite} sets. Each figure is printed as a line
 * {@value #PREFIX}{@code benchmark<TAB>params<TAB>unit<TAB>values}; nothing is asserted.
 *
 * <pre>
 * java [toolkit properties] -cp benchmarks.jar io.loopbridge.bench.streams.StreamBench IMPL GROUP[,GROUP] [--quick]
 * </pre>
 *
 * <p><b>Threading.</b> The main thread drives; each {@link Client} runs its work where its library does.
 */
public final class StreamBench {
    static final String PREFIX = "stream-result\t";
    static final List<String> GROUPS = List.of("echo", "conns", "lines");
    static final List<String> IMPLS = List.of("loopbridge", "loopbridge-fx-monocle", "loopbridge-fx-gtk", "loopbridge-swing-headless",
            "loopbridge-swing-xvfb", "blocking", "netty", "hop-fx-monocle", "hop-fx-gtk", "hop-swing-headless", "hop-swing-xvfb");

    private final String impl;
    private final boolean quick;
    private final PrintStream out;

    private StreamBench(String impl, boolean quick, PrintStream out) {
        this.impl = impl;
        this.quick = quick;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: StreamBench " + String.join("|", IMPLS) + " " + String.join("|", GROUPS) + "[,GROUP] [--quick]");
            System.exit(2);
        }
        boolean quick = args.length > 2 && args[2].equals("--quick");
        int status = 1;
        try {
            run(args[0], List.of(args[1].split(",")), quick, System.out);
            status = 0;
        } catch (Throwable e) {
            e.printStackTrace();
        } finally {
            System.exit(status); // the toolkits keep non-daemon threads
        }
    }

    /** Whether {@code impl} has the {@code group} rows (Netty has no process pipes; the hop floor has latency only). */
    static boolean applies(String impl, String group) {
        if (impl.startsWith("hop-")) return group.equals("echo");
        return !(impl.equals("netty") && group.equals("lines"));
    }

    /** Runs {@code groups} for {@code impl} in this JVM (the UI toolkit, if any, started once per JVM). */
    public static void run(String impl, List<String> groups, boolean quick, PrintStream out) throws Exception {
        StreamBench b = new StreamBench(impl, quick, out);
        try (Client c = client(impl)) {
            for (String g : groups) {
                if (!applies(impl, g)) continue;
                switch (g) {
                    case "echo" -> b.echo(c);
                    case "conns" -> b.conns(c);
                    case "lines" -> b.lines(c);
                    default -> throw new IllegalArgumentException("group: " + g + " (expected one of " + GROUPS + ")");
                }
            }
        }
    }

    static Client client(String impl) throws Exception {
        if (impl.equals("loopbridge")) return LoopClient.standalone();
        if (impl.startsWith("loopbridge-fx-")) {
            Toolkit tk = Toolkit.create("fx");
            tk.start();
            return LoopClient.onUi(tk.callOnUi(FxLoop::create, 30));
        }
        if (impl.startsWith("loopbridge-swing-")) {
            Toolkit tk = Toolkit.create("swing");
            tk.start();
            return LoopClient.onUi(tk.callOnUi(SwingLoop::create, 30));
        }
        if (impl.startsWith("hop-")) {
            Toolkit tk = Toolkit.create(impl.startsWith("hop-fx-") ? "fx" : "swing");
            tk.start();
            return new HopClient(tk);
        }
        return switch (impl) {
            case "blocking" -> new BlockingClient();
            case "netty" -> new NettyClient();
            default -> throw new IllegalArgumentException("impl: " + impl + " (expected one of " + IMPLS + ")");
        };
    }

    private void emit(String benchmark, String unit, List<Double> values, String... params) {
        StringBuilder p = new StringBuilder();
        for (int i = 0; i < params.length; i += 2) p.append(params[i]).append('=').append(params[i + 1]).append(',');
        p.append("impl=").append(impl);
        StringBuilder v = new StringBuilder();
        for (double d : values) v.append(v.length() == 0 ? "" : ",").append(d);
        out.println(PREFIX + benchmark + "\t" + p + "\t" + unit + "\t" + v);
        out.flush();
    }

    // ---- echo: throughput and latency ----

    private void echo(Client c) throws Exception {
        try (EchoPeer peer = new EchoPeer()) {
            if (c.measuresThroughput()) throughput(c, peer);
            long[] lat = c.pingPong(peer.port(), quick ? 10 : 20_000, quick ? 50 : 20_000);
            Arrays.sort(lat);
            emit("StreamEcho.latency", "us", List.of(pct(lat, 50) / 1e3), "request", Client.PING + "B", "stat", "p50");
            emit("StreamEcho.latency", "us", List.of(pct(lat, 99) / 1e3), "request", Client.PING + "B", "stat", "p99");
        }
    }

    private void throughput(Client c, EchoPeer peer) throws Exception {
        long sizing = quick ? 1L << 20 : 32L << 20;
        double rate = sizing / (c.echo(peer.port(), sizing) / 1e9); // bytes/s
        long total = quick ? 1L << 20 : Math.max(32L << 20, Math.min(4L << 30, (long) (rate * 0.5)));
        total -= total % Client.CHUNK;
        for (int r = 0; r < (quick ? 0 : 2); r++) c.echo(peer.port(), total); // warm-up rounds of the same size
        List<Double> mbs = new ArrayList<>();
        for (int r = 0; r < (quick ? 1 : 3); r++) mbs.add(total / (c.echo(peer.port(), total) / 1e9) / 1e6);
        emit("StreamEcho.throughput", "MB/s", mbs, "write", "64KiB");
    }

    static double pct(long[] sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    // ---- conns: 1,000 connections ----

    private void conns(Client c) throws Exception {
        int n = quick ? 20 : 1_000;
        int threads0 = Client.threads();
        c.connections(n, () -> { }); // warm-up: classes, buffers, pools, the I/O thread
        long heap0 = Client.usedAfterGc();
        long rss0 = Client.rss();
        long[] at = new long[3];
        c.connections(n, () -> {
            at[0] = Client.usedAfterGc();
            at[1] = Client.rss();
            at[2] = Client.threads();
        });
        String conns = String.valueOf(n);
        emit("StreamConnections.heap", "B/conn", List.of((at[0] - heap0) / (double) n), "connections", conns);
        if (rss0 > 0) emit("StreamConnections.rss", "B/conn", List.of((at[1] - rss0) / (double) n), "connections", conns);
        emit("StreamConnections.threads", "threads", List.of((double) (at[2] - threads0)), "connections", conns);
    }

    // ---- lines: a process's output line by line ----

    private void lines(Client c) throws Exception {
        int n = quick ? 2_000 : 1_000_000;
        if (!quick) c.lines(printer(n / 4), n / 4); // warm-up
        List<Double> rates = new ArrayList<>();
        for (int r = 0; r < (quick ? 1 : 3); r++) rates.add((n - 1) / (c.lines(printer(n), n) / 1e9));
        emit("StreamLines.throughput", "lines/s", rates, "line", LinePrinter.LINE_BYTES + "B", "lines", String.valueOf(n));
    }

    static ProcessBuilder printer(int n) {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xshare:auto", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-Xmx512m", "-cp", System.getProperty("java.class.path"), LinePrinter.class.getName(),
                String.valueOf(n)).redirectError(ProcessBuilder.Redirect.INHERIT); // stdout only, for both sides
    }

    /** Parses one result line: benchmark, params (in order), unit, values. For {@link StreamSuite} and tests. */
    static Map<String, Object> parse(String line) {
        String[] f = line.substring(PREFIX.length()).split("\t");
        Map<String, String> params = new LinkedHashMap<>();
        for (String kv : f[1].split(",")) {
            int eq = kv.indexOf('=');
            params.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        List<Double> values = new ArrayList<>();
        for (String v : f[3].split(",")) values.add(Double.valueOf(v));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("benchmark", f[0]);
        m.put("params", params);
        m.put("unit", f[2]);
        m.put("values", values);
        return m;
    }
}
