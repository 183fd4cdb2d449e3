package io.loopbridge.core;

import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The "acquire, run a body, always release" helper behind {@link AsyncLock#withLock} and
 * {@link AsyncSemaphore#withPermit}.
 *
 * <p>Built on the acquire future's own callback (which runs inline when the grant is delivered, see
 * {@link Waiter}) and on hidden callbacks nobody can cancel, so the release runs exactly once on every
 * path: the body's stage completes (normally, exceptionally, cancelled), the body throws, or the result
 * future is cancelled while the body runs (the body's stage is cancelled, and the release follows its
 * completion). If the result is cancelled while still waiting, the wait is cancelled and nothing was
 * taken.
 *
 * <p><b>Threading.</b> Loop thread only.
 */
final class Guarded {
    private Guarded() {}

    static <T> LoopFuture<T> run(GuestLoop loop, LoopFuture<Void> acquired, Runnable release,
                                 Supplier<? extends CompletionStage<T>> body) {
        GuardedFuture<T> out = new GuardedFuture<>(loop, acquired);
        acquired.whenCompleteInternal((v, e) -> {
            if (e != null) { // never acquired: nothing to release
                out.fail(GuestLoop.unwrap(e));
                return;
            }
            if (out.isDone()) { // given up meanwhile
                releaseInto(release, out);
                return;
            }
            LoopFuture<T> stage;
            try {
                CompletionStage<T> s = body.get();
                if (s == null) throw new NullPointerException("body returned null (expected: a CompletionStage)");
                stage = loop.wrapFuture(s);
                stage.markObserved();
            } catch (Throwable t) {
                if (GuestLoop.isFatal(t)) throw t;
                releaseInto(release, out);
                out.fail(t);
                return;
            }
            out.body = stage;
            stage.whenCompleteInternal((r, x) -> {
                out.body = null;
                if (!releaseInto(release, out)) return;
                if (x != null) out.fail(GuestLoop.unwrap(x));
                else out.complete(r);
            });
        });
        return out;
    }

    /** Runs {@code release}; if it throws (say, the body released by hand), fails {@code out} with it. */
    private static boolean releaseInto(Runnable release, GuardedFuture<?> out) {
        try {
            release.run();
            return true;
        } catch (Throwable t) {
            if (GuestLoop.isFatal(t)) throw t;
            out.fail(t);
            return false;
        }
    }

    /** The result of a guarded body: cancelling it cancels the wait, or the body's stage. */
    private static final class GuardedFuture<T> extends LoopFuture<T> {
        private final LoopFuture<Void> acquired;
        /** The body's stage while it runs. Loop thread. */
        LoopFuture<T> body;

        GuardedFuture(GuestLoop loop, LoopFuture<Void> acquired) {
            super(loop);
            this.acquired = acquired;
        }

        void fail(Throwable e) {
            completeExceptionally(e);
        }

        /** Safe from any thread: from another thread it is a request delivered on the loop thread. */
        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            if (isDone()) return false;
            if (!loop.inEventLoop() && loop.loopThread() != null) {
                try {
                    loop.dispatch(() -> cancel(mayInterruptIfRunning), null);
                    return true;
                } catch (java.util.concurrent.RejectedExecutionException closed) {
                    return false; // close() cancels the wait
                }
            }
            boolean r = super.cancel(mayInterruptIfRunning);
            if (r) {
                acquired.cancel(mayInterruptIfRunning);
                LoopFuture<T> b = body;
                if (b != null) b.cancel(mayInterruptIfRunning);
            }
            return r;
        }
    }
}
