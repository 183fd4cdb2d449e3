package io.loopbridge.core;

/**
 * A child process started by {@link EventLoop#subprocess}, asyncio's {@code Process}: its standard
 * streams as loop streams and its exit as a future.
 *
 * <pre>{@code
 * loop.subprocess(new ProcessBuilder("git", "log", "--oneline"))
 *     .thenCompose(p -> showLines(p.stdout()).thenCompose(v -> p.exit()))
 *     .thenAccept(code -> status.setText("exit " + code));
 * }</pre>
 *
 * <ul>
 *   <li><b>Streams.</b> {@link #stdin()}, {@link #stdout()} and {@link #stderr()} are pipes when the
 *       builder says {@link ProcessBuilder.Redirect#PIPE} (its default). A stream redirected elsewhere
 *       (inherited, a file, or stderr merged into stdout by {@code redirectErrorStream(true)}) reads as
 *       already ended, and writing to a redirected stdin fails as after {@code close()}.</li>
 *   <li><b>Ownership.</b> The process belongs to the task that called {@code loop.subprocess(...)}, and
 *       to each task that called {@link #exit()}: cancelling such a task terminates the process
 *       ({@link #terminate()}), and kills it ({@link #kill()}) if it is still alive 5 seconds later, as
 *       Trio does: a process that ignores SIGTERM cannot outlive its cancellation. Closing the loop kills every process it started ({@link #kill()}) and
 *       waits (briefly, see {@code docs/streams.md}) for their pipes to close.</li>
 *   <li><b>Threads.</b> Each pipe is pumped by a thread of its own (a virtual thread on JDK 21+, a daemon
 *       thread before), with bounded buffering: a slow reader stops the pump, and so the process.</li>
 * </ul>
 *
 * <p><b>Threading.</b> Loop thread only, except {@link #pid()}, {@link #terminate()} and {@link #kill()},
 * which are safe from any thread. The futures complete on the loop thread.
 */
public interface Subprocess {

    /** The process's standard input. Loop thread. */
    AsyncStreamWriter stdin();

    /** The process's standard output. Loop thread. */
    AsyncStreamReader stdout();

    /** The process's standard error. Loop thread. */
    AsyncStreamReader stderr();

    /**
     * The exit code, once the process has exited. A new future per call, which belongs to the calling
     * task; cancelling it (directly, by {@link EventLoop#waitFor} timing out, or by cancelling that task)
     * terminates the process (and kills it 5 seconds later if it is still alive). Output may still be arriving when it completes: read {@link #stdout()} to
     * its end for all of it. Loop thread.
     */
    LoopFuture<Integer> exit();

    /** Asks the process to end (SIGTERM on POSIX; forcible on Windows). Safe from any thread. */
    void terminate();

    /** Ends the process forcibly (SIGKILL on POSIX). Safe from any thread. */
    void kill();

    /** The operating system's process id. Safe from any thread. */
    long pid();
}
