package io.loopbridge.core;

/**
 * A snapshot of a loop's own figures, for dashboards and tests ({@link EventLoop#stats()}).
 *
 * @param readyCallbacks callbacks ready to run (queued on the loop thread, not counting cross-thread
 *                       submissions not yet taken in)
 * @param pendingTimers  timers in the timer heap (including any cancelled from another thread and not
 *                       yet dropped)
 * @param pendingFutures futures and tasks of the loop still pending (what {@code close()} would cancel;
 *                       those created on other threads since the last pass not counted yet)
 * @param callbacksRun   callbacks run since the loop was created
 * @param iterations     {@code runOnce()} passes since the loop was created
 */
public record LoopStats(int readyCallbacks, int pendingTimers, int pendingFutures, long callbacksRun, long iterations) {
    /** Figures without a count of pending futures (0). */
    public LoopStats(int readyCallbacks, int pendingTimers, long callbacksRun, long iterations) {
        this(readyCallbacks, pendingTimers, 0, callbacksRun, iterations);
    }
}
