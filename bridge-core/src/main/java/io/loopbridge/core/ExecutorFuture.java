package io.loopbridge.core;

import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * {@link EventLoop#runInExecutor}: blocking work on an executor, its outcome delivered on the loop thread
 * (asyncio's {@code run_in_executor} + {@code call_soon_threadsafe(fut.set_result)}). Cancelling the
 * future before the work starts skips it; while it runs, {@code cancel(true)} interrupts the worker.
 *
 * <p><b>Threading.</b> Created on any thread. {@link #runWork()} runs on the executor's thread;
 * {@code cancel} is safe from any thread. {@link #work} and {@link #runner} are guarded by {@code this}.
 */
final class ExecutorFuture<T> extends LoopFuture<T> {
    /** The work until it starts or the future is cancelled; then null. Guarded by {@code this}. */
    private Callable<T> work;
    /** The worker thread while the work runs, else null. Guarded by {@code this}. */
    private Thread runner;

    private ExecutorFuture(GuestLoop loop, Callable<T> work) {
        super(loop);
        this.work = work;
    }

    /** Submits {@code work} to {@code executor}; the future is owned by the loop and the current task. */
    static <T> LoopFuture<T> submit(GuestLoop loop, Executor executor, Callable<T> work) {
        ExecutorFuture<T> f = new ExecutorFuture<>(loop, work);
        loop.own(f);
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
        Callable<T> w;
        synchronized (this) {
            w = work;
            work = null;
            if (w == null || isDone()) return;
            runner = Thread.currentThread();
        }
        T value = null;
        Throwable failure = null;
        try {
            value = w.call();
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
        if (r) {
            synchronized (this) {
                work = null;
                if (mayInterruptIfRunning && runner != null) runner.interrupt();
            }
        }
        return r;
    }
}
