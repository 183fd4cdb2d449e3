package io.loopbridge.core.host;

import io.loopbridge.core.EventLoop;
import io.loopbridge.core.GuestLoop;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;

/**
 * A host's {@code runForever}/{@code runUntilComplete}/{@code stop}/{@code isRunning}, written once:
 * asyncio's run and stop rules, with the nesting a UI toolkit needs, for any host. A host supplies only
 * how its loop thread waits inside a run ({@link Nesting}: a toolkit's nested event loop, or the
 * standalone loop driving itself); the stack decides everything else, the same way on every host.
 *
 * <p>The rules (what a caller may rely on):
 * <ul>
 *   <li>A run called on the <b>loop thread</b> nests: the loop (and the toolkit) goes on until the run
 *       ends, then the call returns to its caller. A run called on <b>another thread</b> waits: it blocks
 *       that thread while the loop thread drives the loop.</li>
 *   <li>{@code runUntilComplete(stage)} ends when {@code stage} completes, and returns its value or throws
 *       as {@link java.util.concurrent.CompletableFuture#join()} does; if the run ends first (stopped,
 *       closed, or no thread drives the loop any more) it throws {@link IllegalStateException}
 *       ("the event loop stopped before the stage completed", asyncio's "Event loop stopped before
 *       Future completed"). A future of another loop that nobody drives fails at once with
 *       {@link IllegalArgumentException} ({@link GuestLoop#checkAwaitable}).</li>
 *   <li>{@link #stop()} ends, after the current iteration (host turn), the innermost run on the loop
 *       thread; with none there, the runs waiting on other threads (the loop itself goes on where a
 *       toolkit drives it); with no run at all, it makes the next run return after one iteration. A
 *       stopped loop can run again.</li>
 *   <li>When the loop closes, every run ends (see {@link #endAll()}); when the host stops driving the
 *       loop (a standalone loop's outermost run returned), every waiting run ends
 *       ({@link #endWaiters()}): nobody is left waiting for a loop that no thread runs.</li>
 *   <li>An interrupt ends a run that waits on another thread: it throws {@link CompletionException}
 *       with the {@link InterruptedException} as cause, and the thread's interrupt flag is set again.
 *       (A run nesting on the loop thread is the host's: a toolkit's nested event loop is not
 *       interruptible; the standalone loop ends its run the same way.)</li>
 *   <li>{@link #isRunning()}: a run is in progress, on any thread, or the core is inside {@code runOnce}
 *       (so it is true inside every callback, as in asyncio).</li>
 * </ul>
 *
 * <p>Invariant: {@link #runs} holds the runs that have begun and not yet returned, innermost (most
 * recent) last; a run is in it from {@code begin} until its call returns, ended or not, so
 * {@link #isRunning()} covers a run until its caller has it back. A run ends once ({@link Run#ended}),
 * by its stage, by {@code stop()} through {@link #afterIteration()}, or by close.
 *
 * <p><b>Threading.</b> Every method is safe from any thread except {@link #afterIteration()}, which
 * the host calls on the loop thread after every iteration (turn). {@link #runs}, {@link #stopPending}
 * and each run's {@code stopRequested} are guarded by {@code this}; {@link Nesting} methods are never
 * called under that lock.
 */
public final class RunStack {

    /** How the host's loop thread waits inside a run, and how it is asked for an iteration. */
    public interface Nesting {
        /** Whether the calling thread is the loop thread (a run there nests, elsewhere it waits). Any thread. */
        boolean isLoopThread();

        /**
         * Blocks the loop thread inside {@code run}, driving the loop (a toolkit's nested event loop, or
         * the standalone loop's own iterations) until {@link #exit} is called for it or
         * {@link Run#isEnded()} is true on entry; then returns. The host calls
         * {@link RunStack#afterIteration()} after every iteration meanwhile. Loop thread only.
         */
        void enter(Run run);

