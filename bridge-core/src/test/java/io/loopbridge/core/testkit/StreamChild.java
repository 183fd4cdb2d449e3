package io.loopbridge.core.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A small program the stream tests run as a real child process with the JDK's own {@code java}, so they
 * work wherever the tests do. Modes (the first argument):
 * <ul>
 *   <li>{@code lines N}: prints {@code line 1} .. {@code line N} to stdout, then {@code done} to stderr; exits 0;</li>
 *   <li>{@code echo}: copies stdin to stdout until stdin ends; exits 0;</li>
 *   <li>{@code both OUT ERR CODE}: prints OUT to stdout, ERR to stderr, exits with CODE;</li>
 *   <li>{@code flood BYTES}: writes BYTES bytes of {@code 'x'} lines (99 x's and a newline) to stdout; exits 0;</li>
 *   <li>{@code sleep}: prints {@code ready} and sleeps until killed;</li>
 *   <li>{@code stubborn}: ignores SIGTERM (a shutdown hook that never ends holds the JVM), prints
 *       {@code ready} and sleeps until killed with SIGKILL.</li>
 * </ul>
 *
 * <p><b>Threading.</b> A program of its own; single-threaded.
 */
public final class StreamChild {
    private StreamChild() {}

    /** The command line that runs this program with {@code args}: the running JDK's {@code java}, this class path. */
    public static ProcessBuilder builder(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("-Xshare:auto");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(StreamChild.class.getName());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd);
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        switch (args[0]) {
            case "lines" -> {
                int n = Integer.parseInt(args[1]);
                for (int i = 1; i <= n; i++) out.println("line " + i);
                out.flush();
                System.err.println("done");
            }
            case "echo" -> {
                InputStream in = System.in;
                OutputStream o = System.out;
                byte[] buf = new byte[8192];
                for (int r; (r = in.read(buf)) >= 0; ) {
                    o.write(buf, 0, r);
                    o.flush();
                }
            }
            case "both" -> {
                out.print(args[1]);
                out.flush();
                System.err.print(args[2]);
                System.err.flush();
                System.exit(Integer.parseInt(args[3]));
            }
            case "flood" -> {
                long total = Long.parseLong(args[1]);
                byte[] line = new byte[100];
                java.util.Arrays.fill(line, (byte) 'x');
                line[99] = '\n';
                OutputStream o = System.out;
                for (long left = total; left > 0; left -= line.length) o.write(line, 0, (int) Math.min(line.length, left));
                o.flush();
            }
            case "sleep" -> {
                out.println("ready");
                out.flush();
                Thread.sleep(Long.MAX_VALUE);
            }
            case "stubborn" -> {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        Thread.sleep(Long.MAX_VALUE);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
                out.println("ready");
                out.flush();
                Thread.sleep(Long.MAX_VALUE);
            }
            default -> throw new IllegalArgumentException("mode: " + args[0]);
        }
    }
}
