package io.loopbridge.core;

import io.loopbridge.core.internal.Checks;
import io.loopbridge.core.internal.CurrentLoop;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * asyncio's own event loop for Java: drives a {@link GuestLoop} on the thread that calls
 * {@link #runForever()} or {@link #runUntilComplete}, parking between timers and waking when another
 * thread submits work.
 *
 * <pre>{@code
 * try (StandaloneLoop loop = StandaloneLoop.create()) {
 *     String body = loop.runUntilComplete(loop.createTask(() ->
 *             loop.sleep(Duration.ofMillis(100))
 *                 .thenCompose(v -> loop.runInExecutor(() -> Files.readString(path)))));
 * }
 * }</pre>
 *
 * <p><b>asyncio semantics.</b> {@link #stop()} lets the current iteration finish, then the innermost
 * run returns; {@code stop()} before {@code runForever()} makes it run exactly one iteration; a stopped
 * loop can run again; {@code runUntilComplete} on a stage still pending when the loop stops throws
 * {@link IllegalStateException}. Unlike asyncio, a run may be <em>nested</em> inside a callback on the
 * loop thread (what a modal dialog does in a UI toolkit): the inner run drives the same loop until its
 * own stage is done or {@code stop()} is called, then returns to the callback.
 *
 * <p><b>Threading.</b> The loop thread is the thread inside {@code runForever}/{@code runUntilComplete};
 * another thread may run the loop after a run has returned. Between runs no thread is the loop thread:
 * {@link #inEventLoop()} is false everywhere and work submitted meanwhile waits for the next run. {@code runUntilComplete} called from another
 * thread while the loop runs does not drive the loop: it waits for the stage. {@code callSoon},
 * {@code execute}, {@code callLater}, {@code callAt}, {@code createTask}, {@code stop}, {@code close}
 * and the queries are safe from any thread; the rest is for the loop thread, as on every
 * {@link EventLoop}, or, between runs, for the one thread that owns the loop (typically {@code main},
 * which sets up work and then runs it).
 */
public final class StandaloneLoop extends ForwardingEventLoop {

    /** Guards claiming and releasing {@link #runner}, so two threads starting a run cannot both claim it. */
    private final Object runLock = new Object();
    /** The thread inside a run, or null. Claimed and released under {@link #runLock}. */
    private volatile Thread runner;
    /** Nesting depth of runs on {@link #runner}. Written by the runner only (read racily by isRunning). */
    private volatile int runDepth;
    /** Set by stop(); cleared by the run that honours it. */
    private volatile boolean stopping;

    private StandaloneLoop(Waker waker) {
        super(new GuestLoop(waker));
    }

    /** A new loop on the system clock. Safe from any thread. */
    public static StandaloneLoop create() {
        Waker waker = new Waker(); // the core needs its waker before this loop exists
        StandaloneLoop loop = new StandaloneLoop(waker);
        waker.loop = loop;
        return loop;
    }

    /** The waker: unpark the running thread (a permit is kept if it is not parked yet). */
    private void wakeUp() {
        Thread t = runner;
        if (t != null) LockSupport.unpark(t);
    }

    /** Unparks the loop's runner; set up by {@link #create()}. */
    private static final class Waker implements GuestLoop.HostWaker {
        volatile StandaloneLoop loop;

        @Override
        public void wakeUp() {
            StandaloneLoop l = loop;
            if (l != null) l.wakeUp();
        }
    }

    // ---------------------------------------------------------------------------------------
    // Running
    // ---------------------------------------------------------------------------------------

    /** A per-run "stage is done" flag, so a stage completing after its run returned stops nothing. */
    private static final class Until {
        volatile boolean done;
    }

    /**
     * Runs the loop until {@link #stop()}. On the loop thread inside a callback, it nests.
     *
     * @throws IllegalStateException if the loop is closed, or runs on another thread, or another loop
     *                               runs on this thread
     */
    @Override
    public void runForever() {
        run(null);
    }

    /**
     * Runs the loop until {@code stage} is done and returns its value, or throws as
     * {@link java.util.concurrent.CompletableFuture#join()} does ({@link CompletionException} with the
     * failure as cause, or {@link CancellationException}). Called from another thread while the loop runs,
     * it waits for the stage instead of driving the loop.
     *
     * @throws IllegalStateException if the loop stops (or is closed) before {@code stage} is done
     */
    @Override
    public <T> T runUntilComplete(CompletionStage<T> stage) {
        Checks.notNull(stage, "stage");
        if (stage instanceof LoopFuture) ((LoopFuture<?>) stage).markObserved();
        Thread r = runner;
        if (r != null && r != Thread.currentThread()) return awaitFromOtherThread(stage);
        Until until = new Until();
        Object[] outcome = new Object[2];
        stage.whenComplete((v, e) -> {
            outcome[0] = v;
            outcome[1] = e;
            until.done = true; // volatile write: publishes the outcome
            wakeUp();
        });
        run(until);
        if (!until.done) {
            throw new IllegalStateException("the event loop stopped before the stage completed: " + stage
                    + (core.isClosed() ? " (the loop was closed)" : ""));
        }
        return joinOutcome(outcome);
    }

    @SuppressWarnings("unchecked")
    private static <T> T joinOutcome(Object[] outcome) {
        Throwable e = (Throwable) outcome[1];
        if (e == null) return (T) outcome[0];
        Throwable cause = GuestLoop.unwrap(e);
        if (cause instanceof CancellationException) throw (CancellationException) cause;
        throw new CompletionException(cause);
    }

    private <T> T awaitFromOtherThread(CompletionStage<T> stage) {
        CountDownLatch latch = new CountDownLatch(1);
        Object[] outcome = new Object[2];
        stage.whenComplete((v, e) -> {
            outcome[0] = v;
            outcome[1] = e;
            latch.countDown();
        });
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        }
        return joinOutcome(outcome);
    }

    /** The host loop: runOnce, then park until the next deadline or a wake-up. */
    private void run(Until until) {
        if (core.isClosed()) throw new IllegalStateException("loop is closed: cannot run " + this);
        Thread me = Thread.currentThread();
        boolean outermost;
        synchronized (runLock) { // check and claim together: of two threads starting at once, one runs
            Thread r = runner;
            if (r != null && r != me) {
                throw new IllegalStateException(this + " is already running on thread '" + r.getName() + "'");
            }
            EventLoop other = CurrentLoop.get();
            if (other != null && other != this) {
                throw new IllegalStateException("cannot run " + this + " on thread '" + me.getName()
                        + "': another event loop (" + other + ") is running on it");
            }
            outermost = r == null;
            if (outermost) {
                core.attachThread(this); // throws if another thread drives the core
                runner = me;
            }
        }
        runDepth++;
        try {
            for (;;) {
                core.runOnce();
                if (stopping) {
                    stopping = false;
                    break;
                }
                if (core.isClosed() || (until != null && until.done)) break;
                long timeout = core.nextTimeout();
                if (timeout == 0) continue;
                if (until != null && until.done) break;
                if (stopping) continue; // stop() raced in: run one more iteration, then honour it
                if (timeout < 0) LockSupport.park(this);
                else LockSupport.parkNanos(this, timeout);
                // Spurious returns and interrupts just cause one more (cheap) iteration.
            }
        } finally {
            runDepth--;
            if (outermost) {
                try {
                    core.detachThread(); // may run what a racing close() left: user callbacks, so not under runLock
                } finally {
                    synchronized (runLock) {
                        runner = null;
                    }
                    Thread.interrupted(); // park() returns on interrupt; do not leak our own wake-ups
                }
            }
        }
    }

    /**
     * Makes the innermost run return after the current iteration; before a run, makes the next run do
     * exactly one iteration. Safe from any thread.
     */
    @Override
    public void stop() {
        stopping = true;
        wakeUp();
    }

    /** Whether a run is in progress (on any thread). Safe from any thread. */
    @Override
    public boolean isRunning() {
        return runDepth > 0;
    }

    /**
     * Closes the loop (see {@link EventLoop}). Safe from any thread. Closing from a callback makes the run
     * return once that callback returns: the callbacks still queued, the rest of the iteration included,
     * are cancelled (unlike {@link #stop()}, which lets the iteration finish). Closing from another thread
     * ends the run at its next wake-up.
     */
    @Override
    public void close() {
        core.close();
        wakeUp();
    }

    @Override
    public String toString() {
        Thread r = runner;
        return "StandaloneLoop[" + (r == null ? "idle" : "running on '" + r.getName() + "'")
                + (core.isClosed() ? ", closed" : "") + "]";
    }
}
