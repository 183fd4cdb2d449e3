package io.loopbridge.demo.model;

import io.loopbridge.core.EventLoop;
import io.loopbridge.core.LoopFuture;
import io.loopbridge.core.Task;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Small helpers for reading a stage's outcome and formatting figures. Stateless; safe from any thread. */
public final class Outcomes {
    private Outcomes() {}

    /** The failure inside the {@link CompletionException}/{@link ExecutionException} wrappers. */
    public static Throwable unwrap(Throwable e) {
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    /** Whether {@code e} (possibly wrapped) is a cancellation, which the demo never reports as an error. */
    public static boolean isCancellation(Throwable e) {
        return unwrap(e) instanceof CancellationException;
    }

    /** {@code e} as a {@link CompletionException} to rethrow from a {@code handle} stage (kept as is if it is one). */
    public static CompletionException rethrow(Throwable e) {
        return e instanceof CompletionException ? (CompletionException) e : new CompletionException(e);
    }

    /** "IOException: connection reset", for status lines and the error area. */
    public static String describe(Throwable e) {
        Throwable x = unwrap(e);
        String m = x.getMessage();
        return x.getClass().getSimpleName() + (m == null || m.isEmpty() ? "" : ": " + m);
    }

    /** A future of {@code loop} that is already complete with {@code value}. Loop thread. */
    public static <T> LoopFuture<T> completed(EventLoop loop, T value) {
        LoopFuture<T> f = loop.createFuture();
        f.complete(value);
        return f;
    }

    /**
     * Names the task running this code, if any and if it has no name yet: the error area shows a failed
     * task by its name. Loop thread.
     */
    public static void nameCurrentTask(String name) {
        Task<?> t = Task.current();
        if (t != null && t.getName() == null) t.setName(name);
    }

    /**
     * Runs {@code action} on the loop thread once the task running this code (if any) ends cancelled. For a
     * chain whose last stage reports the outcome: when a cancel reaches nothing upstream that the task
     * owns (a stream read, say), the task cancels that last stage itself, and its action never runs. This
     * hook runs anyway; the caller makes its report idempotent. Registered through
     * {@code CompletableFuture.allOf}, which neither observes the task nor is a future of it. Loop thread.
     */
    public static void onCurrentTaskCancelled(EventLoop loop, Runnable action) {
        Task<?> t = Task.current();
        if (t == null) return;
        java.util.concurrent.CompletableFuture.allOf(t).whenComplete((v, e) -> {
            if (t.isCancelled() && loop.inEventLoop()) action.run(); // (off the loop thread: the loop is closing, nobody looks)
        });
    }

    /** "1.5 s" or "250 ms". */
    public static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms < 1000 ? ms + " ms" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    /** Nanoseconds of the loop clock as "1.5 s" or "250 ms". */
    public static String seconds(long nanos) {
        return seconds(Duration.ofNanos(nanos));
    }
}
