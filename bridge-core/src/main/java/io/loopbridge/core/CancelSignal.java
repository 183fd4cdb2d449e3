package io.loopbridge.core;

import java.util.concurrent.CancellationException;

/**
 * What blocking work run by {@link EventLoop#runInExecutor(CancellableWork)} sees of its future's
 * cancellation, so that it can stop even when the call it blocks in ignores interrupts (a JDK
 * {@code HttpClient} response stream does: reading it goes on after {@code cancel(true)} interrupted the
 * worker). Poll it between steps, or register a close action that unblocks the call:
 *
 * <pre>{@code
 * loop.runInExecutor(cancel -> {
 *     HttpResponse<InputStream> r = http.send(request, BodyHandlers.ofInputStream());
 *     try (InputStream in = r.body()) {
 *         Handle unblock = cancel.onCancel(() -> closeQuietly(in));   // a cancel closes the stream: read() fails
 *         for (int n; (n = in.read(buf)) >= 0; ) { out.write(buf, 0, n); progress.update(total += n, size); }
 *         unblock.cancel();
 *     }
 *     return out.toByteArray();
 * });
 * }</pre>
 *
 * <p><b>Threading.</b> Safe from any thread. A close action runs once: on the thread that cancels the
 * future, or at once on the registering thread if the future is already cancelled.
 */
public interface CancelSignal {
    /** Whether the work's future was cancelled. */
    boolean isCancelled();

    /** Throws a {@link CancellationException} if the work's future was cancelled; for work that polls. */
    default void throwIfCancelled() {
        if (isCancelled()) throw new CancellationException("the work's future was cancelled");
    }

    /**
     * Runs {@code action} once when the work's future is cancelled (at once if it already is). Cancelling
     * the returned handle unregisters it, if it has not run. An action that throws is reported to the
     * loop's exception handler.
     */
    Handle onCancel(Runnable action);
}
