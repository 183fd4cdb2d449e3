package io.loopbridge.demo.model;

import io.loopbridge.core.AsyncStreamReader;
import io.loopbridge.core.EventLoop;
import io.loopbridge.core.LoopFuture;
import io.loopbridge.core.Subprocess;
import io.loopbridge.core.Task;
import io.loopbridge.demo.child.ProgressPrinter;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.RejectedExecutionException;

import static io.loopbridge.core.Await.await;

/**
 * Process: runs a real command with {@code loop.subprocess(ProcessBuilder)} and shows its output line by
 * line as it arrives ({@code stdout().readLine()} on the loop thread), then its exit code. The command is
 * either the small bundled {@link ProgressPrinter} or {@code java -version}, both with the JVM the demo
 * runs on ({@code java.home}). The process belongs to the task that started it: cancelling the task
 * terminates it (SIGTERM, then SIGKILL after 5 s), and the panel shows when it has ended. A non-zero exit
 * code fails the run, so it reaches the error area.
 *
 * <p>Written twice, the same behaviour: as a coroutine (a {@code for} loop over {@code await(readLine())})
 * or as a chain (a recursive {@code thenCompose}), as {@link Style} says.
 *
 * <p><b>Threading.</b> Loop thread only, as every {@link Model}.
 */
public final class ProcessModel extends Model {
    /** What to run. */
    public enum Command {
        /** The bundled program printing one progress line per step. */
        PROGRESS("the bundled ProgressPrinter"),
        /** The JDK's own {@code java -version} (it prints to stderr, merged into stdout here). */
        JAVA_VERSION("java -version");

        private final String title;

        Command(String title) {
            this.title = title;
        }

        /** How the panel names it. */
        public String title() {
            return title;
        }
    }

    /** At most this many output lines are kept and shown (the rest is still read, so the process never blocks). */
    static final int MAX_LINES = 1000;
    /** Exit code the bundled program ends with when asked to fail. */
    public static final int FAIL_EXIT_CODE = 3;

    private final Style style;
    private final int steps;
    private final Duration every;
    /** The output of the current (or last) run. Loop thread. */
    private final List<String> lines = new ArrayList<>();
    /** Lines beyond {@link #MAX_LINES}, read and dropped. Loop thread. */
    private int dropped;
    /** The process of the current (or last) run: -1 before it started. Loop thread. */
    private long pid = -1;
    /** The exit code of the last run that exited, else null. Loop thread. */
    private Integer exitCode;
    /** Runs so far: a run updates the state only while it is the latest. Loop thread. */
    private int generation;
    /** The last run whose outcome is shown (each is shown once). Loop thread. */
    private int reported;
    /** Loop thread. */
    private String status = "Pick a command and press Run.";

    /**
     * @param steps how many progress lines the bundled program prints
     * @param every how long it waits before each
     */
    public ProcessModel(EventLoop loop, Style style, int steps, Duration every) {
        super(loop);
        this.style = Objects.requireNonNull(style, "style: null (expected: non-null)");
        if (steps < 1) throw new IllegalArgumentException("steps: " + steps + " (expected: >= 1)");
        this.steps = steps;
        this.every = Objects.requireNonNull(every, "every: null (expected: non-null)");
    }

