package io.loopbridge.core.internal;

import java.lang.invoke.MethodHandle;
import java.lang.reflect.UndeclaredThrowableException;

/**
 * A body of code that runs on the thread that {@linkplain #resume() resumes} it, and can
 * {@linkplain #suspend(Object) suspend} itself in the middle, keeping its whole stack (local variables,
 * try/finally blocks, loops), until someone resumes it again: a stackful coroutine on
 * {@code jdk.internal.vm.Continuation}, reached through {@link CoroutineSupport}. Not API: the loop's
 * {@code launch}/{@code await} are built on it ({@link Awaiting}), and {@link CoroutineRegistry} owns the
 * coroutines of one loop.
 *
 * <p>What a caller may rely on:
 * <ul>
 *   <li>{@link #resume()} runs the body on the calling thread until the body suspends or ends, then returns;
 *       {@code Thread.currentThread()} inside the body is the resumer's thread (so a UI thread stays the UI
 *       thread). A suspended body resumed later continues after its {@code suspend} call.</li>
 *   <li>{@link #resumeThrowing(Throwable)} makes the pending {@code suspend} call throw instead of return:
 *       that is how cancellation and {@link CoroutineRegistry#closeAll} reach the suspended code, so its
 *       finally blocks run.</li>
 *   <li>Every misuse is an exception naming the cause, never a frozen loop: suspending outside a coroutine,
 *       from a nested event loop the coroutine opened (see {@link CoroutineRegistry}'s depth), while pinned
 *       by a native frame, a critical section or (on JDKs where monitors pin) a monitor; with
 *       {@linkplain CoroutineRegistry#setMonitorCheck monitor checks} on, while holding any monitor;
 *       resuming a running or finished coroutine. See {@link CoroutineErrors}.</li>
 *   <li>A suspended coroutine is in its registry, so it is never abandoned: a continuation that is just
 *       dropped is collected <em>without running its finally blocks</em> (measured in issue 14). A finished
 *       one is not referenced by the registry, and keeps no reference to its body.</li>
 *   <li>If the body throws, the coroutine is {@link State#DONE} and {@code resume} rethrows it (a checked
 *       throwable smuggled out of a {@code Runnable} in an {@link UndeclaredThrowableException}).</li>
 * </ul>
 *
 * <p><b>Threading.</b> Confined: one thread at a time creates, resumes and suspends it and reads its state,
 * and each resume happens-after the previous suspend (the loop thread, with the loop's queue providing
 * that order; a loop re-attached to another thread may resume it there). Nothing here is thread-safe; a
 * second thread resuming it concurrently is caught by the JDK ({@code IllegalStateException: Mounted}).
 *
 * <p><b>Memory.</b> Besides the JDK's continuation and its captured stack chunk, this object (13 fields:
 * 64 bytes with compressed references) and its entry lambda (16 bytes), plus the few frames of
 * {@code suspend} in the chunk. Measured per suspended coroutine with a shallow stack on JDK 25 (benchmarks'
 * {@code CoroutineFootprint}, compiled frames): ~380 B, against ~255 B for the bare continuation.
 */
public final class Coroutine {
    /**
     * Each thread's {@link Current}, created the first time a coroutine is resumed on it. A resume finds its
     * thread's through the registry, which keeps its loop thread's (no thread-local lookup per resume), a
     * suspend through {@link #resumedOn}; only {@link #current()} looks it up here.
     */
    private static final ThreadLocal<Current> CURRENT = new ThreadLocal<>();

    /** A thread's current coroutine: the innermost one being resumed on it, if any. Confined to {@link #thread}. */
    static final class Current {
        final Thread thread;
        Coroutine co;

        Current(Thread thread) {
            this.thread = thread;
        }
    }

    /** The JDK handles, initialised on first use, which {@link #create} allows only once supported. */
    private static final class Vm {
        static final MethodHandle NEW_CONTINUATION;
        static final MethodHandle RUN;
        static final MethodHandle YIELD;
        /** The one scope of every LoopBridge coroutine: a suspend yields the innermost continuation of it. */
        static final Object SCOPE;

