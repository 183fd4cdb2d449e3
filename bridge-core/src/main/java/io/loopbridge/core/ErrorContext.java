package io.loopbridge.core;

import java.util.Objects;

/**
 * One error report for an {@link ExceptionHandler}: what happened ({@link #message()}), the exception
 * if any ({@link #exception()}) and the object involved ({@link #source()}).
 *
 * <p><b>Threading.</b> Immutable; safe from any thread.
 */
public final class ErrorContext {
    private final String message;
    private final Throwable exception;
    private final Object source;

    /**
     * @param message   what happened, never null
     * @param exception the exception, or null when there is none
     * @param source    the {@link Handle}, {@link LoopFuture} or {@link Task} involved, or null
     */
    public ErrorContext(String message, Throwable exception, Object source) {
        this.message = Objects.requireNonNull(message, "message: null (expected: non-null)");
        this.exception = exception;
        this.source = source;
    }

    /** What happened, for a person to read. */
    public String message() { return message; }

    /** The exception, or null when the report has none. */
    public Throwable exception() { return exception; }

    /**
     * The very {@link Handle}, {@link LoopFuture} or {@link Task} involved; null when there is none, and
     * for "never retrieved" reports, which are made after the future was garbage-collected.
     */
    public Object source() { return source; }

    @Override
    public String toString() {
        return "ErrorContext[" + message + (exception == null ? "" : ", " + exception)
                + (source == null ? "" : ", source=" + source) + "]";
    }
}
