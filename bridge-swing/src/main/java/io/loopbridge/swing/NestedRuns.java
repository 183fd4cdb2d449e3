package io.loopbridge.swing;

import java.awt.EventQueue;
import java.awt.SecondaryLoop;
import java.awt.Toolkit;
import java.util.ArrayDeque;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;

/**
 * The {@code runForever}/{@code runUntilComplete} calls in progress on a {@link SwingLoop}. The EDT
 * drives the loop whether or not anybody runs it; a run only decides how its caller waits: on the EDT
 * in a nested {@link SecondaryLoop} (painting, input and the loop go on), elsewhere by blocking.
 *
 * <p>A run ends when its stage completes, when {@link #stop()} reaches it (at the end of the next
 * host turn, asyncio's "after the current iteration"), or when the loop closes.
 *
 * <p><b>AWT auto-shutdown.</b> With no window displayable, AWT stops an EDT pump that stayed idle for
 * a second, nested ones included: {@link SecondaryLoop#enter()} then returns although nobody called
 * {@code exit()}. The run simply enters a new secondary loop.
 *
 * <p><b>Threading.</b> Safe from any thread; {@link #afterTurn} on the EDT.
 */
final class NestedRuns {
    private final SwingLoop loop;
    private final EdtHost host;
    /** Runs in progress, innermost last. Guarded by itself. */
    private final ArrayDeque<Run> runs = new ArrayDeque<>();
    /** {@code runs.size()}, readable without the lock. */
    private volatile int count;
    /** stop() was called while nothing ran: the next run returns after one turn. Guarded by {@link #runs}. */
    private boolean stopBeforeRun;

    NestedRuns(SwingLoop loop, EdtHost host) {
        this.loop = loop;
        this.host = host;
    }

    /** One run in progress. */
    private static final class Run {
        /** Null for a run on the EDT (it pumps instead). */
        final CountDownLatch latch;
        /** The secondary loop the EDT pumps for this run; replaced if AWT ends it early. */
        volatile SecondaryLoop secondary;
        volatile boolean ended;
        volatile boolean stopRequested;
        /** The stage's outcome, published by the volatile write of {@link #done}. */
        Object value;
        Throwable failure;
        volatile boolean done;

        Run(boolean onEdt) {
            latch = onEdt ? null : new CountDownLatch(1);
        }

        void finish(Object v, Throwable e) {
            value = v;
            failure = e;
            done = true;
            end();
        }

        /** Makes the run return. Safe from any thread; idempotent. */
        void end() {
            ended = true; // before reading `secondary`: see the enter loop in run(Run)
            SecondaryLoop s = secondary;
            if (s != null) s.exit();
            if (latch != null) latch.countDown();
        }
    }

    <T> T runUntilComplete(CompletionStage<T> stage) {
        if (stage == null) throw new NullPointerException("stage: null (expected: non-null)");
        checkOpen();
        Run run = new Run(EventQueue.isDispatchThread());
        stage.whenComplete(run::finish);
        run(run);
        if (!run.done) {
            throw new IllegalStateException("the event loop stopped before the stage completed: " + stage
                    + (loop.isClosed() ? " (the loop was closed)" : ""));
        }
        return outcome(run);
    }

    void runForever() {
        checkOpen();
        run(new Run(EventQueue.isDispatchThread()));
    }

    private void checkOpen() {
        if (loop.isClosed()) throw new IllegalStateException("loop is closed: cannot run " + loop);
    }

    @SuppressWarnings("unchecked")
    private static <T> T outcome(Run run) {
        Throwable e = run.failure;
        if (e == null) return (T) run.value;
        while (e instanceof CompletionException && e.getCause() != null) e = e.getCause();
        if (e instanceof CancellationException) throw (CancellationException) e;
        throw new CompletionException(e);
    }

    private void run(Run run) {
        synchronized (runs) {
            if (stopBeforeRun) {
                stopBeforeRun = false;
                run.stopRequested = true;
            }
            runs.addLast(run);
            count = runs.size();
        }
        try {
            if (run.stopRequested) host.post(); // return after one turn
            if (run.latch == null) {
                if (!host.attachHere()) throw new IllegalStateException(loop + " cannot run on '" + Thread.currentThread().getName() + "'");
                host.rearm(); // inside a callback the outer turn is on hold: make sure the loop is driven
                EventQueue queue = Toolkit.getDefaultToolkit().getSystemEventQueue();
                while (!run.ended) {
                    SecondaryLoop s = queue.createSecondaryLoop();
                    run.secondary = s;
                    if (run.ended) break; // end() may have read the previous secondary loop
                    s.enter(); // also returns early when AWT auto-shutdown stops the pump: enter again
                }
            } else {
                run.latch.await();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        } finally {
            synchronized (runs) {
                runs.remove(run);
                count = runs.size();
            }
        }
    }

    /** At the end of every host turn (EDT): ends the runs that were stopped, or all once closed. */
    void afterTurn() {
        if (count == 0) return;
        boolean closed = loop.isClosed();
        synchronized (runs) {
            for (Run r : runs) if (closed || r.stopRequested) r.end();
        }
    }

    /** Ends the innermost run after the next turn; with none, makes the next run do one turn. */
    void stop() {
        synchronized (runs) {
            Run top = runs.peekLast();
            if (top == null) stopBeforeRun = true;
            else top.stopRequested = true;
        }
        if (!loop.isClosed()) host.post();
    }

    /** Ends every run now (close). */
    void endAll() {
        synchronized (runs) {
            for (Run r : runs) r.end();
        }
    }

    boolean isRunning() {
        return count > 0;
    }
}
