package io.loopbridge.swing;

import io.loopbridge.core.ErrorContext;
import io.loopbridge.core.GuestLoop;
import io.loopbridge.core.host.DeadlineTimer;
import io.loopbridge.core.host.RunStack;
import io.loopbridge.core.host.TimeSlicedDriver;

import java.awt.EventQueue;

/**
 * What is Swing's own in driving a {@link SwingLoop}: the rest (the coalesced {@code invokeLater} turn,
 * time slicing, the deadline timer, the close policy) is the core's host kit
 * ({@link TimeSlicedDriver}). This class is the driver's {@link TimeSlicedDriver.Hooks}: before a turn
 * it follows the EDT when AWT replaced it, after a turn it lets the {@link RunStack} end stopped runs,
 * and once released it unbinds the EDT.
 *
 * <p><b>The EDT can change.</b> AWT ends its EDT when the application has no displayable window and the
 * queue stayed empty for a second (auto-shutdown), or when an uncaught-exception handler itself throws;
 * the next event starts a new EDT. A turn that finds itself on a thread other than the loop's
 * {@linkplain GuestLoop#loopThread() thread} waits (briefly) for the old EDT to end and attaches the
 * loop to the new one ({@link #attachHere()}); if the old thread is still alive, it fails loudly.
 *
 * <p><b>Threading.</b> The queries are safe from any thread; everything else runs on the EDT.
 */
final class EdtHost implements TimeSlicedDriver.Hooks {
    /**
     * How long one turn may run callbacks before it yields back to Swing: 2 ms. Paint, input and timer
     * events queued during a turn wait for it to end, so under a flood a repaint or a 16 ms
     * {@code javax.swing.Timer} tick is delayed by at most this plus one callback (the core reads its clock
     * between callbacks): the longest tick gap stays near 16 + 2 ms. Each yield costs one
     * {@code invokeLater}, under 1% of the turn. (It was 8 ms; the UI benchmark measured 25-40 ms tick gaps
     * under a flood with it; see {@code docs/performance.md}.)
     */
    static final long TIME_SLICE_NANOS = 2_000_000L;
    /** How long a turn on a new EDT waits for the old EDT to finish ending (it is in its last lines). */
    private static final long OLD_EDT_JOIN_MILLIS = 2_000L;

    private final String name;
    private final GuestLoop core;
    private final SwingLoop face;
    private final TimeSlicedDriver driver;
    private final RunStack runs;
    /** Whether the host released its timer and threads after close; never cleared. Written on the EDT. */
    private volatile boolean shutDown;

    EdtHost(String name, GuestLoop core, SwingLoop face, TimeSlicedDriver driver, RunStack runs) {
        this.name = name;
        this.core = core;
        this.face = face;
        this.driver = driver;
        this.runs = runs;
    }

    @Override
    public boolean isLoopThread() {
        return EventQueue.isDispatchThread();
    }

    @Override
    public boolean beforeTurn() {
        return attachHere();
    }

    @Override
    public void afterTurn() {
        runs.afterIteration();
    }

    @Override
    public void released() {
        shutDown = true;
        face.releaseEdt();
    }

    /**
     * Makes the calling EDT the loop thread if AWT replaced the EDT since (see the class javadoc).
     * EDT only. Returns false once the host is shut down (a closed loop never binds an EDT again), and
     * (reporting to the loop's exception handler) if the old EDT is still running: the loop cannot have
     * two threads.
     */
    boolean attachHere() {
        if (shutDown) return false;
        Thread me = Thread.currentThread();
        Thread old = core.loopThread();
        if (old == me) return true;
        if (old != null && old.isAlive()) {
            try {
                old.join(OLD_EDT_JOIN_MILLIS); // it has detached from the event queue and is returning
            } catch (InterruptedException e) {
                me.interrupt();
            }
            if (old.isAlive()) {
                core.callExceptionHandler(new ErrorContext(name + " cannot move to the new event dispatch thread '"
                        + me.getName() + "': the previous one, '" + old.getName() + "', is still alive ("
                        + old.getState() + "); the loop stays idle", null, face));
                return false;
            }
        }
        core.attachThread(face);
        return true;
    }

    /** What a queued turn's {@code toString()} says (it shows in AWT's event descriptions). */
    String turnName() {
        return driver.turnName();
    }

    /** Turn events ever posted. Safe from any thread. */
    long posts() {
        return driver.posts();
    }

    /** The longest turn so far, in ns. Safe from any thread (racy). */
    long maxTurnNanos() {
        return driver.longestTurnNanos();
    }

    /** The host timer. */
    DeadlineTimer alarm() {
        return driver.timer();
    }

    /** Whether the host has released its timer and threads after close. Safe from any thread. */
    boolean isShutDown() {
        return shutDown;
    }

    @Override
    public String toString() {
        return driver.toString();
    }
}