    /**
     * The command line of {@code command}: the demo's own JVM ({@code java.home}) running the bundled
     * program from the demo's own classes, or {@code -version}. Safe from any thread.
     *
     * @param fail make the bundled program exit with {@link #FAIL_EXIT_CODE}
     */
    public List<String> commandLine(Command command, boolean fail) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        if (command == Command.JAVA_VERSION) return List.of(java, "-version");
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", classesOf(ProgressPrinter.class),
                ProgressPrinter.class.getName(), Integer.toString(steps), Long.toString(every.toMillis())));
        if (fail) cmd.add(Integer.toString(FAIL_EXIT_CODE));
        return cmd;
    }

    /** Where {@code c} was loaded from (the demo's jar or classes directory), as a class path entry. */
    private static String classesOf(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException | RuntimeException e) {
            throw new IllegalStateException("cannot tell where " + c.getName() + " was loaded from", e);
        }
    }

    /**
     * Runs {@code command} and completes with its exit code once its output has ended and it has exited;
     * fails with an {@link IOException} if it cannot start or exits with a non-zero code. Call it from the
     * task that should own the process (a button's action task). Loop thread only.
     */
    public LoopFuture<Integer> run(Command command, boolean fail) {
        Objects.requireNonNull(command, "command: null (expected: non-null)");
        Outcomes.nameCurrentTask("Process");
        int mine = ++generation;
        ProcessBuilder builder = new ProcessBuilder(commandLine(command, fail)).redirectErrorStream(true);
        lines.clear();
        dropped = 0;
        pid = -1;
        exitCode = null;
        status = "Starting " + command.title() + "\u2026";
        changed();
        long start = loop.time();
        // a cancel that reaches only the process (not a read) would otherwise end the chain's task unreported
        Outcomes.onCurrentTaskCancelled(loop, () -> notExited(mine, start, new CancellationException("the task was cancelled")));
        // the coroutine is a child of the calling task: cancelling that task cancels it, and so the process
        if (style == Style.COROUTINE) return loop.launchEager(() -> runAsCoroutine(command, builder, mine, start));
        Task<?> owner = Task.current();
        return runAsChain(builder, mine).handle((code, e) -> {
            if (owner != null && owner.isCancelRequested()) {
                // the cancel terminated the process and its exit (143) came back first: a cancel, not a failure
                CancellationException c = new CancellationException("cancelled: the process was terminated");
                notExited(mine, start, c);
                throw c;
            }
            if (e != null) {
                notExited(mine, start, e);
                throw Outcomes.rethrow(e);
            }
            try {
                return exited(command, code, mine, start);
            } catch (IOException nonZero) {
                throw Outcomes.rethrow(nonZero);
            }
        });
    }

    /** The run as a coroutine: straight-line code, one await per line, its outcome shown by the body itself. */
    private int runAsCoroutine(Command command, ProcessBuilder builder, int mine, long start) throws IOException {
        int code;
        try {
            Subprocess p = await(loop.subprocess(builder));
            started(p, mine);
            for (String line; (line = await(p.stdout().readLine())) != null; ) add(line, mine);
            code = await(p.exit());
        } catch (RuntimeException e) { // a cancel (CancellationException at an await) or a failure
            notExited(mine, start, e);
            throw e;
        }
        return exited(command, code, mine, start);
    }

    /** The same run as a chain: the lines by a recursive thenCompose, then the exit. */
    private LoopFuture<Integer> runAsChain(ProcessBuilder builder, int mine) {
        return loop.subprocess(builder).thenCompose(p -> {
            started(p, mine);
            return readLines(p.stdout(), mine).thenCompose(v -> p.exit());
        });
    }

    /** The process exited with {@code code}: shown; a non-zero code fails the run. */
    private int exited(Command command, int code, int mine, long start) throws IOException {
        if (mine == generation && reported != mine) {
            reported = mine;
            exitCode = code;
            status = "Exited with code " + code + " after " + Outcomes.seconds(loop.time() - start) + ": " + lines.size()
                    + " lines, each shown as it arrived.";
            changed();
        }
        if (code != 0) throw new IOException(command.title() + " exited with code " + code);
        return code;
    }

    /** The run ended without an exit code: cancelled (then the process's end is watched) or failed. */
    private void notExited(int mine, long start, Throwable e) {
        if (mine != generation || reported == mine) return; // once per run
        reported = mine;
        String took = Outcomes.seconds(loop.time() - start);
        if (Outcomes.isCancellation(e) && pid < 0) {
            status = "Cancelled after " + took + ", before the process started.";
            changed();
        } else if (Outcomes.isCancellation(e)) {
            status = "Cancelled after " + took + ": process " + pid + " was sent SIGTERM\u2026";
            changed();
            watchEnd(mine, took);
        } else {
            status = "Failed after " + took + ": " + Outcomes.describe(e);
            changed();
        }
    }

    private LoopFuture<Void> readLines(AsyncStreamReader out, int mine) {
        return out.readLine().thenCompose(line -> {
            if (line == null) return loop.completedFuture(null);
            add(line, mine);
            return readLines(out, mine);
        });
    }

    private void started(Subprocess p, int mine) {
        if (mine != generation) return;
        pid = p.pid();
        status = "Running as process " + pid + ": its output appears line by line as it arrives\u2026";
        changed();
    }

    private void add(String line, int mine) {
        if (mine != generation) return;
        if (lines.size() < MAX_LINES) lines.add(line);
        else dropped++;
        changed();
    }

    /** Shows when the cancelled run's process has really ended (the JDK reports it; the loop shows it). */
    private void watchEnd(int mine, String took) {
        long p = pid;
        if (p < 0) return;
        ProcessHandle.of(p).ifPresentOrElse(h -> h.onExit().thenRun(() -> {
            try {
                loop.execute(() -> ended(mine, p, took));
            } catch (RejectedExecutionException closed) {
                // the loop closed meanwhile (the window is closing): nobody is left to see it
            }
        }), () -> ended(mine, p, took));
    }

    private void ended(int mine, long p, String took) {
        if (mine != generation) return;
        status = "Cancelled after " + took + ": process " + p + " was terminated and has ended.";
        changed();
    }

    /** The output of the current (or last) run, oldest first (a copy; at most {@link #MAX_LINES}). */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** Output lines read beyond {@link #MAX_LINES} and not kept. */
    public int droppedLines() {
        return dropped;
    }

    /** The process id of the current (or last) run, or -1 before its process started. */
    public long pid() {
        return pid;
    }

    /** The exit code of the last run that exited normally, else null (running, cancelled, or not started). */
    public Integer exitCode() {
        return exitCode;
    }

    /** Which way the run is written. */
    public Style style() {
        return style;
    }

    /** The status line. */
    public String status() {
        return status;
    }
}
