package io.loopbridge.javafx;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * {@link FxLoop.Timers#PRECISE}: one daemon thread that parks until the deadline and then fires (posts
 * the loop's coalesced {@code runLater}). Late by the park overshoot plus one {@code runLater} hop; never
 * early, because it fires only once the clock has reached the deadline. See {@code docs/javafx-timers.md}
 * for the measurements.
 *
 * <p><b>Threading.</b> {@link #arm} and {@link #disarm} on the FX thread, {@link #close()} from any
 * thread; the timer thread reads {@link #deadline} and clears it with a CAS, so an arming that races
 * with firing is never lost: either the CAS fails and the thread re-reads, or the new arming comes after
 * the fire and stands.
 */
final class PreciseTimer implements HostTimer {
    /** {@link #deadline} when not armed. An arming at exactly this value is moved 1 ns later. */
    private static final long NONE = Long.MIN_VALUE;

    private final LongSupplier clock;
    private final Runnable fire;
    private final String threadName;
    /** The armed deadline, or {@link #NONE}. Written by the FX thread (arm/disarm) and the timer thread (CAS to NONE on firing). */
    private final AtomicLong deadline = new AtomicLong(NONE);
    /** The timer thread, started by the first arming. Written on the FX thread only. */
    private volatile Thread thread;
    /** Set once by {@link #close()}; the thread exits when it sees it. */
    private volatile boolean closed;

    PreciseTimer(LongSupplier clock, Runnable fire, String threadName) {
        this.clock = clock;
        this.fire = fire;
        this.threadName = threadName;
    }

    @Override
    public void arm(long at) {
        if (closed) return;
        if (at == NONE) at++;
        long prev = deadline.getAndSet(at);
        Thread t = thread;
        if (t == null) {
            t = new Thread(this::run, threadName);
            t.setDaemon(true); // never keeps the JVM alive
            thread = t;
            t.start();
        } else if (prev == NONE || at - prev < 0) {
            LockSupport.unpark(t); // earlier than what it parks for; a later deadline is seen when it wakes
        }
    }

    @Override
    public void disarm() {
        deadline.set(NONE); // the thread, if parked for the old deadline, wakes then and parks again
    }

    @Override
    public void close() {
        closed = true;
        deadline.set(NONE);
        Thread t = thread;
        if (t != null) LockSupport.unpark(t);
    }

    private void run() {
        while (!closed) {
            long d = deadline.get();
            if (d == NONE) {
                LockSupport.park(this);
                continue;
            }
            long left = d - clock.getAsLong();
            if (left > 0) {
                LockSupport.parkNanos(this, left); // may return early (spuriously, or re-armed): re-check
            } else if (deadline.compareAndSet(d, NONE)) {
                fire.run();
            }
        }
    }
}
