package io.loopbridge.javafx;

import io.loopbridge.core.GuestLoop;
import javafx.application.Platform;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The JavaFX host of one {@link FxLoop}'s {@link GuestLoop}: turns wake-ups into {@code Platform.runLater}
 * turns, runs each turn time-sliced, and keeps one {@link HostTimer} armed for the earliest deadline.
 * Built only on {@code GuestLoop}'s public host API: {@code runOnce(budget)}, {@code nextTimeout()} and
 * {@link GuestLoop.HostWaker}.
 *
 * <p><b>One turn in flight.</b> {@link #post()} calls {@code runLater} only when it turns
 * {@link #turnPosted} from false to true, and {@link #turn()} clears it <em>first</em>. So however many
 * wake-ups, timer firings and yields happen between two turns, at most one {@code runLater} is queued,
 * and anything that happens after a turn has started is guaranteed a new one (or is seen by the running
 * turn, which re-reads {@code nextTimeout()} before it returns).
 *
 * <p><b>Threading.</b> {@link #wakeUp()} and {@link #post()} from any thread; {@link #turn()} and the
 * timer bookkeeping on the FX Application Thread.
 */
final class FxHost implements GuestLoop.HostWaker {
    private final long budgetNanos;
    /** True from a post() that queued a turn until that turn starts. */
    private final AtomicBoolean turnPosted = new AtomicBoolean();
    /** How many turns were queued with runLater (for tests and diagnostics). */
    final AtomicLong posts = new AtomicLong();
    /** The longest turn so far, in nanoseconds (for tests and diagnostics). Written by the FX thread only. */
    volatile long longestTurnNanos;
    /** The core; set once by {@link #init} before any wake-up can happen. */
    private volatile GuestLoop core;
    private volatile HostTimer timer;
    /** Called on the FX thread (once) after a turn found the core closed and cleaned up. */
    private volatile Runnable onClosed;
    /** Set once a turn has seen the close through; later turns do nothing. FX thread only. */
    private boolean finished;
    /** Whether the timer is armed. FX thread only. */
    private boolean armed;

    FxHost(long budgetNanos) {
        this.budgetNanos = budgetNanos;
    }

    void init(GuestLoop core, HostTimer timer, Runnable onClosed) {
        this.core = core;
        this.timer = timer;
        this.onClosed = onClosed;
    }

    HostTimer timer() {
        return timer;
    }

    /** The core's wake-up (already coalesced by the core): post a turn. Safe from any thread. */
    @Override
    public void wakeUp() {
        post();
    }

    /** Queues a turn unless one is queued already. Safe from any thread. */
    void post() {
        if (turnPosted.compareAndSet(false, true)) {
            posts.incrementAndGet();
            // After Platform.exit() this is dropped silently; FxPlatform's exit watcher closes the loop.
            Platform.runLater(this::turn);
        }
    }

    /**
     * One host turn, on the FX thread: run ready work and due timers until nothing is ready or the budget
     * is spent, then arm the timer for the next deadline, or disarm it when nothing is scheduled. It calls
     * {@code runOnce} at least once: that clears the core's coalesced wake-up, which the core re-arms
     * only in {@code runOnce} ({@link GuestLoop.HostWaker}). Over budget with work left, it yields: it
     * posts the next turn behind the events queued meanwhile (a pulse, input), which continues where this
     * one stopped.
     *
     * <p>Nested event loops ({@code showAndWait}, {@code runUntilComplete}) opened by a callback need no
     * help from here: the core keeps a wake-up pending while more of a pass waits behind the running
     * callback, and wakes the host for work scheduled during it, so the nested loop gets a turn (the core
     * allows re-entering {@code runOnce}). This host used to queue the next turn ahead of every busy turn
     * for that; the core's rule made it redundant, and it cost a {@code runLater} before the first
     * callback of every turn (measured: a single post's latency went from 18 to 4 us at the median on
     * headless Monocle, as a raw {@code runLater}'s).
     */
    void turn() {
        assert Platform.isFxApplicationThread() : "turn() off the FX Application Thread";
        turnPosted.set(false); // first: a wake-up from now on queues a new turn
        if (finished) return; // a turn queued before the close finished: the loop is released
        GuestLoop c = core;
        long next;
        long start = c.time();
        boolean returned = false;
        try {
            for (;;) {
                c.runOnce(budgetNanos - (c.time() - start));
                next = c.nextTimeout();
                if (next != 0 || c.isClosed()) break;
                if (c.time() - start >= budgetNanos) { // over budget with work left: yield, the next turn continues
                    post();
                    break;
                }
            }
            returned = true;
        } finally {
            // A fatal error (OutOfMemoryError) propagates out of runOnce to the FX thread's uncaught-exception
            // handler. The core keeps the rest of the pass; the next turn runs it and re-arms the timer.
            if (!returned) post();
        }
        long took = c.time() - start;
        if (took > longestTurnNanos) longestTurnNanos = took;
        if (next == 0 && !c.isClosed()) return; // yielded
        if (c.isClosed()) {
            disarm();
            if (next < 0) { // cleaned up (else an outer runOnce is still unwinding: a later turn sees it)
                finished = true;
                onClosed.run();
            }
            return;
        }
        if (next > 0) {
            long now = c.time();
            long at = now + next; // a little after the timer's own deadline (two clock reads): never early
            if (((now ^ at) & (next ^ at)) < 0) at = Long.MAX_VALUE; // saturate a deadline too far to represent
            armed = true;
            timer.arm(at);
        } else if (next < 0) {
            disarm();
        }
    }

    private void disarm() {
        if (armed) {
            armed = false;
            timer.disarm();
        }
    }
}
