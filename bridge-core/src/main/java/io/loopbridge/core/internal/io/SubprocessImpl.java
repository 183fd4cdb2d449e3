package io.loopbridge.core.internal.io;

import io.loopbridge.core.AsyncStreamReader;
import io.loopbridge.core.AsyncStreamWriter;
import io.loopbridge.core.ConnectionResetException;
import io.loopbridge.core.LoopFuture;
import io.loopbridge.core.StreamLimits;
import io.loopbridge.core.Subprocess;
import io.loopbridge.core.Task;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A started process: a pump thread per piped stream ({@link Pumps}), its exit from
 * {@link Process#onExit()} (the JDK's process reaper thread), both handed to the loop through the
 * {@link LoopPost}.
 *
 * <p><b>Output pumps</b> read at most {@link IoService#CHUNK} bytes at a time, and only while the
 * reader's {@link FlowGate} has room: a reader that stops reading stops the pump (it blocks in
 * {@link FlowGate#awaitRoom()}), the pipe fills, and the process blocks on its next write. Memory per
 * stream stays below the gate's threshold plus one chunk.
 *
 * <p><b>The input pump</b> starts with the first write (or close) and writes queued chunks with blocking
 * writes; the loop's {@link WriterBase} counts what is unsent, so {@code drain()} is backpressure here too.
 *
 * <p><b>Ownership: cancelling terminates.</b> The library's tasks can only be watched through public API,
 * so the process is tied to a task with an eager child task whose body awaits a plain future of ours: the
 * task that called {@code subprocess(...)} gets one (its "guard"), and every {@link #exit()} future is one.
 * Cancelling the owner cancels the child, which cancels our future, whose completion action terminates the
 * process. A plain future is used (not a loop future) so that nothing the task sees gets a hidden dependent.
 *
 * <p><b>Terminating on cancel is bounded.</b> A cancellation sends SIGTERM ({@link Process#destroy()}), so
 * the process can clean up; one still alive {@link #KILL_GRACE_MILLIS} ms later is killed (SIGKILL), as
 * Trio's {@code run_process} does (asyncio leaves a process whose wait was cancelled running until its
 * transport closes). The grace is real time, counted by the JDK's delayed-task thread, not the loop's
 * clock: it is the process's time, and it runs out even if the host stops driving the loop. An explicit
 * {@link #terminate()} is only SIGTERM: the caller decides what follows.
 *
 * <p><b>Threading.</b> The streams and {@link #exit()} on the loop thread; {@link #terminate()},
 * {@link #kill()}, {@link #pid()} and the close hooks from any thread.
 */
final class SubprocessImpl implements Subprocess {
    /** How long a cancelled process may take to exit after SIGTERM before it is killed (Trio's 5 s). */
    static final long KILL_GRACE_MILLIS = 5_000;

    private final IoService io;
    private final Process process;
    private final long pid;
    private final StreamReaderImpl stdout;
    private final StreamReaderImpl stderr;
    private final WriterBase stdin;
    private final List<FlowGate> gates = new ArrayList<>(2);
    /** Counts down as each output pump thread ends (its pipe closed). */
    private final CountDownLatch pumpsDone;
    private final PipeWriter stdinPipe;
    /** The exit code once the exit was posted. Loop thread. */
    private Integer exitCode;
    /** Output pumps still running. Loop thread. */
    private int outputsLeft;
    private final List<CompletableFuture<Integer>> exitStages = new ArrayList<>(1);
    /** Cancelled when the owning task is; completed on exit. Null if started outside a task. */
    private CompletableFuture<Void> guard;

    private SubprocessImpl(IoService io, Process process, ProcessBuilder b, StreamLimits limits) {
        this.io = io;
        this.process = process;
        this.pid = process.pid();
        boolean out = b.redirectOutput() == ProcessBuilder.Redirect.PIPE;
        boolean err = b.redirectError() == ProcessBuilder.Redirect.PIPE && !b.redirectErrorStream();
        boolean in = b.redirectInput() == ProcessBuilder.Redirect.PIPE;
        this.pumpsDone = new CountDownLatch((out ? 1 : 0) + (err ? 1 : 0));
        this.stdout = reader(limits, "stdout");
        this.stderr = reader(limits, "stderr");
        this.stdinPipe = in ? new PipeWriter(limits, process.getOutputStream()) : null;
        this.stdin = in ? stdinPipe : new RedirectedWriter(limits);
        if (out) pumpOutput(process.getInputStream(), stdout, "stdout");
        else stdout.feedEof();
        if (err) pumpOutput(process.getErrorStream(), stderr, "stderr");
        else stderr.feedEof();
        outputsLeft = (out ? 1 : 0) + (err ? 1 : 0);
    }

    /** Loop thread: starts {@code b}'s process and its pumps. */
    static SubprocessImpl start(IoService io, ProcessBuilder b, StreamLimits limits) throws IOException {
        Process p = b.start();
        SubprocessImpl s = new SubprocessImpl(io, p, b, limits);
        io.started(s);
        if (Task.current() != null) {
            CompletableFuture<Void> g = new CompletableFuture<>();
            g.whenComplete((v, e) -> {
                if (g.isCancelled()) s.terminateForCancel();
            });
            s.guard = g;
            io.loop.createEagerTask(() -> g); // a child of the current task: see the class javadoc
        }
        p.onExit().whenComplete((ph, e) -> io.post(() -> s.exited(p.exitValue())));
        return s;
    }

    private StreamReaderImpl reader(StreamLimits limits, String name) {
        FlowGate g = new FlowGate(2L * limits.readLimit());
        gates.add(g);
        return new StreamReaderImpl(io.loop, limits.readLimit(), g, name + " of process " + pid);
    }

    private void pumpOutput(InputStream in, StreamReaderImpl reader, String name) {
        FlowGate gate = reader.flow();
        Pumps.start(io.name() + "-pipe-" + pid + "-" + name, () -> {
            try (in) {
                byte[] buf = new byte[IoService.CHUNK];
                while (gate.awaitRoom()) {
                    int n = in.read(buf);
                    if (n < 0) {
                        io.post(reader::feedEof);
                        break;
                    }
                    if (n == 0) continue;
                    byte[] chunk = Arrays.copyOf(buf, n);
                    gate.delivered(n);
                    io.post(() -> reader.feed(chunk));
                }
            } catch (IOException e) {
                io.post(() -> reader.feedError(new ConnectionResetException("the " + name + " pipe of process " + pid + " broke: " + e.getMessage(), e)));
            } catch (InterruptedException e) {
                io.post(reader::feedEof);
            } finally {
                pumpsDone.countDown();
                io.post(this::outputEnded);
            }
        });
    }

    // ---- events on the loop thread ----

    private void exited(int code) {
        exitCode = code;
        List<CompletableFuture<Integer>> w = new ArrayList<>(exitStages);
        exitStages.clear();
        for (CompletableFuture<Integer> s : w) s.complete(code);
        if (guard != null) guard.complete(null);
        if (stdinPipe == null || !stdinPipe.started()) closeQuietly(process.getOutputStream()); // nobody will write: free the pipe
        maybeReaped();
    }

    private void outputEnded() {
        outputsLeft--;
        maybeReaped();
    }

    private void maybeReaped() {
        if (exitCode != null && outputsLeft <= 0) io.reaped(this);
    }

    // ---- API ----

    @Override
    public AsyncStreamWriter stdin() {
        return stdin;
    }

    @Override
    public AsyncStreamReader stdout() {
        return stdout;
    }

    @Override
    public AsyncStreamReader stderr() {
        return stderr;
    }

    @Override
    public LoopFuture<Integer> exit() {
        CompletableFuture<Integer> stage = new CompletableFuture<>();
        if (exitCode != null) {
            stage.complete(exitCode);
        } else {
            exitStages.removeIf(CompletableFuture::isDone);
            exitStages.add(stage);
            stage.whenComplete((v, e) -> {
                if (stage.isCancelled()) terminateForCancel();
            });
        }
        Task<Integer> t = io.loop.createEagerTask(() -> stage); // belongs to the calling task: see the class javadoc
        return t;
    }

    @Override
    public void terminate() {
        process.destroy();
    }

    /**
     * An owner was cancelled: SIGTERM now, SIGKILL if the process is still alive after
     * {@link #KILL_GRACE_MILLIS} (see the class javadoc). Any thread.
     */
    void terminateForCancel() {
        if (!process.isAlive()) return;
        process.destroy();
        CompletableFuture.delayedExecutor(KILL_GRACE_MILLIS, TimeUnit.MILLISECONDS).execute(() -> {
            if (process.isAlive()) process.destroyForcibly();
        });
    }

    @Override
    public void kill() {
        process.destroyForcibly();
    }

    @Override
    public long pid() {
        return pid;
    }

    /** Any thread (the loop's close): kill, and stop every pump so that none waits for a reader. */
    void killForClose() {
        process.destroyForcibly();
        for (FlowGate g : gates) g.stop();
        if (stdinPipe != null) stdinPipe.abort();
    }

    /** Any thread: waits up to {@code nanos} for the pump threads to end (their pipes closed). */
    void awaitPipes(long nanos) {
        try {
            if (!pumpsDone.await(nanos, TimeUnit.NANOSECONDS)) {
                // a grandchild may hold a pipe open: the pump ends when it does (it is a daemon or virtual thread)
                closeQuietly(process.getInputStream());
                closeQuietly(process.getErrorStream());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The output gates (the tests read their peaks). */
    FlowGate stdoutGate() {
        return stdout.flow();
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public String toString() {
        return "process " + pid + (exitCode == null ? "" : " (exited " + exitCode + ")");
    }

    /** A stdin the builder redirected elsewhere: it is closed from the start. */
    private final class RedirectedWriter extends WriterBase {
        RedirectedWriter(StreamLimits limits) {
            super(io.loop, limits, "stdin of process " + pid + " (redirected)");
            closeRequested = true;
            finished = true;
        }

        @Override
        void send(byte[] data) {
            throw new AssertionError("unreachable: a redirected stdin is closed");
        }

        @Override
        void shutdown(boolean close) {}
    }

    /** The process's piped stdin: the loop queues chunks, a pump thread writes them. */
    private final class PipeWriter extends WriterBase {
        private final OutputStream out;
        /** Guards {@link #queue}, {@link #endQueued}, {@link #aborted}, {@link #pump}. */
        private final Object lock = new Object();
        private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
        private boolean endQueued;
        private boolean aborted;
        private Thread pump;

        PipeWriter(StreamLimits limits, OutputStream out) {
            super(io.loop, limits, "stdin of process " + pid);
            this.out = out;
        }

        @Override
        void send(byte[] data) {
            synchronized (lock) {
                queue.add(data.clone()); // the pump writes it later
                lock.notifyAll();
            }
            ensurePump();
        }

        @Override
        void shutdown(boolean close) {
            synchronized (lock) {
                endQueued = true;
                lock.notifyAll();
            }
            ensurePump();
        }

        boolean started() {
            synchronized (lock) {
                return pump != null;
            }
        }

        /** Any thread: the pump stops at once (the loop is closing). */
        void abort() {
            synchronized (lock) {
                aborted = true;
                lock.notifyAll();
                if (pump == null) closeQuietly(out);
            }
        }

        private void ensurePump() {
            synchronized (lock) {
                if (pump != null || aborted) return;
                pump = Pumps.start(io.name() + "-pipe-" + pid + "-stdin", this::run);
            }
        }

        private void run() {
            try (out) {
                for (;;) {
                    byte[] d;
                    synchronized (lock) {
                        while (queue.isEmpty() && !endQueued && !aborted) lock.wait();
                        if (aborted) return;
                        d = queue.poll();
                    }
                    if (d == null) { // the end was queued and everything before it written
                        out.close();
                        io.post(this::ended);
                        return;
                    }
                    out.write(d);
                    out.flush();
                    io.post(() -> sent(d.length));
                }
            } catch (IOException e) {
                ConnectionResetException x = new ConnectionResetException("the stdin pipe of process " + pid
                        + " broke (the process exited or closed it): " + e.getMessage(), e);
                io.post(() -> broken(x));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
