package io.loopbridge.core;

/**
 * A snapshot of a loop's own figures, for dashboards and tests ({@link EventLoop#stats()}).
 *
 * @param readyCallbacks callbacks ready to run (queued on the loop thread, not counting cross-thread
 *                       submissions not yet taken in)
 * @param pendingTimers  timers in the timer heap (including any cancelled from another thread and not
 *                       yet dropped)
 * @param callbacksRun   callbacks run since the loop was created
 * @param iterations     {@code runOnce()} passes since the loop was created
 */
public record LoopStats(int readyCallbacks, int pendingTimers, long callbacksRun, long iterations) {
}
