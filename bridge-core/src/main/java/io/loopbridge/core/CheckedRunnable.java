package io.loopbridge.core;

/**
 * A body that returns nothing and may throw checked exceptions: the void form of a coroutine body for
 * {@link EventLoop#launch(CheckedRunnable)} (a {@link java.util.concurrent.Callable} is the form that
 * returns a value). An exception it throws fails the task that runs it.
 *
 * <p><b>Threading.</b> Called on the loop thread, by the task that runs it.
 */
@FunctionalInterface
public interface CheckedRunnable {
    void run() throws Exception;
}
