package io.loopbridge.core;

import io.loopbridge.core.host.RunStack;
import io.loopbridge.core.internal.Checks;
import io.loopbridge.core.internal.CurrentLoop;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
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
 * <p><b>asyncio semantics</b> (the host kit's {@link RunStack}, the same on every host). {@link #stop()}
 * lets the current iteration finish, then the innermost run returns; {@code stop()} before
 * {@code runForever()} makes it run exactly one iteration; a stopped loop can run again;
 * {@code runUntilComplete} on a stage still pending when the loop stops throws
 * {@link IllegalStateException}. Unlike asyncio, a run may be <em>nested</em> inside a callback on the
 * loop thread (what a modal dialog does in a UI toolkit): the inner run drives the same loop until its
 * own stage is done or {@code stop()} is called, then returns to the callback.
 *
 * <p><b>Interrupts.</b> An idle loop whose thread is interrupted (a callback that restores the interrupt
 * flag, {@code shutdownNow()} on the executor running {@code runForever}) never spins: when it would
 * wait, the run ends with {@link CompletionException} whose cause is an {@link InterruptedException},
 * and the flag stays set. What is ready still runs first.
 *
 * <p><b>Threading.</b> The loop thread is the thread inside {@code runForever}/{@code runUntilComplete};
 * another thread may run the loop after a run has returned. Between runs no thread is the loop thread:
 * {@link #inEventLoop()} is false everywhere and work submitted meanwhile waits for the next run.
 * {@code runUntilComplete} called from another thread while the loop runs does not drive the loop: it
 * waits for the stage, and throws {@link IllegalStateException} if the loop stops or closes first.
 * {@code callSoon}, {@code execute}, {@code callLater}, {@code callAt}, {@code createTask}, {@code stop},
 * {@code close} and the queries are safe from any thread; the rest is for the loop thread, as on every
 * {@link EventLoop}, or, between runs, for the one thread that owns the loop (typically {@code main},
 * which sets up work and then runs it).
 */
public final class StandaloneLoop extends ForwardingEventLoop {

    private static final AtomicInteger IDS = new AtomicInteger();

    private final String name;
    /** Guards claiming and releasing {@link #runner}, so two threads starting a run cannot both claim it. */
    private final Object runLock = new Object();
    /** The thread inside a run, or null. Claimed and released under {@link #runLock}. */
    private volatile Thread runner;
    /** The runs in progress and asyncio's stop() rule. */
    private final RunStack runs;

    private StandaloneLoop(String name, Waker waker) {
        super(new GuestLoop(waker));
        this.name = name;
        core.setName(name);
        this.runs = new RunStack(this, core, new SelfDriving());
    }

    /** A new loop on the system clock, named {@code StandaloneLoop-N}. Safe from any thread. */
    public static StandaloneLoop create() {
        Waker waker = new Waker(); // the core needs its waker before this loop exists
        StandaloneLoop loop = new StandaloneLoop("StandaloneLoop-" + IDS.incrementAndGet(), waker);
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

    /** The run stack's view of this host: the runner drives the loop itself inside every run. */
    private final class SelfDriving implements RunStack.Nesting {
        @Override
        public boolean isLoopThread() {
            return runner == Thread.currentThread();
        }

        /** The host loop: runOnce, then park until the next deadline or a wake-up. Runner only. */
        @Override
        public void enter(RunStack.Run run) {
            for (;;) {
                core.runOnce();
                runs.afterIteration(); // stop() takes effect here: after the iteration
                if (run.isEnded() || core.isClosed()) return;
                long timeout = core.nextTimeout();
                if (timeout == 0) continue;
                if (run.isEnded()) return;
                if (Thread.currentThread().isInterrupted()) {
                    // park() would return at once, forever: end the run instead of spinning (the flag stays set)
                    throw new CompletionException(name + ": the loop thread '" + Thread.currentThread().getName()
                            + "' was interrupted, so the run ends instead of waiting", new InterruptedException());
                }
                if (timeout < 0) LockSupport.park(StandaloneLoop.this);
                else LockSupport.parkNanos(StandaloneLoop.this, timeout);
                // Spurious returns just cause one more (cheap) iteration.
            }
        }

        @Override
        public void exit(RunStack.Run run) {
            wakeUp();
        }

        @Override
        public void requestIteration() {
            wakeUp();
        }

        @Override
        public boolean isDriven() {
            return runner != null;
        }
    }

    // ---------------------------------------------------------------------------------------
    // Running
    // ---------------------------------------------------------------------------------------

    /**
     * Runs the loop until {@link #stop()}. On the loop thread inside a callback, it nests.
     *
     * @throws IllegalStateException if the loop is closed, or runs on another thread, or another loop
     *                               runs on this thread
     * @throws CompletionException   with an {@link InterruptedException} cause if the thread is interrupted while the loop is idle
     */
    @Override
    public void runForever() {
        drive(() -> {
            runs.runForever();
            return null;
        });
    }

    /**
     * Runs the loop until {@code stage} is done and returns its value, or throws as
     * {@link java.util.concurrent.CompletableFuture#join()} does ({@link CompletionException} with the
     * failure as cause, or {@link CancellationException}). Called from another thread while the loop runs,
     * it waits for the stage instead of driving the loop.
     *
     * @throws IllegalStateException    if the loop stops (or is closed) before {@code stage} is done
     * @throws IllegalArgumentException if {@code stage} is a future of another loop that no thread runs
     * @throws CompletionException      with an {@link InterruptedException} cause if the thread is interrupted while it waits
     */
    @Override
    public <T> T runUntilComplete(CompletionStage<T> stage) {
        Checks.notNull(stage, "stage");
        Thread r = runner;
        if (r != null && r != Thread.currentThread()) return runs.runUntilComplete(stage); // waits
        return drive(() -> runs.runUntilComplete(stage));
    }

    /** Claims the calling thread as the runner (outermost run) around {@code run}. */
    private <T> T drive(Supplier<T> run) {
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
        try {
            return run.get();
        } finally {
            if (outermost) {
                try {
                    core.detachThread(); // may run what a racing close() left: user callbacks, so not under runLock
                } finally {
                    synchronized (runLock) {
                        runner = null;
                    }
                    runs.endWaiters(); // nobody drives the loop now: a run waiting on another thread ends
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
        runs.stop();
    }

    /**
     * Whether a {@code runForever}/{@code runUntilComplete} is in progress (on any thread: one waiting for
     * the loop counts too) or a callback runs. The same rule on every host ({@link RunStack#isRunning()}).
     * Safe from any thread.
     */
    @Override
    public boolean isRunning() {
        return runs.isRunning();
    }

    /**
     * Closes the loop (see {@link EventLoop}). Safe from any thread. Closing from a callback makes the run
     * return once that callback returns: the callbacks still queued, the rest of the iteration included,
     * are cancelled (unlike {@link #stop()}, which lets the iteration finish). Closing from another thread
     * ends the run at its next wake-up; runs waiting on other threads throw {@link IllegalStateException}.
     */
    @Override
    public void close() {
        core.close();
        runs.endAll();
        wakeUp();
    }

    @Override
    public String toString() {
        Thread r = runner;
        return name + "[" + (r == null ? "idle" : "running on '" + r.getName() + "'")
                + (core.isClosed() ? ", closed" : "") + "]";
    }
}
