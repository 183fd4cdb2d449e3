package io.loopbridge.swing;

import java.awt.EventQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The one host timer of a {@link SwingLoop}: armed for the loop's earliest deadline and re-armed as it
 * moves, never one per {@code callLater}. When it goes off it makes the host run a turn, which reads
 * {@code nextTimeout()} again and re-arms: an alarm that goes off early or for a deadline that has
 * meanwhile moved costs one cheap turn, never a lost or an early timer callback (the core only runs
 * timers that are due on its own clock).
 *
 * <p><b>Threading.</b> {@link #arm}, {@link #disarm} and {@link #shutDown} are called on the EDT only.
 */
interface Alarm {

    /**
     * Goes off no earlier than {@code now + timeoutNanos} (both on the loop's clock,
     * {@link System#nanoTime()}). Re-arming for about the same deadline is cheap (a no-op).
     */
    void arm(long now, long timeoutNanos);

    /** Nothing is scheduled: stay quiet until armed again. */
    void disarm();

    /** For good: releases the timer and any thread. Idempotent. */
    void shutDown();

    /** Whether it is armed (for tests and {@code toString}). */
    boolean isArmed();

    /**
     * One non-repeating {@link javax.swing.Timer}, restarted for each new deadline. It takes whole
     * milliseconds, so the delay is rounded <em>up</em>: it never goes off early, and is late by the
     * rounding (under 1 ms) plus the Swing timer thread's and the EDT's wake-up. A running Swing timer
     * keeps posting to the EDT, which keeps AWT alive: {@link #shutDown()} stops it.
     *
     * <p>{@code onFire} runs in an EDT event of its own, queued by the timer's action, never inside that
     * action: {@code javax.swing.Timer} clears a pending expiry when the event that ran its action ends
     * ({@code DoPostEvent}: fire, then {@code cancelEvent()}), so a re-arm made inside the action (as a
     * turn does) whose short delay ran out before the action returned (a slow or descheduled EDT) was
     * lost, and a loop with only timers left stalled for good ({@code SwingTimerAlarmTest}).
     */
    final class SwingTimerAlarm implements Alarm {
        private static final long MS = 1_000_000L;
        private final javax.swing.Timer timer;
        /** When the armed timer goes off at the earliest, on the loop clock; valid while it runs. EDT only. */
        private long firesAt;

        SwingTimerAlarm(Runnable onFire) {
            timer = new javax.swing.Timer(0, e -> EventQueue.invokeLater(onFire)); // see the class javadoc
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
        public void arm(long now, long timeoutNanos) {
            long deadline = now + timeoutNanos;
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
        public void shutDown() {
            timer.stop();
        }

        @Override
        public boolean isArmed() {
            return timer.isRunning();
        }

        @Override
        public String toString() {
            return "javax.swing.Timer" + (timer.isRunning() ? "[armed]" : "[idle]");
        }
    }

    /**
     * A daemon thread that parks until the deadline ({@link LockSupport#parkNanos}, nanosecond
     * resolution) and then asks the host for a turn with the host's coalesced {@code invokeLater}. More
     * precise than the Swing timer (no millisecond rounding), at the cost of one thread per loop.
     */
    final class ThreadAlarm implements Alarm, Runnable {
        /** Re-arming for a deadline this close to the armed one keeps the armed one (no unpark). */
        private static final long SAME_DEADLINE_NANOS = 20_000L;
        private static final AtomicInteger IDS = new AtomicInteger();

        private final Runnable post;
        private final Thread thread;
        /** The deadline, valid while {@link #armed}; written by the EDT, read by the alarm thread. */
        private volatile long deadline;
        private volatile boolean armed;
        private volatile boolean shut;

        /** @param post asks the host for a turn; safe from any thread and coalesced */
        ThreadAlarm(Runnable post) {
            this.post = post;
            thread = new Thread(this, "SwingLoop-alarm-" + IDS.incrementAndGet());
            thread.setDaemon(true); // never keeps the JVM alive
            thread.start();
        }

        @Override
        public void arm(long now, long timeoutNanos) {
            long d = now + timeoutNanos;
            if (armed && Math.abs(deadline - d) <= SAME_DEADLINE_NANOS) return;
            deadline = d;
            armed = true; // after the deadline: the alarm thread reads armed first
            LockSupport.unpark(thread);
        }

        @Override
        public void disarm() {
            armed = false; // the thread may still go off once: a spare turn, harmless
        }

        @Override
        public void shutDown() {
            shut = true;
            armed = false;
            LockSupport.unpark(thread);
        }

        @Override
        public boolean isArmed() {
            return armed;
        }

        /** The thread that goes off, for tests. */
        Thread thread() {
            return thread;
        }

        @Override
        public void run() {
            while (!shut) {
                if (!armed) {
                    LockSupport.park(this);
                    continue;
                }
                long left = deadline - System.nanoTime();
                if (left > 0) {
                    LockSupport.parkNanos(this, left);
                    continue;
                }
                // Disarm before posting: a re-arm made by the turn we post survives. A re-arm that
                // raced in just before is lost, but the turn we post re-arms from nextTimeout().
                armed = false;
                post.run();
            }
        }

        @Override
        public String toString() {
            return thread.getName() + (armed ? "[armed]" : "[idle]");
        }
    }
}