        /** Makes {@code enter(run)} return soon (after the current event). Any thread; called once per run. */
        void exit(Run run);

        /** Asks the host for an iteration soon (a coalesced turn), so that {@code afterIteration()} runs. Any thread. */
        void requestIteration();

        /**
         * Whether a thread drives the loop now, so that a run waiting on another thread can be served: a UI
         * toolkit's thread always does while the loop is open; a standalone loop only during a run. Any
         * thread.
         */
        boolean isDriven();
    }

    /** One {@code runForever}/{@code runUntilComplete} call in progress. */
    public static final class Run {
        private final boolean onLoopThread;
        /** Wakes a run waiting on another thread; null for a nested run. */
        private final CountDownLatch latch;
        /** Set once, when the run ends (before its nesting is asked to exit). */
        private volatile boolean ended;
        /** stop() asked for this run to end after the current iteration. Guarded by the stack. */
        private boolean stopRequested;
        /** The stage's outcome, published by the volatile write of {@link #done}. */
        private Object value;
        private Throwable failure;
        private volatile boolean done;

        private Run(boolean onLoopThread) {
            this.onLoopThread = onLoopThread;
            this.latch = onLoopThread ? null : new CountDownLatch(1);
        }

        /** Whether the run has ended (its caller returns as soon as its nesting does). Any thread. */
        public boolean isEnded() {
            return ended;
        }

        /** Whether it nests on the loop thread (else it waits on another thread). Any thread. */
        public boolean onLoopThread() {
            return onLoopThread;
        }
    }

    private final EventLoop face;
    private final GuestLoop core;
    private final Nesting nesting;
    /** Runs in progress, innermost last. Guarded by {@code this}. */
    private final ArrayDeque<Run> runs = new ArrayDeque<>();
    /** {@code runs.size()}, readable without the lock. Written under {@code this}. */
    private volatile int count;
    /** A stop() made while no run was in progress: the next run ends after one iteration. Guarded by {@code this}. */
    private boolean stopPending;

    /**
     * @param face    the host's loop (for messages and {@code isClosed})
     * @param core    the core it drives (for {@code isRunning}, {@code checkAwaitable})
     * @param nesting how the host's loop thread waits inside a run
     */
    public RunStack(EventLoop face, GuestLoop core, Nesting nesting) {
        this.face = Objects.requireNonNull(face, "face: null (expected: the host's loop)");
        this.core = Objects.requireNonNull(core, "core: null (expected: the host's GuestLoop)");
        this.nesting = Objects.requireNonNull(nesting, "nesting: null (expected: the host's Nesting)");
    }

    /**
     * Runs until {@code stage} is done (see the class rules). Any thread.
     *
     * @throws IllegalStateException    if the loop is closed, or the run ends before {@code stage} is done
     * @throws IllegalArgumentException if {@code stage} is a future of another loop that nobody drives
     * @throws CompletionException      with an {@link InterruptedException} cause if a waiting thread is interrupted
     */
    public <T> T runUntilComplete(CompletionStage<T> stage) {
        Objects.requireNonNull(stage, "stage: null (expected: non-null)");
        checkOpen("runUntilComplete");
        core.checkAwaitable(stage);
        Run run = begin();
        stage.whenComplete((v, e) -> {
            run.value = v;
            run.failure = e;
            run.done = true; // volatile write: publishes the outcome
            end(run);
        });
        await(run);
        if (!run.done) {
            throw new IllegalStateException("the event loop stopped before the stage completed: " + stage
                    + (face.isClosed() ? " (the loop was closed)" : ""));
        }
        return outcome(run);
    }

    /**
     * Runs until {@link #stop()} or close (see the class rules). Any thread.
     *
     * @throws IllegalStateException if the loop is closed
     * @throws CompletionException   with an {@link InterruptedException} cause if a waiting thread is interrupted
     */
    public void runForever() {
        checkOpen("runForever");
        await(begin());
    }

