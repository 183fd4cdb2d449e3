package io.loopbridge.core;

/**
 * Receives errors that nobody else can receive: a callback that threw, a failed task or future that
 * nobody observed, a failure inside the loop's own machinery.
 *
 * <p><b>Threading.</b> Called on the loop thread, except for reports made while the loop is closed,
 * which go to the default handler on the reporting thread. If a handler throws, the loop falls back to
 * its default handler (which logs through {@link System.Logger} named {@code io.loopbridge} and never
 * throws).
 */
@FunctionalInterface
public interface ExceptionHandler {
    /** Handles one error report. */
    void handle(ErrorContext context);
}
