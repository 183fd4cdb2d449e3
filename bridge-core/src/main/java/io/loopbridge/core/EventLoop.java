package io.loopbridge.core;

import io.loopbridge.core.internal.CurrentLoop;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The user-facing event loop: what application code and tasks call. Implemented by the never-blocking
 * {@link GuestLoop} and by the hosts that drive one: {@link StandaloneLoop} (a plain thread), and the
 * JavaFX and Swing bridges.
 *
 * <p><b>Threading.</b> Scheduling ({@link #callSoon}, {@link #execute}, {@link #callLater},
 * {@link #callAt}, {@link #createTask}), the operations that create a future ({@link #createFuture},
 * {@link #sleep}, {@link #runInExecutor}, {@link #wrapFuture}, {@link #waitFor}, {@link #gather}),
 * {@link #stop()}, {@link #close()} and the queries are safe from any thread: callbacks and continuations
 * always run on the loop thread, and every future a loop creates is owned by it ({@code close()} cancels
 * it whichever thread created it). What runs code at once on the calling thread
 * ({@link #createEagerTask}) is for the loop thread, and checks it always. Each method says which.
 *
 * <p><b>Happens-before.</b> Actions in a thread before it submits a callback with {@code callSoon},
 * {@code execute}, {@code callLater}, {@code callAt} or {@code createTask} happen-before the callback
 * runs on the loop thread.
 *
 * <p><b>Closing.</b> {@link #close()} is idempotent; it cancels every queued callback and timer (their
 * handles report {@code isCancelled()}), cancels pending tasks and futures, shuts the loop's executor
 * down, closes its sockets and servers, kills the processes it started, and releases host resources. Afterwards scheduling throws
 * {@link java.util.concurrent.RejectedExecutionException} and running throws {@link IllegalStateException}.
 */
public sealed interface EventLoop extends Executor, AutoCloseable permits GuestLoop, ForwardingEventLoop {

    /** The loop's monotonic clock, in nanoseconds. Safe from any thread. */
    long time();

    /**
     * Runs {@code callback} on the loop thread in a later iteration, FIFO with other {@code callSoon}s.
     * Safe from any thread; from another thread it wakes the host (coalesced).
     *
     * @throws NullPointerException if {@code callback} is null
     * @throws java.util.concurrent.RejectedExecutionException if the loop is closed
     */
    Handle callSoon(Runnable callback);

    /** {@link Executor} view of {@link #callSoon(Runnable)}. Safe from any thread. */
    @Override
    default void execute(Runnable command) {
        callSoon(io.loopbridge.core.internal.Checks.notNull(command, "command"));
    }

    /**
     * Runs {@code callback} on the loop thread once {@code delay} has passed (negative means zero; huge
     * delays saturate). Timers with equal deadlines run in scheduling order. Never runs early.
     * Safe from any thread.
     */
    TimerHandle callLater(Duration delay, Runnable callback);

    /** Runs {@code callback} at {@code deadline}, in {@link #time()} units. Safe from any thread. */
    TimerHandle callAt(long deadline, Runnable callback);

    /** A pending future bound to this loop, owned by it (and, on the loop thread, by the current task). Safe from any thread. */
    <T> LoopFuture<T> createFuture();

    /**
     * Starts {@code body} on the loop thread in a later iteration and tracks it as a {@link Task}. The
     * body returns the stage whose outcome becomes the task's. Safe from any thread.
     */
    <T> Task<T> createTask(Supplier<? extends CompletionStage<T>> body);

    /**
     * Like {@link #createTask} but runs the body's synchronous start at once, on the calling (loop)
     * thread, like asyncio's eager tasks: a UI handler can read its event and disable its button before
     * the body first waits. Loop thread.
     */
    <T> Task<T> createEagerTask(Supplier<? extends CompletionStage<T>> body);

    /**
     * Runs {@code body} as a coroutine on the loop thread, started in a later iteration like
     * {@link #createTask}, and tracks it as a {@link Task}: the task completes with what the body returns or
     * throws. Inside it, {@link Await#await} suspends the body (not the thread) until a stage is done.
     * Cancelling the task resumes the body with a {@link java.util.concurrent.CancellationException} at its
     * await (its finally blocks run; it may catch it and go on). Safe from any thread.
     *
     * @throws UnsupportedOperationException where coroutines are unsupported, naming the JDK requirement and
     *         the exact {@code --add-exports} flag (see {@link Await#unsupportedReason()})
     */
    <T> Task<T> launch(Callable<T> body);

    /** {@link #launch(Callable)} for a body that returns nothing; the task completes with null. Safe from any thread. */
    default Task<Void> launch(CheckedRunnable body) {
        io.loopbridge.core.internal.Checks.notNull(body, "body");
        return launch(() -> {
            body.run();
            return null;
        });
    }

    /**
     * Like {@link #launch(Callable)} but runs the body at once, on the calling (loop) thread, until its first
     * await that suspends, like {@link #createEagerTask}: an event handler's body can read its event and
     * change the UI before it first waits. Loop thread.
     *
     * @throws UnsupportedOperationException where coroutines are unsupported (see {@link #launch(Callable)})
     */
    <T> Task<T> launchEager(Callable<T> body);

    /** {@link #launchEager(Callable)} for a body that returns nothing. Loop thread. */
    default Task<Void> launchEager(CheckedRunnable body) {
        io.loopbridge.core.internal.Checks.notNull(body, "body");
        return launchEager(() -> {
            body.run();
            return null;
        });
    }

    /** Completes on the loop thread after {@code delay}; cancelling it cancels its timer. Safe from any thread. */
    LoopFuture<Void> sleep(Duration delay);

    /**
     * Runs blocking {@code work} on the loop's executor (virtual threads on JDK 21+, daemon threads
     * before); the result arrives on the loop thread. Cancelling the future interrupts the work.
     * Safe from any thread.
     */
    <T> LoopFuture<T> runInExecutor(Callable<T> work);

    /** Like {@link #runInExecutor(Callable)} on the given executor. Safe from any thread. */
    <T> LoopFuture<T> runInExecutor(Executor executor, Callable<T> work);

    /**
     * Like {@link #runInExecutor(Callable)}, for work that must hear of a cancel even where the call it
     * blocks in ignores interrupts: it gets a {@link CancelSignal} to poll or to register a close action
     * with (closing an {@code HttpClient} response stream, a socket). Safe from any thread.
     */
    <T> LoopFuture<T> runInExecutor(CancellableWork<T> work);

    /** Like {@link #runInExecutor(CancellableWork)} on the given executor. Safe from any thread. */
    <T> LoopFuture<T> runInExecutor(Executor executor, CancellableWork<T> work);

    /**
     * A future of this loop already completed with {@code value}: for a body that has its answer at once
     * (rather than {@code sleep(Duration.ZERO)}). Its dependents run on the loop thread like any. Safe from
     * any thread.
     */
    <T> LoopFuture<T> completedFuture(T value);

    /**
     * A future of this loop already failed with {@code failure}, checked exceptions included: a body ends
     * with an {@code IOException} as {@code return loop.failedFuture(new IOException("..."))}, with no
     * {@code CompletionException} around it. Safe from any thread.
     */
    <T> LoopFuture<T> failedFuture(Throwable failure);

    /**
     * Adopts a foreign stage (an {@code HttpClient} response, {@code Process.onExit()}, ...): the returned
     * future completes on the loop thread (at once if {@code other} is already done); cancelling it
     * cancels {@code other}. Safe from any thread.
     */
    <T> LoopFuture<T> wrapFuture(CompletionStage<T> other);

    /**
     * Like {@code asyncio.wait_for}: the outcome of {@code stage}, or, once {@code timeout} has passed,
     * cancels {@code stage}, waits for it to end, and fails with
     * {@link java.util.concurrent.TimeoutException} (whose cause is the cancellation) if it ended
     * cancelled. A result that arrives at the deadline wins, and so does the outcome of a stage that
     * catches the cancellation. A zero or negative timeout returns an already-done stage's outcome and
     * cancels any other stage at once. Cancelling the returned future cancels {@code stage} and completes
     * it at once. Leaves no timer behind. Safe from any thread. For a deadline that can move, see
     * {@link TimeoutScope}.
     */
    <T> LoopFuture<T> waitFor(CompletionStage<T> stage, Duration timeout);

    /**
     * Like {@code asyncio.gather}: the results in argument order; fails with the first failure (the other
     * stages go on, as in asyncio); cancelling it cancels the children. Safe from any thread. To collect failures
     * instead, see {@link LoopFutures#gatherSettled}; to cancel the others on a failure, {@link TaskGroup}.
     */
    <T> LoopFuture<List<T>> gather(List<? extends CompletionStage<? extends T>> stages);

    // ---- streams and subprocesses (asyncio's open_connection, start_server, create_subprocess_exec) ----

    /**
     * Connects to {@code host:port} over TCP, like asyncio's {@code open_connection}, with the
     * {@linkplain StreamLimits#DEFAULT default limits}. A host name is resolved on the loop's executor,
     * never on the loop thread (a canonical IPv4 literal such as {@code "127.0.0.1"} is parsed instead; an
     * IPv6 literal goes to the executor, where it is parsed without a lookup). Fails with {@link java.net.UnknownHostException},
     * {@link java.net.ConnectException} (refused) or another {@link java.io.IOException}, naming the
     * address. Cancelling the future abandons the attempt: a connect in progress is aborted at once, and a
     * socket connected meanwhile is closed (the future cannot be completed from outside). The connection
     * belongs to this loop: closing the loop closes it. Loop thread.
     *
     * @throws IllegalArgumentException if {@code port} is not in 1..65535
     */
    default LoopFuture<StreamConnection> openConnection(String host, int port) {
        return openConnection(host, port, StreamLimits.DEFAULT);
    }

    /** Like {@link #openConnection(String, int)} with the given buffer limits. Loop thread. */
    LoopFuture<StreamConnection> openConnection(String host, int port, StreamLimits limits);

    /**
     * Listens on {@code host:port} (port 0: any free port; see {@link StreamServer#address()}) and calls
     * {@code handler} on the loop thread with each accepted connection, like asyncio's
     * {@code start_server}, with the {@linkplain StreamLimits#DEFAULT default limits}. Binds exactly where
     * told ({@code "127.0.0.1"} for this machine only, {@code "0.0.0.0"} for every IPv4 interface). A handler
     * that throws is reported to the {@link ExceptionHandler} and its connection closed. The server
     * belongs to this loop: closing the loop closes it and its connections. Loop thread.
     *
     * @throws IllegalArgumentException if {@code port} is not in 0..65535
     */
    default LoopFuture<StreamServer> startServer(java.util.function.Consumer<StreamConnection> handler, String host, int port) {
        return startServer(handler, host, port, StreamLimits.DEFAULT);
    }

    /** Like {@link #startServer(java.util.function.Consumer, String, int)} with the given limits for each connection. Loop thread. */
    LoopFuture<StreamServer> startServer(java.util.function.Consumer<StreamConnection> handler, String host, int port, StreamLimits limits);

    /**
     * Starts {@code builder}'s process, like asyncio's {@code create_subprocess_exec}, with the
     * {@linkplain StreamLimits#DEFAULT default limits} on its pipes; the future is done at once, failed
     * with the {@link java.io.IOException} of a process that cannot start. The process belongs to the
     * calling task and to this loop (see {@link Subprocess}). Loop thread.
     */
    default LoopFuture<Subprocess> subprocess(ProcessBuilder builder) {
        return subprocess(builder, StreamLimits.DEFAULT);
    }

    /** Like {@link #subprocess(ProcessBuilder)} with the given limits on the pipes. Loop thread. */
    LoopFuture<Subprocess> subprocess(ProcessBuilder builder, StreamLimits limits);

    /**
     * Drives (or waits for) the loop until {@code stage} is done and returns its value, or throws as
     * {@link java.util.concurrent.CompletableFuture#join()} does. On the loop thread a run nests; on
     * another thread it waits while the loop thread drives the loop. Every host follows the same rules
     * (the host kit's {@code RunStack}, {@code docs/hosting.md}).
     *
     * @throws IllegalStateException    if the loop stops before {@code stage} is done, or is closed
     * @throws IllegalArgumentException if {@code stage} is a future of another loop that no thread runs
     *                                  (it could never complete here)
     * @throws java.util.concurrent.CompletionException with an {@link InterruptedException} as cause if a
     *                                  thread waiting for the loop is interrupted (its interrupt flag stays set)
     */
    <T> T runUntilComplete(CompletionStage<T> stage);

    /** Runs the loop until {@link #stop()} (or close); the same nesting and waiting as {@link #runUntilComplete}. */
    void runForever();

    /**
     * Makes the innermost run on the loop thread return after the current iteration; with none there, the
     * runs waiting on other threads; with no run at all, makes the next run return after one iteration.
     * Safe from any thread.
     */
    void stop();

    /**
     * Whether a {@link #runForever()} or {@link #runUntilComplete} is in progress, on any thread, or a
     * callback of this loop is running (so it is true inside every callback, as in asyncio). Safe from any
     * thread (racy from another thread).
     */
    boolean isRunning();

    /** Whether the calling thread is this loop's thread. Safe from any thread. */
    boolean inEventLoop();

    /** Sets the handler for errors nobody else can receive; null restores the default. Loop thread. */
    void setExceptionHandler(ExceptionHandler handler);

    /** Sends {@code context} to the exception handler (falling back to the default one). Any thread. */
    void callExceptionHandler(ErrorContext context);

    /**
     * Debug mode: slow-callback warnings (see {@link #setSlowCallbackThreshold}), creation-site capture
     * for callbacks, futures and tasks, and thread-confinement checks on loop-thread-only methods.
     * Warnings go to the {@link System.Logger} named {@code io.loopbridge} at {@code WARNING}.
     */
    void setDebug(boolean on);

    /** Whether debug mode is on. Safe from any thread. */
    boolean isDebug();

    /** The time above which a callback is reported as slow in debug mode; default 100 ms. */
    void setSlowCallbackThreshold(Duration threshold);

    /** The loop's own figures (ready callbacks, pending timers, callbacks run). Safe from any thread (racy). */
    LoopStats stats();

    /**
     * What is still scheduled on the loop, for leak reports at the end of a test (the test kit fails a UI
     * test for them, naming them): the pending timers ({@link TimerHandle}s, in deadline order; their
     * {@code toString} names the callback), then the pending futures and tasks ({@link LoopFuture}s and
     * {@link Task}s; those created on the loop thread oldest first), as {@code close()} would cancel them. Ready callbacks are not listed; a
     * sleep appears twice (its future and its timer). Empty once closed. A snapshot. Loop thread only.
     *
     * @throws IllegalStateException off the loop thread
     */
    List<Object> pendingWork();

    /** Closes the loop (idempotent). See the class javadoc. */
    @Override
    void close();

    /** Whether {@link #close()} was called. Safe from any thread. */
    boolean isClosed();

    /**
     * The loop bound to the calling thread: a running {@link StandaloneLoop}, a {@link GuestLoop} inside
     * its {@code runOnce()}, or the JavaFX/Swing loop on its UI thread.
     *
     * @throws IllegalStateException if no loop is bound to the calling thread
     */
    static EventLoop current() {
        EventLoop loop = CurrentLoop.get();
        if (loop == null) {
            throw new IllegalStateException("no event loop is bound to thread '" + Thread.currentThread().getName()
                    + "' (expected: a running StandaloneLoop, a GuestLoop inside runOnce(), or the UI thread of an FxLoop/SwingLoop)");
        }
        return loop;
    }
}
