package io.loopbridge.core.internal;

import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The coroutines of one loop: creates them, knows every one that is suspended, and at close resumes each
 * with a failure at its suspend point, so that no coroutine is ever abandoned (an abandoned continuation
 * is collected without running its finally blocks). Not API.
 *
 * <p>What a caller may rely on:
 * <ul>
 *   <li>{@link #suspendedCount()} is the number of its coroutines in {@link Coroutine.State#SUSPENDED};
 *       the registry references exactly those: a new, running or finished coroutine is not reachable from
 *       it.</li>
 *   <li>{@link #closeAll} resumes every suspended coroutine with the close failure; from then on any of
 *       its coroutines that tries to suspend gets that failure thrown instead, so each runs to its end
 *       (unless its body never stops on its own), and {@code closeAll} returns with none suspended.</li>
 *   <li>The <b>nesting depth</b> given at construction (the loop's {@code runOnce} depth, plus any nested
 *       event loop the host knows of) is read at every resume and every suspend: a coroutine may only
 *       suspend at the depth it was resumed at. A plain callback that a nested loop runs while the
 *       coroutine that opened the loop is still current would otherwise suspend that coroutine and freeze
 *       the nested loop (issue 14: Monocle, Swing's {@code SecondaryLoop}; on GTK it fails as
 *       {@code Pinned: NATIVE}); with the depth it is an {@link IllegalStateException} everywhere. A
 *       coroutine resumed <em>inside</em> the nested loop records the nested depth and suspends fine.
 *       The optional <b>nested-loop check</b> (second constructor) does the same for a host that can tell
 *       at the suspend alone (JavaFX: a nested-loop entry above the coroutine's first frame), read at
 *       suspends only: a resume then costs no host call.</li>
 * </ul>
 *
 * <p><b>Threading.</b> Confined to the loop thread, like its coroutines (see {@link Coroutine}); a close
 * requested from another thread must run {@link #closeAll} on the loop thread, or after the loop thread
 * is gone, on the closing thread (never both).
 *
 * <p><b>Memory.</b> An intrusive doubly-linked list through the suspended coroutines themselves: linking
 * and unlinking are O(1) and allocate nothing.
 */
public final class CoroutineRegistry {
    private final IntSupplier nestingDepth;
    private final BooleanSupplier nestedLoopOpened;
    /** First of the suspended coroutines (most recently suspended first); null when none. Confined. */
    private Coroutine head;
    /** How many are linked from {@link #head}. Confined. */
    private int suspended;
    /** Whether suspend checks for held monitors (debug mode: ~100 µs per suspend). Confined. */
    private boolean monitorCheck;
    /** Non-null once {@link #closeAll} began: the failure every later suspend throws. Confined. */
    private Supplier<? extends RuntimeException> closed;

    /**
     * @param nestingDepth the current nesting depth of the loop's event processing on its thread (for
     *        example {@code GuestLoop}'s {@code runOnce} depth); read on the loop thread at each resume and
     *        suspend, so it must be cheap
     */
    public CoroutineRegistry(IntSupplier nestingDepth) {
        this(nestingDepth, () -> false);
    }

    /**
     * @param nestingDepth as above
     * @param nestedLoopOpened read on the loop thread at each suspend only (never at a resume): true when the
     *        suspending code runs inside a nested event loop that the current coroutine opened (the host's
     *        cheaper alternative to a nesting depth, which is read at every resume too); the suspend is
     *        then refused as for a depth that changed
     */
    public CoroutineRegistry(IntSupplier nestingDepth, BooleanSupplier nestedLoopOpened) {
        this.nestingDepth = Checks.notNull(nestingDepth, "nestingDepth");
        this.nestedLoopOpened = Checks.notNull(nestedLoopOpened, "nestedLoopOpened");
    }

    /**
     * A new coroutine that will run {@code body} when first {@linkplain Coroutine#resume() resumed}. Loop
     * thread.
     *
     * @param owner what it runs for (the task), named in error messages and returned by
     *        {@link Coroutine#owner()}; may be null
     * @throws UnsupportedOperationException where coroutines are unsupported, with
     *         {@link CoroutineSupport#reason()}
     * @throws java.util.concurrent.RejectedExecutionException once {@link #closeAll} began
     */
    public Coroutine create(Object owner, Runnable body) {
        Checks.notNull(body, "body");
        if (closed != null) {
            throw new java.util.concurrent.RejectedExecutionException("coroutine registry is closed: cannot create a coroutine"
                    + (owner == null ? "" : " for " + owner));
        }
        return Coroutine.create(this, owner, body);
    }

    /** Its coroutines that are suspended now. Loop thread. */
    public int suspendedCount() {
        return suspended;
    }

    /**
     * Turns the debug-mode monitor check on or off: with it on, every suspend first asks the JVM for the
     * monitors the thread holds (through {@code java.lang.management}: about 100 µs, a safepoint-style
     * stack walk) and refuses to suspend while one is held inside the coroutine. There is no cheap way to
     * know (see {@link MonitorCheck}). Loop thread.
     *
     * @return whether the check is on now: false when asked to turn it on where {@code java.management} is
     *         not available ({@link #monitorCheckUnavailableReason()} says why)
     */
    public boolean setMonitorCheck(boolean on) {
        monitorCheck = on && MonitorCheck.isAvailable();
        return monitorCheck;
    }

    /** Why the monitor check cannot run in this JVM (for the debug-mode log), or null when it can. Any thread. */
    public static String monitorCheckUnavailableReason() {
        return MonitorCheck.unavailableReason();
    }

    /** Whether the debug-mode monitor check is on. Loop thread. */
    public boolean monitorCheck() {
        return monitorCheck;
    }

    /** Whether {@link #closeAll} began. Loop thread. */
    public boolean isClosed() {
        return closed != null;
    }

    /**
     * Resumes every suspended coroutine with {@code failure.get()} thrown at its suspend point (a fresh
     * failure for each) and, from now on, makes every suspend of its coroutines throw one instead; returns
     * when none is suspended. Idempotent: a second call resumes nothing (none can be suspended) and keeps the
     * first failure. Bodies run inside this call, on the calling thread.
     *
     * @return how many coroutines it resumed
     * @throws RuntimeException the first failure a body ended with other than the one it was given (the
     *         others attached as suppressed), after every coroutine was resumed
     */
    public int closeAll(Supplier<? extends RuntimeException> failure) {
        Checks.notNull(failure, "failure");
        if (closed == null) closed = failure;
        int n = 0;
        Throwable first = null;
        while (head != null) {
            Coroutine c = head;
            RuntimeException f = closed.get();
            n++;
            try {
                c.resumeThrowing(f);
            } catch (Throwable t) {
                if (t == f) continue; // the body let its close failure propagate: the expected ending
                if (first == null) first = t;
                else first.addSuppressed(t);
            }
        }
        if (first instanceof RuntimeException) throw (RuntimeException) first;
        if (first instanceof Error) throw (Error) first;
        return n;
    }

    // ---- for Coroutine ----

    int depth() {
        return nestingDepth.getAsInt();
    }

    /** The {@link Coroutine.Current} of the thread that resumed one of these coroutines last. Confined. */
    private Coroutine.Current current;

    /** The {@link Coroutine.Current} of {@code t}, the calling thread (its loop thread, almost always). */
    Coroutine.Current currentOn(Thread t) {
        Coroutine.Current c = current;
        if (c == null || c.thread != t) current = c = Coroutine.currentOf(t);
        return c;
    }

    /** See the constructor: whether the suspending code runs in a nested loop the current coroutine opened. */
    boolean nestedLoopOpened() {
        return nestedLoopOpened.getAsBoolean();
    }

    /** The failure a suspend throws once closed, else null. */
    RuntimeException closedFailure() {
        return closed == null ? null : closed.get();
    }

    void link(Coroutine c) {
        assert !c.linked;
        c.prevSuspended = null;
        c.nextSuspended = head;
        if (head != null) head.prevSuspended = c;
        head = c;
        c.linked = true;
        suspended++;
    }

    void unlink(Coroutine c) {
        assert c.linked;
        Coroutine p = c.prevSuspended;
        Coroutine n = c.nextSuspended;
        if (p == null) head = n;
        else p.nextSuspended = n;
        if (n != null) n.prevSuspended = p;
        c.prevSuspended = null;
        c.nextSuspended = null;
        c.linked = false;
        suspended--;
    }
}
