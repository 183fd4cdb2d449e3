package io.loopbridge.core.host;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * A {@link DeadlineTimer} on one daemon thread that parks until the deadline
 * ({@link LockSupport#parkNanos}, nanosecond resolution) and then calls its {@code fire} action. Late by
 * the park's overshoot plus the host's post hop (a fraction of a millisecond, measured in
 * {@code docs/hosting.md}); never early, because it fires only once the loop's clock has reached the
 * deadline. The thread starts with the first arming, is never a user thread (it cannot keep the JVM
 * alive), and ends with {@link #close()}.
 *
 * <p>Invariant: {@link #deadline} is the armed deadline or {@link #NONE}; the timer thread clears it
 * with a compare-and-set just before it fires, so an arming that races with a firing is never lost:
 * either the CAS fails and the thread re-reads the new deadline, or the new arming comes after the CAS
 * and stands.
 *
 * <p><b>Threading.</b> {@link #arm} and {@link #disarm} on the loop thread; {@link #close()} from any
 * thread; {@code fire} is called on the timer thread.
 */
public final class ParkingDeadlineTimer implements DeadlineTimer {
    /** {@link #deadline} when not armed. An arming at exactly this value is moved 1 ns later. */
    private static final long NONE = Long.MIN_VALUE;

    private final LongSupplier clock;
    private final Runnable fire;
    private final String threadName;
    /** The armed deadline, or {@link #NONE}. Written by the loop thread (arm/disarm) and the timer thread (CAS to NONE on firing). */
    private final AtomicLong deadline = new AtomicLong(NONE);
    /** The timer thread, started by the first arming. Written by the loop thread only. */
    private volatile Thread thread;
    /** Set once by {@link #close()}; the thread ends when it sees it. */
    private volatile boolean closed;

    /**
     * @param clock      the loop's clock ({@code core::time}), nanoseconds
     * @param fire       what to do when a deadline has passed (post a turn); safe from any thread
     * @param threadName the timer thread's name, e.g. {@code FxLoop-1-timer}
     * @throws NullPointerException if an argument is null
     */
    public ParkingDeadlineTimer(LongSupplier clock, Runnable fire, String threadName) {
        this.clock = java.util.Objects.requireNonNull(clock, "clock: null (expected: the loop's clock)");
        this.fire = java.util.Objects.requireNonNull(fire, "fire: null (expected: a safe-from-any-thread action)");
        this.threadName = java.util.Objects.requireNonNull(threadName, "threadName: null (expected: non-null)");
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

    @Override
    public boolean isArmed() {
        return deadline.get() != NONE;
    }

    /** The timer thread, or null before the first arming (for tests). */
    public Thread thread() {
        return thread;
    }

    private void run() {
        while (!closed) {
            // Nobody has a reason to interrupt this private thread, but an interrupt left set would make
            // every park return at once: a spinning thread. Clear it (the class of issue 13's defect 4).
            Thread.interrupted();
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

    @Override
    public String toString() {
        return threadName + (closed ? "[closed]" : deadline.get() == NONE ? "[idle]" : "[armed]");
    }
}
