package io.loopbridge.core;

import io.loopbridge.core.internal.Checks;

import java.util.Objects;
import java.util.concurrent.CancellationException;

/**
 * How one stage ended: with a value, or with a failure (a {@link CancellationException} if it was
 * cancelled). {@link LoopFutures#gatherSettled} returns one per stage, like asyncio's
 * {@code gather(..., return_exceptions=True)}, but typed.
 *
 * <pre>{@code
 * LoopFutures.gatherSettled(loop, List.of(a, b, c)).thenAccept(outcomes -> {
 *     for (Outcome<String> o : outcomes) {
 *         if (o.isSuccess()) show(o.value()); else log(o.failure());
 *     }
 * });
 * }</pre>
 *
 * <p><b>Threading.</b> Immutable: safe from any thread.
 *
 * @param <T> the value type
 */
public final class Outcome<T> {
    private final T value;
    private final Throwable failure;

    private Outcome(T value, Throwable failure) {
        this.value = value;
        this.failure = failure;
    }

    /** A success with {@code value} (which may be null). */
    public static <T> Outcome<T> success(T value) {
        return new Outcome<>(value, null);
    }

    /** A failure with {@code failure}. */
    public static <T> Outcome<T> failure(Throwable failure) {
        return new Outcome<>(null, Checks.notNull(failure, "failure"));
    }

    /** Whether the stage completed normally. */
    public boolean isSuccess() {
        return failure == null;
    }

    /** Whether the stage was cancelled (its failure is a {@link CancellationException}). */
    public boolean isCancelled() {
        return failure instanceof CancellationException;
    }

    /**
     * The value of a success.
     *
     * @throws IllegalStateException for a failure (with the failure as its cause)
     */
    public T value() {
        if (failure != null) throw new IllegalStateException("Outcome.value(): the stage failed (expected: a success)", failure);
        return value;
    }

    /** The failure, or null for a success. */
    public Throwable failure() {
        return failure;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Outcome)) return false;
        Outcome<?> other = (Outcome<?>) o;
        return Objects.equals(value, other.value) && Objects.equals(failure, other.failure);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value, failure);
    }

    @Override
    public String toString() {
        return failure == null ? "Success[" + value + "]" : "Failure[" + failure + "]";
    }
}