        static {
            CoroutineSupport.Handles h = CoroutineSupport.handles("a coroutine");
            NEW_CONTINUATION = h.newContinuation;
            RUN = h.run;
            YIELD = h.yield;
            try {
                SCOPE = h.newScope.invokeExact("loopbridge");
            } catch (Throwable t) {
                throw new ExceptionInInitializerError(t);
            }
        }
    }

    /** The life of a coroutine. Guarded by confinement (see the class javadoc). */
    public enum State {
        /** Created, never resumed: nothing of the body ran. Not terminal: {@link #resume()} starts it. */
        NEW,
        /**
         * The body is executing on the resumer's thread (possibly with other coroutines resumed inside it,
         * or inside a nested event loop it opened). Not terminal: it suspends or ends.
         */
        RUNNING,
        /**
         * Stopped inside {@code suspend}, its stack captured, and linked in its registry. Not terminal:
         * {@link #resume()} or {@link #resumeThrowing} continues it.
         */
        SUSPENDED,
        /** The body returned or threw (or was never started, see {@link #resumeThrowing}). Terminal. */
        DONE
    }

    private final CoroutineRegistry registry;
    /** What this coroutine runs for (the loop's {@code Task}), named in error messages; may be null. */
    private final Object owner;
    /** Cleared when done. */
    private Runnable body;
    /** The JDK's {@code Continuation}; cleared when done. */
    private Object continuation;
    /** See {@link State}: transitions NEW→RUNNING⇄SUSPENDED, RUNNING→DONE (and NEW→DONE never). */
    private State state = State.NEW;
    /** The registry's nesting depth when the coroutine was last resumed: suspend must happen at the same one. */
    private int resumedAtDepth;
    /** The {@link Current} of the thread that last resumed it (it is current exactly while that one's {@code co} is it). */
    private Current resumedOn;
    /**
     * Thrown by the pending or next suspend instead of returning ({@link #failNextSuspend}); cleared when
     * thrown. Kept when the body ends first (see {@link #hasPendingFailure()}).
     */
    private Throwable pending;
    /** What the suspended coroutine waits for (the token given to {@link #suspend(Object)}); null otherwise. */
    private Object waitingOn;
    /** What the body threw, between its end and {@code resume} rethrowing it. */
    private Throwable uncaught;
    /** The registry's intrusive list of suspended coroutines; non-null only while linked. Guarded by confinement. */
    Coroutine prevSuspended;
    Coroutine nextSuspended;
    /** Whether this coroutine is linked in its registry's list (exactly while SUSPENDED). */
    boolean linked;

    private Coroutine(CoroutineRegistry registry, Object owner, Runnable body) throws Throwable {
        this.registry = registry;
        this.owner = owner;
        this.body = body;
        this.continuation = (Object) Vm.NEW_CONTINUATION.invokeExact(Vm.SCOPE, (Runnable) new Entry());
    }

    /** Use {@link CoroutineRegistry#create}. */
    static Coroutine create(CoroutineRegistry registry, Object owner, Runnable body) {
        Checks.notNull(body, "body");
        if (!CoroutineSupport.isSupported()) throw CoroutineSupport.unsupported("a coroutine");
        try {
            return new Coroutine(registry, owner, body);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new UndeclaredThrowableException(t);
        }
    }

    /**
     * The coroutine whose body is executing on the calling thread (the innermost, if one resumed another),
     * or null. Any thread; works on every JDK (null where coroutines are unsupported).
     */
    public static Coroutine current() {
        Current c = CURRENT.get();
        return c == null ? null : c.co;
    }

    /** The {@link Current} of thread {@code t}, the calling thread: created the first time. */
    static Current currentOf(Thread t) {
        Current cur = CURRENT.get();
        if (cur == null) CURRENT.set(cur = new Current(t));
        return cur;
    }

    /** See {@link State}. The owning thread. */
    public State state() {
        return state;
    }

    /** What it runs for, as given to {@link CoroutineRegistry#create}; may be null. Any thread. */
    public Object owner() {
        return owner;
    }

    /** Its registry. Any thread. */
    public CoroutineRegistry registry() {
        return registry;
    }

