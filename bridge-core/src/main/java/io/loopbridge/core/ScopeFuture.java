package io.loopbridge.core;

import io.loopbridge.core.internal.Checks;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The future of a scope that has work running inside it ({@link TaskGroup#join()},
 * {@link TimeoutScope#run}): it completes only once that work has ended, and cancelling it is a
 * <em>request</em>, as on a {@link Task}: {@code cancel} stops the work inside and returns true; the
 * future ends once the work has ended (cancelled, unless the work caught the cancellation and the scope
 * decides otherwise). {@code completeExceptionally} (say, from {@code orTimeout}) is a request too, to
 * end with that failure. So the code after a scope never runs while its work still does.
 *
 * <p><b>Threading.</b> {@code cancel}/{@code completeExceptionally} are safe from any thread (delivered
 * on the loop thread); {@link #stop} and the {@code settle*} methods run on the loop thread. The
 * future cannot be completed from outside: {@code complete}, {@code obtrude*}, {@code completeOnTimeout}
 * throw {@link UnsupportedOperationException}.
 */
abstract class ScopeFuture<T> extends LoopFuture<T> {

    ScopeFuture(GuestLoop loop) {
        super(loop);
    }

    /**
     * Loop thread, while not done: stop the work inside, because of {@code reason} (null: cancelled).
     * The scope settles this future once the work has ended.
     */
    abstract void stop(Throwable reason);

    /** Requests the scope to stop; the future ends once the work inside has ended. Safe from any thread. */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        return request(null);
    }

    /** Requests the scope to stop and end with {@code ex}. Safe from any thread. */
    @Override
    public boolean completeExceptionally(Throwable ex) {
        Checks.notNull(ex, "ex");
        return request(ex instanceof CancellationException ? null : ex);
    }

    private boolean request(Throwable reason) {
        if (isDone()) return false;
        if (!loop.inEventLoop() && loop.loopThread() != null) {
            try {
                loop.dispatch(() -> {
                    if (!isDone()) stop(reason);
                }, null);
            } catch (RejectedExecutionException closed) {
                return false;
            }
            return true;
        }
        stop(reason);
        return true;
    }

    /** Loop thread: the scope's outcome. */
    final boolean settle(T value, Throwable failure) {
        if (failure == null) return super.complete(value);
        if (failure instanceof CancellationException) return super.cancel(false);
        return super.completeExceptionally(failure);
    }

    private static UnsupportedOperationException fromScopeOnly() {
        return new UnsupportedOperationException("a scope's future is completed by its scope; cancel() it to stop the work inside");
    }

    /** @throws UnsupportedOperationException always */
    @Override
    public boolean complete(T value) {
        throw fromScopeOnly();
    }

    /** @throws UnsupportedOperationException always */
    @Override
    public void obtrudeValue(T value) {
        throw fromScopeOnly();
    }

    /** @throws UnsupportedOperationException always */
    @Override
    public void obtrudeException(Throwable ex) {
        throw fromScopeOnly();
    }

    /** @throws UnsupportedOperationException always */
    @Override
    public LoopFuture<T> completeOnTimeout(T value, long timeout, TimeUnit unit) {
        throw fromScopeOnly();
    }

    /** @throws UnsupportedOperationException always */
    @Override
    public CompletableFuture<T> completeAsync(Supplier<? extends T> supplier, Executor executor) {
        throw fromScopeOnly();
    }
}
