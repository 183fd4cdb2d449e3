package io.loopbridge.swing;

import io.loopbridge.core.ErrorContext;
import io.loopbridge.core.GuestLoop;

import java.awt.EventQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drives a {@link GuestLoop} from the Event Dispatch Thread, using only the core's public host API:
 * a <em>turn</em> is an EDT event that calls {@code runOnce(budget)} and then re-arms from
 * {@code nextTimeout()}: {@code 0} posts the next turn, {@code > 0} arms the one {@link Alarm},
 * {@code -1} disarms it.
 *
 * <p><b>Wake-ups.</b> At most one turn is queued on the EDT at any time ({@link #posted}), however many
 * threads submit work: the core's {@code HostWaker} is coalesced and so is {@link #post()}.
 *
 * <p><b>Time slicing.</b> A turn runs callbacks for at most {@link #TIME_SLICE_NANOS}, then posts the
 * next turn at the back of the event queue, behind the paint and input events queued meanwhile.
 *
 * <p><b>The EDT can change.</b> AWT ends its EDT when the application has no displayable window and the
 * queue stayed empty for a second (auto-shutdown), or when an uncaught-exception handler itself throws;
 * the next event starts a new EDT. A turn that finds itself on a thread other than the loop's
 * {@linkplain GuestLoop#loopThread() thread} waits (briefly) for the old EDT to end and attaches the
 * loop to the new one ({@link #attachHere()}); if the old thread is still alive, it fails loudly.
 *
 * <p><b>Threading.</b> {@link #wakeUp()} and {@link #post()} are safe from any thread; everything else
 * runs on the EDT.
 */
final class EdtHost implements GuestLoop.HostWaker {
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
    private GuestLoop core;
    private SwingLoop face;
    /** The host timer; set once before the first turn. */
    private Alarm alarm;
    /** True while a turn is queued on the EDT (at most one). Set by {@link #post()}, cleared by that turn. */
    private final AtomicBoolean posted = new AtomicBoolean();
    /** Turn events posted, ever (a test and benchmark figure). */
    private final AtomicLong posts = new AtomicLong();
    /** The longest turn so far, in ns (a test and benchmark figure). Written by the EDT, read racily. */
    private volatile long maxTurnNanos;
    /** Whether the host released its timer and thread after close; never cleared. Written on the EDT. */
    private volatile boolean shutDown;

    private final Runnable queuedTurn = new Runnable() {
        @Override
        public void run() {
            posted.set(false); // first: a wake-up during this turn queues the next one (at most one)
            turn();
        }

        @Override
        public String toString() {
            return name + " turn";
        }
    };

    EdtHost(String name) {
        this.name = name;
    }

    /** Binds the host to its loop; called once by {@link SwingLoop}, before anything can wake it. */
    void init(GuestLoop core, SwingLoop face, Alarm alarm) {
        this.core = core;
        this.face = face;
        this.alarm = alarm;
    }

    /** The core's wake-up: post a turn. Safe from any thread. */
    @Override
    public void wakeUp() {
        post();
    }

    /** Queues a turn on the EDT unless one is queued already. Safe from any thread. */
    void post() {
        if (posted.compareAndSet(false, true)) {
            try {
                EventQueue.invokeLater(queuedTurn);
                posts.incrementAndGet();
            } catch (RuntimeException | Error e) {
                posted.set(false); // nothing is queued: the next wake-up must try again
                throw e;
            }
        }
    }

    /** A turn, run by a queued event or by the alarm, on the EDT. */
    void turn() {
        if (!attachHere()) return;
        long start = System.nanoTime();
        try {
            for (;;) {
                long left = TIME_SLICE_NANOS - (System.nanoTime() - start);
                core.runOnce(Math.max(left, 1));
                if (core.isClosed() || core.nextTimeout() != 0) break;
                if (System.nanoTime() - start >= TIME_SLICE_NANOS) break; // yield: rearm() posts the next turn
            }
        } finally {
            maxTurnNanos = Math.max(maxTurnNanos, System.nanoTime() - start);
            rearm();
            face.afterTurn();
        }
    }

    /**
     * Makes the host call {@code runOnce} when the loop needs it: posts a turn for ready work, arms the
     * alarm for the earliest timer, disarms it when nothing is scheduled; after close, releases the
     * timer and thread once the core's loop-thread cleanup has run. EDT only.
     */
    void rearm() {
        if (shutDown) return;
        if (core.isClosed()) {
            if (core.isRunning()) return; // inside runOnce (a nested pump): the outer turn finishes the close
            if (core.nextTimeout() == 0) post(); // the loop-thread half of close() is still to run
            else shutDown();
            return;
        }
        long t = core.nextTimeout();
        if (t == 0) {
            post();
        } else if (t > 0) {
            alarm.arm(System.nanoTime(), t);
        } else {
            alarm.disarm();
        }
    }

    private void shutDown() {
        shutDown = true;
        alarm.shutDown();
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
        return queuedTurn.toString();
    }

    /** Turn events ever posted. Safe from any thread. */
    long posts() {
        return posts.get();
    }

    /** The longest turn so far, in ns. Safe from any thread (racy). */
    long maxTurnNanos() {
        return maxTurnNanos;
    }

    /** The host timer. */
    Alarm alarm() {
        return alarm;
    }

    /** Whether the host has released its timer and threads after close. Safe from any thread. */
    boolean isShutDown() {
        return shutDown;
    }

    @Override
    public String toString() {
        return name + "[" + (posted.get() ? "turn queued" : "no turn queued") + ", " + alarm + "]";
    }
}
