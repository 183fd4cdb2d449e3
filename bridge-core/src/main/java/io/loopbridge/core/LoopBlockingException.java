package io.loopbridge.core;

/**
 * Thrown instead of blocking when {@code join()} or {@code get()} is called on the loop thread for a
 * future that is still pending: blocking there would deadlock the loop (and freeze a UI). Await the
 * future with a continuation ({@code thenAccept}, {@code thenCompose}) or from another thread instead.
 */
public class LoopBlockingException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** @param message names the loop and the blocking call */
    public LoopBlockingException(String message) {
        super(message);
    }
}