    /** Ends the innermost run after the current iteration (see the class rules). Any thread. */
    public void stop() {
        synchronized (this) {
            Run inner = null;
            for (var it = runs.descendingIterator(); it.hasNext(); ) {
                Run r = it.next();
                if (r.onLoopThread && !r.ended) {
                    inner = r;
                    break;
                }
            }
            if (inner != null) {
                inner.stopRequested = true;
            } else if (!runs.isEmpty()) {
                for (Run r : runs) r.stopRequested = true; // only waiting runs: the loop stops for all of them
            } else {
                stopPending = true;
            }
        }
        nesting.requestIteration();
    }

    /** Whether a run is in progress on any thread, or the core is inside {@code runOnce}. Any thread (racy). */
    public boolean isRunning() {
        return count > 0 || core.isRunning();
    }

    /** How many runs are in progress (for tests). Any thread. */
    public int size() {
        return count;
    }

    /**
     * Called by the host on the loop thread after every iteration (turn): ends the runs that
     * {@code stop()} asked to end, or every run once the loop is closed.
     */
    public void afterIteration() {
        if (count == 0) return;
        boolean closed = face.isClosed();
        List<Run> toEnd = new ArrayList<>();
        synchronized (this) {
            for (Run r : runs) if (!r.ended && (closed || r.stopRequested)) toEnd.add(r);
        }
        for (Run r : toEnd) end(r);
    }

    /** Ends every run now (the loop closed: each {@code runUntilComplete} whose stage is not done throws). Any thread. */
    public void endAll() {
        List<Run> all;
        synchronized (this) {
            all = new ArrayList<>(runs);
        }
        for (Run r : all) end(r);
    }

    /** Ends every run waiting on another thread: the host stopped driving the loop. Any thread. */
    public void endWaiters() {
        List<Run> waiters = new ArrayList<>();
        synchronized (this) {
            for (Run r : runs) if (!r.onLoopThread) waiters.add(r);
        }
        for (Run r : waiters) end(r);
    }

    // ---------------------------------------------------------------------------------------------

    private void checkOpen(String what) {
        if (face.isClosed()) throw new IllegalStateException("loop is closed: cannot " + what + " on " + face);
    }

    private Run begin() {
        boolean onLoopThread = nesting.isLoopThread();
        Run run = new Run(onLoopThread);
        boolean iterate;
        synchronized (this) {
            if (!onLoopThread && !nesting.isDriven()) {
                // Nobody drives the loop (a standalone loop whose run just returned): waiting would be forever.
                run.ended = true;
                return run;
            }
            if (stopPending) {
                stopPending = false;
                run.stopRequested = true;
            }
            iterate = run.stopRequested;
            runs.addLast(run);
            count = runs.size();
        }
        if (iterate) nesting.requestIteration(); // "return after one iteration": make sure there is one
        return run;
    }

    private void end(Run run) {
        synchronized (this) {
            if (run.ended) return;
            run.ended = true;
        }
        if (run.onLoopThread) nesting.exit(run);
        else run.latch.countDown();
    }

    private void await(Run run) {
        try {
            if (run.ended) return;
            if (run.onLoopThread) {
                nesting.enter(run);
            } else {
                try {
                    run.latch.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // the rule: the flag stays set for the caller
                    throw new CompletionException("thread '" + Thread.currentThread().getName()
                            + "' was interrupted while waiting for " + face, e);
                }
            }
        } finally {
            synchronized (this) {
                run.ended = true;
                if (runs.remove(run)) count = runs.size();
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T outcome(Run run) {
        Throwable e = run.failure;
        if (e == null) return (T) run.value;
        while (e instanceof CompletionException && e.getCause() != null) e = e.getCause();
        if (e instanceof CancellationException) throw (CancellationException) e;
        throw new CompletionException(e);
    }

    @Override
    public String toString() {
        return "RunStack[" + count + " run(s) of " + face + "]";
    }
}
