package io.loopbridge.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A scheduled callback and, at the same time, its queue node: a loop-thread {@code callSoon} allocates
 * exactly this one object.
 *
 * <p><b>Threading.</b> {@link #state} is the only field written by more than one thread (CAS). The
 * ready-list link {@link #next} is the loop thread's. The inbox link {@link #inboxNext} is written once
 * by the producer that enqueued the next node (a release store, see {@link Inbox}) and then read and
 * cleared by the inbox's consumer.
 */
class HandleImpl implements Handle {
    /** Waiting to run. Not terminal. */
    static final int PENDING = 0;
    /** Taken by the loop to run (or running, or ran). Terminal. */
    static final int RAN = 1;
    /** Cancelled before it ran; it never will. Terminal. */
    static final int CANCELLED = 2;

    private static final VarHandle STATE;
    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(HandleImpl.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final GuestLoop loop;
    /** The callback; cleared once it ran or was cancelled so a retained handle retains nothing. */
    Runnable callback;
    /** The task whose context the callback runs in, or null. */
    Task<?> task;
    /** Ready-list link. Loop thread only once published. */
    HandleImpl next;
    /** The next node in the cross-thread {@link Inbox}, or null; see {@link Inbox} for who writes it when. */
    HandleImpl inboxNext;
    /** PENDING, RAN or CANCELLED; see the constants. */
    private volatile int state;
    /** Where it was scheduled; captured in debug mode only. */
    Throwable createdAt;

    HandleImpl(GuestLoop loop, Runnable callback, Task<?> task) {
        this.loop = loop;
        this.callback = callback;
        this.task = task;
    }

    /** Loop thread: claims the handle for running. False if it was cancelled first. */
    final boolean claim() {
        return STATE.compareAndSet(this, PENDING, RAN);
    }

    @Override
    public void cancel() {
        tryCancel();
    }

    /** Cancels the handle if it is still pending; true if this call did. Any thread. */
    final boolean tryCancel() {
        if (STATE.compareAndSet(this, PENDING, CANCELLED)) {
            callback = null;
            cancelled();
            return true;
        }
        return false;
    }

    /**
     * Takes back a submission that lost the race with {@code close()} (its producer found the loop closed
     * after enqueueing it): cancels it like {@link #tryCancel()} but without the {@link #cancelled()}
     * hook, as the submission is rejected, never accepted. False if the loop ran or cancelled it first:
     * then the submission was accepted. Any thread.
     */
    final boolean withdraw() {
        if (STATE.compareAndSet(this, PENDING, CANCELLED)) {
            callback = null;
            return true;
        }
        return false;
    }

    /** Hook run once, by the cancelling thread, after a successful cancel. */
    void cancelled() {}

    @Override
    public final boolean isCancelled() {
        return state == CANCELLED;
    }

    final boolean isPending() {
        return state == PENDING;
    }

    @Override
    public String toString() {
        Runnable cb = callback;
        String s = state == PENDING ? "pending" : state == RAN ? "ran" : "cancelled";
        return getClass().getSimpleName() + "[" + s + (cb == null ? "" : ", " + cb) + "]";
    }
}
