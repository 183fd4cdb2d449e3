package io.loopbridge.core;

/**
 * {@link EventLoop#sleep}: a future completed by a timer; cancelling the future cancels the timer, so a
 * sleep leaves no timer behind once it completes or is cancelled.
 *
 * <p><b>Threading.</b> Created on any thread; the timer completes it on the loop thread; {@code cancel} is
 * safe from any thread (a timer cancelled elsewhere is dropped lazily, see {@link Timers}).
 */
final class SleepFuture extends LoopFuture<Void> implements Runnable {
    /** The timer until it fired or was cancelled; then null, so a held future holds no handle. */
    private volatile TimerHandleImpl timer;

    private SleepFuture(GuestLoop loop) {
        super(loop);
    }

    /** A sleep of {@code delayNanos} (already clamped and saturated), owned by the loop and the current task. */
    static LoopFuture<Void> start(GuestLoop loop, long delayNanos) {
        SleepFuture f = new SleepFuture(loop);
        loop.own(f);
        // not owned by the task itself: the task owns the future, whose cancel cancels the timer
        f.timer = loop.scheduleTimer(loop.deadlineAfter(delayNanos), f, false);
        if (f.isDone()) f.cancelTimer(); // cancelled from another thread before the timer was stored
        return f;
    }

    /** The timer fired (loop thread). */
    @Override
    public void run() {
        timer = null;
        complete(null);
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean r = super.cancel(mayInterruptIfRunning);
        if (r) cancelTimer();
        return r;
    }

    private void cancelTimer() {
        TimerHandleImpl t = timer;
        if (t != null) {
            timer = null;
            t.cancel();
        }
    }

    @Override
    public String toString() {
        return "sleep" + super.toString();
    }
}
