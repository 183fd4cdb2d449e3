package io.loopbridge.swing;

import io.loopbridge.core.host.DeadlineTimer;

import java.awt.EventQueue;
import java.util.function.LongSupplier;

/**
 * {@link SwingLoop.Timers#SWING_TIMER}: a {@link DeadlineTimer} on one non-repeating
 * {@link javax.swing.Timer}, restarted for each new deadline. It takes whole milliseconds, so the delay
 * is rounded <em>up</em>: it never goes off early, and is late by the rounding (under 1 ms) plus the
 * Swing timer thread's and the EDT's wake-up. A running Swing timer keeps posting to the EDT, which keeps
 * AWT alive: {@link #close()} stops it.
 *
 * <p>{@code fire} runs in an EDT event of its own, queued by the timer's action, never inside that
 * action: {@code javax.swing.Timer} clears a pending expiry when the event that ran its action ends
 * ({@code DoPostEvent}: fire, then {@code cancelEvent()}), so a re-arm made inside the action whose short
 * delay ran out before the action returned (a slow or descheduled EDT) was lost, and a loop with only
 * timers left stalled for good ({@code SwingTimerAlarmTest}).
 *
 * <p><b>Threading.</b> {@link #arm}, {@link #disarm} and {@link #close()} on the EDT (a
 * {@code javax.swing.Timer} may be started and stopped from any thread, so a {@code close()} from
 * another thread is safe too).
 */
final class SwingTimerDeadline implements DeadlineTimer {
    private static final long MS = 1_000_000L;
    private final LongSupplier clock;
    private final javax.swing.Timer timer;
    /** When the armed timer goes off at the earliest, on the loop clock; valid while it runs. EDT only. */
    private long firesAt;
    private volatile boolean closed;

    SwingTimerDeadline(LongSupplier clock, Runnable fire) {
        this.clock = clock;
        timer = new javax.swing.Timer(0, e -> EventQueue.invokeLater(fire)); // see the class javadoc
        timer.setRepeats(false);
        // Not coalescing: a coalescing timer clears its "event pending" flag after its action ran. Our
        // action (a turn) re-arms this same timer; when the new deadline is under a millisecond away,
        // the timer thread can go off and post its event while the action is still running, and the
        // clearing that follows drops that event: the alarm is then silent with a timer due, and the
        // loop stalls (found by the UI benchmark's 100,000-timer row). Without coalescing a posted
        // event always runs; a stale one (a restart while it was queued) costs one spare turn.
        timer.setCoalesce(false);
    }

    @Override
    public void arm(long deadline) {
        if (closed) return;
        long now = clock.getAsLong();
        long timeoutNanos = Math.max(deadline - now, 0);
        // Already armed to go off within the millisecond after this deadline: keep it.
        if (timer.isRunning() && firesAt - deadline >= 0 && firesAt - deadline < MS) return;
        long ms = timeoutNanos / MS + (timeoutNanos % MS == 0 ? 0 : 1); // round UP: never early
        int delay = (int) Math.min(ms, Integer.MAX_VALUE); // ~24 days; it re-arms when it goes off
        timer.setInitialDelay(delay);
        timer.restart(); // the Swing timer counts from now, later than `now`: later, never earlier
        firesAt = now + delay * MS;
    }

    @Override
    public void disarm() {
        timer.stop();
    }

    @Override
    public boolean isArmed() {
        return timer.isRunning();
    }

    @Override
    public void close() {
        closed = true;
        timer.stop();
    }

    @Override
    public String toString() {
        return "javax.swing.Timer" + (timer.isRunning() ? "[armed]" : "[idle]");
    }
}
