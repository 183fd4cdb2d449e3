package io.loopbridge.javafx;

import javafx.application.Platform;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The runs ({@code runUntilComplete}, {@code runForever}) in progress on one {@link FxLoop}: on the FX
 * thread a run is a nested event loop ({@code Platform.enterNestedEventLoop}) keyed by its {@link Run}
 * object; on another thread it is a thread waiting on a latch. Ending a run leaves its nested loop or
 * wakes its thread. Glass allows leaving a nested loop that is not the innermost: it returns once the
 * loops inside it have returned.
 *
 * <p><b>Threading.</b> Every method is safe from any thread, except {@link #await} (the run's own thread).
 * {@link #runs} and {@link #stopPending} are guarded by {@code this}.
 */
final class NestedRuns {
    /** One run. */
    static final class Run {
        /** Whether it is a nested event loop on the FX thread (else a waiting thread). */
        final boolean onFx = Platform.isFxApplicationThread();
        /** Wakes a waiting (non-FX) run. */
        final CountDownLatch latch = new CountDownLatch(1);
        /** Set once, by end() or when await() returns. Guarded by the NestedRuns. */
        boolean ended;
        /** Whether the nested event loop was entered. FX thread only. */
        boolean entered;
    }

    /** Runs in progress, innermost (most recent) last. Guarded by {@code this}. */
    private final ArrayDeque<Run> runs = new ArrayDeque<>();
    /** A stop() made while no run was in progress. Guarded by {@code this}. */
    private boolean stopPending;

    synchronized Run begin() {
        Run run = new Run();
        runs.addLast(run);
        return run;
    }

    /** Ends {@code run} once: leaves its nested event loop, or wakes its waiting thread. */
    void end(Run run) {
        synchronized (this) {
            if (run.ended) return;
            run.ended = true;
            runs.remove(run);
        }
        if (!run.onFx) {
            run.latch.countDown();
        } else if (Platform.isFxApplicationThread()) {
            if (run.entered) Platform.exitNestedEventLoop(run, null); // (not entered yet: await() will not enter)
        } else {
            Platform.runLater(() -> {
                if (run.entered) Platform.exitNestedEventLoop(run, null);
            });
        }
    }

    /** Blocks the calling thread in {@code run} (nesting on the FX thread) until it is ended. */
    void await(Run run) {
        try {
            if (run.onFx) {
                synchronized (this) {
                    if (run.ended) return;
                }
                run.entered = true; // an end() racing with us posts its exit, which runs inside the loop
                Platform.enterNestedEventLoop(run);
            } else {
                boolean interrupted = false;
                for (;;) {
                    try {
                        run.latch.await();
                        break;
                    } catch (InterruptedException e) {
                        interrupted = true; // keep waiting (as join() does), restore the flag after
                    }
                }
                if (interrupted) Thread.currentThread().interrupt();
            }
        } finally {
            synchronized (this) {
                run.ended = true;
                runs.remove(run);
            }
        }
    }

    /** Ends the innermost run; returns false (and remembers the stop) if none is in progress. */
    boolean stopInnermost() {
        Run r;
        synchronized (this) {
            r = runs.peekLast();
            if (r == null) {
                stopPending = true;
                return false;
            }
        }
        end(r);
        return true;
    }

    /** Consumes a stop made while no run was in progress. */
    synchronized boolean takeStopPending() {
        boolean s = stopPending;
        stopPending = false;
        return s;
    }

    synchronized int size() {
        return runs.size();
    }

    void endAll() {
        List<Run> all;
        synchronized (this) {
            all = new ArrayList<>(runs);
        }
        for (Run r : all) end(r);
    }
}