    /** Whether it is suspended waiting for {@code token} (the argument of the pending {@link #suspend(Object)}). */
    public boolean isSuspendedOn(Object token) {
        return state == State.SUSPENDED && waitingOn == token;
    }

    /** The token of the pending {@link #suspend(Object)}, or null when not suspended. The owning thread. */
    Object waitingOn() {
        return waitingOn;
    }

    /**
     * Runs the body on the calling thread, from the start or from where it suspended, until it suspends
     * again or ends; returns then. Rethrows what the body threw if it ended that way.
     *
     * @throws IllegalStateException if it is running (resumed from inside itself or from code it called)
     *         or done
     */
    public void resume() {
        if (state != State.NEW && state != State.SUSPENDED) throw CoroutineErrors.cannotResume(this, state);
        resumeNow();
    }

    /**
     * Resumes it so that its pending {@code suspend} throws {@code failure} at the suspend point (the
     * body may catch it and go on). For cancellation and {@link CoroutineRegistry#closeAll}.
     *
     * @throws IllegalStateException if it is not suspended: a running coroutine gets a failure at its next
     *         suspension with {@link #failNextSuspend}; a new one that should not run is simply never
     *         resumed (nothing of it ran, so nothing is abandoned)
     */
    public void resumeThrowing(Throwable failure) {
        Checks.notNull(failure, "failure");
        if (state != State.SUSPENDED) throw CoroutineErrors.cannotResumeThrowing(this, state);
        pending = failure;
        resumeNow();
    }

    /**
     * Makes the pending suspend (if it is suspended) or the next one (if it is new or running) throw
     * {@code failure} instead of suspending or returning; replaces an earlier failure not yet thrown. It
     * does not resume it: whoever resumes it next delivers the failure. No-op once done.
     */
    public void failNextSuspend(Throwable failure) {
        Checks.notNull(failure, "failure");
        if (state != State.DONE) pending = failure;
    }

    /**
     * Whether a failure waits to be thrown at its next (or pending) suspend; once done, whether one was
     * requested ({@link #failNextSuspend}) but never thrown because the body ended without suspending again
     * (asyncio then cancels the task all the same: a task cancelled while running does not succeed).
     */
    public boolean hasPendingFailure() {
        return pending != null;
    }

    private void resumeNow() {
        if (state == State.SUSPENDED) registry.unlink(this);
        waitingOn = null;
        resumedAtDepth = registry.depth();
        state = State.RUNNING;
        Current cur = registry.currentOn(Thread.currentThread());
        Coroutine outer = cur.co;
        cur.co = this;
        if (resumedOn != cur) resumedOn = cur; // (an old object: a store into it is not free)
        try {
            Vm.RUN.invokeExact(continuation);
        } catch (RuntimeException | Error e) {
            // Not the body's (enter() catches those): the JDK refused to mount it (a concurrent resume).
            throw e;
        } catch (Throwable t) {
            throw new UndeclaredThrowableException(t);
        } finally {
            cur.co = outer;
        }
        if (state == State.DONE) {
            Throwable t = uncaught;
            uncaught = null;
            if (t != null) throw rethrowable(t);
        }
    }

    /**
     * The continuation's entry: runs the body and records how it ended, so {@code run()} always returns. A
     * class rather than a method reference to a method: one frame under the body instead of two. Each frame
     * under the suspend point is captured and restored with it, and these run once per coroutine, so they
     * stay interpreted, the slow kind to capture (the body's own entry does the same, see CoroutineTask).
     */
    final class Entry implements Runnable { // package-private: MonitorCheck finds its frame
        @Override
        public void run() {
            try {
                body.run();
            } catch (Throwable t) {
                uncaught = t;
            } finally {
                state = State.DONE;
                body = null;
                continuation = null;
                resumedOn = null;
                // pending stays: hasPendingFailure() tells that a failure requested while it ran never got thrown
            }
        }
    }

    /**
     * Suspends the current coroutine (see {@link #suspend(Object)}).
     *
     * @throws IllegalStateException outside a coroutine, or as {@link #suspend(Object)}
     */
    public static void suspend() {
        Coroutine co = current();
        if (co == null) throw CoroutineErrors.notInCoroutine();
        co.suspend(null);
    }

