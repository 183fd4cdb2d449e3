package io.loopbridge.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * {@link EventLoop#runInExecutor}: blocking work on an executor, its outcome delivered on the loop thread
 * (asyncio's {@code run_in_executor} + {@code call_soon_threadsafe(fut.set_result)}). Cancelling the
 * future before the work starts skips it; while it runs, {@code cancel(true)} interrupts the worker.
 *
 * <p>The future is also the work's {@link CancelSignal} ({@link EventLoop#runInExecutor(CancellableWork)}):
 * a cancel runs the close actions registered with it, on the cancelling thread, so work blocked in a call
 * that ignores interrupts can be unblocked.
 *
 * <p><b>Threading.</b> Created on any thread. {@link #runWork()} runs on the executor's thread;
 * {@code cancel} is safe from any thread. {@link #work}, {@link #runner} and {@link #onCancel} are
 * guarded by {@code this}.
 */
final class ExecutorFuture<T> extends LoopFuture<T> implements CancelSignal {
    /** The work until it starts or the future is cancelled; then null. Guarded by {@code this}. */
    private CancellableWork<T> work;
    /** The worker thread while the work runs, else null. Guarded by {@code this}. */
    private Thread runner;
    /** Close actions registered through the signal, not run yet; null once the future is done. Guarded by {@code this}. */
    private List<CancelAction> onCancel = new ArrayList<>(0);

    private ExecutorFuture(GuestLoop loop, CancellableWork<T> work) {
        super(loop);
        this.work = work;
    }

    /** Submits {@code work} to {@code executor}; the future is owned by the loop and the current task. */
    static <T> LoopFuture<T> submit(GuestLoop loop, Executor executor, Callable<T> work) {
        return submit(loop, executor, (CancellableWork<T>) signal -> work.call());
    }

    /** Submits work that gets the future as its cancel signal. */
    static <T> LoopFuture<T> submit(GuestLoop loop, Executor executor, CancellableWork<T> work) {
        ExecutorFuture<T> f = new ExecutorFuture<>(loop, work);
        loop.own(f);
        f.awaitOtherThread();
        try {
            executor.execute(f::runWork);
        } catch (RejectedExecutionException e) {
            f.completeExceptionally(e);
        } catch (RuntimeException | Error e) {
            // An executor that breaks its contract: the caller gets the exception; the future, which nobody
            // can see, must not stay pending in the loop (and in the current task) until close().
            f.markObserved();
            f.completeExceptionally(e);
            throw e;
        }
        return f;
    }

    /** On the executor's thread. */
    private void runWork() {
        CancellableWork<T> w;
        synchronized (this) {
            w = work;
            work = null;
            if (w == null || isDone()) return;
            runner = Thread.currentThread();
        }
        T value = null;
        Throwable failure = null;
        try {
            value = w.call(this);
        } catch (Throwable e) {
            failure = e;
        } finally {
            synchronized (this) {
                runner = null;
            }
            Thread.interrupted(); // a cancel's interrupt must not leak into the pool's next job
        }
        final T v = value;
        final Throwable e = failure;
        try {
            loop.dispatch(() -> {
                if (e == null) complete(v);
                else completeExceptionally(e);
            }, null);
        } catch (RejectedExecutionException closed) {
            if (!isDone()) cancel(false); // the loop closed meanwhile; its close() cancels this future too
        }
        if (GuestLoop.isFatal(e)) throw (Error) e;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean r = super.cancel(mayInterruptIfRunning);
        List<CancelAction> actions;
        synchronized (this) {
            actions = onCancel;
            onCancel = null; // done now, whichever way: no action runs later
            if (r) {
                work = null;
                if (mayInterruptIfRunning && runner != null) runner.interrupt();
            }
        }
        if (r && actions != null) for (CancelAction a : actions) a.fire();
        return r;
    }

    @Override
    public boolean complete(T value) {
        boolean r = super.complete(value);
        if (r) dropActions();
        return r;
    }

    @Override
    public boolean completeExceptionally(Throwable ex) {
        boolean r = super.completeExceptionally(ex);
        if (r) dropActions();
        return r;
    }

    private synchronized void dropActions() {
        onCancel = null;
    }

    // ---- the CancelSignal the work sees ----

    @Override
    public Handle onCancel(Runnable action) {
        io.loopbridge.core.internal.Checks.notNull(action, "action");
        CancelAction a = new CancelAction(action);
        synchronized (this) {
            if (onCancel != null) {
                onCancel.add(a);
                return a;
            }
        }
        if (isCancelled()) a.fire(); // cancelled already: at once, on this thread
        else a.cancel();             // completed otherwise: it will never be cancelled
        return a;
    }

    /** One close action: runs at most once, or is unregistered. */
    private final class CancelAction implements Handle {
        private Runnable action;
        private boolean cancelled;

        CancelAction(Runnable action) {
            this.action = action;
        }

        void fire() {
            Runnable r;
            synchronized (ExecutorFuture.this) {
                r = action;
                action = null;
            }
            if (r == null) return;
            try {
                r.run();
            } catch (Throwable e) {
                if (GuestLoop.isFatal(e)) throw e;
                loop.report("A close action registered with CancelSignal.onCancel failed", e, ExecutorFuture.this);
            }
        }

        @Override
        public void cancel() {
            synchronized (ExecutorFuture.this) {
                if (action == null) return;
                action = null;
                cancelled = true;
                if (onCancel != null) onCancel.remove(this);
            }
        }

        @Override
        public boolean isCancelled() {
            synchronized (ExecutorFuture.this) {
                return cancelled;
            }
        }
    }
}
