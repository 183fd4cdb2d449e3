package io.loopbridge.core;

/**
 * The start of a {@link EventLoop#createTask} task: a handle in the run queue that calls the body in a
 * later iteration. Cancelling it (one CAS, the one {@code runOnce} uses to claim it) succeeds exactly when
 * the body has not started, from any thread; its hook then cancels the task, which never runs its body.
 *
 * <p><b>Memory.</b> Once it ran or was cancelled it lets go of its task (the inbox keeps its last node as
 * a stub, and a finished task must not stay reachable through it), and once it ran the task lets go of it (a
 * task suspended for long, a coroutine, does not keep its spent start).
 *
 * <p><b>Threading.</b> Created on any thread; run on the loop thread; cancelled from any thread.
 */
final class TaskStart extends HandleImpl implements Runnable {
    /** The task until it started or was cancelled. Written before publication, cleared once. */
    private volatile Task<?> task;

    TaskStart(GuestLoop loop, Task<?> task) {
        super(loop, null, task);
        this.task = task;
        this.callback = this;
    }

    @Override
    public void run() {
        Task<?> t = task;
        task = null;
        if (t != null) {
            t.startHandle = null; // ran: nothing can cancel it any more, and a long-lived task need not keep it (48 B)
            t.start();
        }
    }

    @Override
    void cancelled() {
        Task<?> t = task;
        task = null;
        if (t != null) t.abandon();
    }

    @Override
    public String toString() {
        Task<?> t = task;
        return t == null ? "start of a task" : "start of " + t;
    }
}