    /**
     * Suspends this coroutine, which must be the {@linkplain #current() current} one, until someone
     * resumes it: returns then, or throws the failure given to {@link #resumeThrowing} or
     * {@link #failNextSuspend}. {@code token} names what it waits for ({@link #isSuspendedOn}), so a late
     * or duplicate wake-up can tell it is stale. Refuses, without suspending, when it must not suspend:
     * see {@link #checkCanSuspend()}; and when the JDK cannot capture its stack (pinned), with the cause
     * named.
     */
    public void suspend(Object token) {
        checkCanSuspend();
        throwPendingFailure();
        yieldOn(token);
    }

    /**
     * {@link #suspend(Object)} for a caller that ran {@link #checkCanSuspend()} itself just before (the await,
     * which must refuse before it attaches to the stage), with only the attaching in between: re-checked here
     * is what that code may have changed (a close, a failure requested of this coroutine); being the current
     * coroutine, the nesting depth and held monitors are as they were, since the code returned.
     */
    void suspendChecked(Object token) {
        RuntimeException closed = registry.closedFailure();
        if (closed != null) throw closed;
        throwPendingFailure();
        yieldOn(token);
    }

    /** The suspension itself, once every check passed. */
    private void yieldOn(Object token) {
        registry.link(this);
        state = State.SUSPENDED;
        waitingOn = token;
        try {
            boolean ignored = (boolean) Vm.YIELD.invokeExact(Vm.SCOPE);
        } catch (Throwable refused) {
            // The JDK did not yield (pinned, or it failed to capture the stack): we never left.
            undoSuspend();
            if (refused instanceof IllegalStateException) throw CoroutineErrors.pinned(this, (IllegalStateException) refused);
            throw rethrowable(refused);
        }
        if (state == State.SUSPENDED) {
            // Returned without having been resumed: the JDK did not yield after all.
            undoSuspend();
            throw CoroutineErrors.pinned(this, new IllegalStateException("Continuation.yield returned without yielding"));
        }
        // Resumed: resumeNow() has unlinked it and made it RUNNING.
        throwPendingFailure();
    }

    /**
     * Throws (and clears) the failure left by {@link #failNextSuspend} or {@link #resumeThrowing}, if any:
     * what a suspend does first, for callers that must know before they prepare to suspend. The owning thread.
     */
    public void throwPendingFailure() {
        Throwable f = pending;
        if (f != null) {
            pending = null;
            throw rethrowable(f);
        }
    }

    /**
     * Throws, without suspending, if this coroutine must not suspend here: it is not the current
     * coroutine on this thread; the registry's nesting depth differs from the one it was resumed at (a
     * callback of a nested event loop that its body opened: suspending would suspend the coroutine that
     * opened the loop, freezing that loop); its registry is closed (the close failure); or monitor checks
     * are on and it holds a monitor. A failure left by {@link #failNextSuspend} is not checked here.
     */
    public void checkCanSuspend() {
        Current cur = resumedOn;
        if (cur == null || cur.co != this || cur.thread != Thread.currentThread()) throw CoroutineErrors.notCurrent(this);
        int depth = registry.depth();
        if (depth != resumedAtDepth) throw CoroutineErrors.nestedLoop(this, resumedAtDepth, depth);
        if (registry.nestedLoopOpened()) throw CoroutineErrors.nestedLoopOpened(this);
        RuntimeException closed = registry.closedFailure();
        if (closed != null) throw closed;
        if (registry.monitorCheck()) MonitorCheck.failIfHeld(this);
    }

    private void undoSuspend() {
        if (linked) registry.unlink(this);
        state = State.RUNNING;
        waitingOn = null;
    }

    /** {@code t} as something to throw: itself if unchecked (an {@link Error} is thrown right here). */
    private static RuntimeException rethrowable(Throwable t) {
        if (t instanceof Error) throw (Error) t;
        if (t instanceof RuntimeException) return (RuntimeException) t;
        return new UndeclaredThrowableException(t);
    }

    @Override
    public String toString() {
        return "coroutine" + (owner == null ? "@" + Integer.toHexString(System.identityHashCode(this)) : " of " + owner)
                + " [" + state + "]";
    }
}
