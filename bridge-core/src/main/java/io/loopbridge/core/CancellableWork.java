package io.loopbridge.core;

/**
 * Blocking work for {@link EventLoop#runInExecutor(CancellableWork)} that is told when its future is
 * cancelled: it gets a {@link CancelSignal} to poll or to register a close action with.
 *
 * <p><b>Threading.</b> Called once, on an executor thread.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface CancellableWork<T> {
    T call(CancelSignal cancel) throws Exception;
}
