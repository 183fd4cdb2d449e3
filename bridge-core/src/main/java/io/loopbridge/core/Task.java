package io.loopbridge.core;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A body running on the loop, tracked as a future of its outcome, with real cancellation: what the
 * task starts while it runs (its sleeps, timers, {@code runInExecutor} work, wrapped futures, futures it
 * creates, child tasks, {@code waitFor} timers) belongs to it, and {@link #cancel(boolean)} cancels all
 * of it that is still pending.
 *
 * <pre>{@code
 * Task<String> t = loop.createTask(() ->
 *         loop.sleep(Duration.ofSeconds(2))
 *             .thenCompose(v -> loop.runInExecutor(() -> download(url))));
 * cancelButton.setOnAction(e -> t.cancel(true));   // stops the sleep or interrupts the download
 * }</pre>
 *
 * <p><b>Lifecycle.</b> A task starts in a later loop iteration ({@link EventLoop#createTask}) or at once
 * ({@link EventLoop#createEagerTask}). Its body returns a {@link CompletionStage}; the task completes
 * with that stage's outcome. Cancelling is a request, as in asyncio: the cancellation reaches what the
 * task is waiting on, travels through the body's chain, and the body may catch it (with
 * {@code exceptionally} or {@code handle}) and finish normally; otherwise the task ends cancelled.
 * A task cancelled before it started never runs its body. A task pending when its loop closes ends
 * cancelled, even if its body catches that cancellation and tries to schedule again (which the closed
 * loop rejects). A fatal error thrown by the body ({@link VirtualMachineError} other than
 * {@link StackOverflowError}) fails the task and then propagates out of the host's {@code runOnce}.
 *
 * <p><b>Threading.</b> Queries and {@link #cancel(boolean)} are safe from any thread (from another thread
 * the cancellation is delivered on the loop thread). Tasks cannot be completed from outside:
 * {@code complete}, {@code completeExceptionally} and {@code obtrude*} throw
 * {@link UnsupportedOperationException}.
 *
 * @param <T> the result type
 */
public class Task<T> extends LoopFuture<T> {
    /** The body, until it starts. Loop thread. */
    private Supplier<? extends CompletionStage<T>> body;
    /** The body's stage while the task runs; null before and after. Loop thread. */
    private CompletionStage<T> stage;
    /** What the task started and may still be pending; null once done. Loop thread. */
    private LiveList children = new LiveList();
    /** Whether the body has been called. Loop thread. */
    private boolean started;
    /** How many cancellation requests were delivered. Loop thread. */
    private int cancelRequests;
    /**
     * Whether a request already reached something the task waited on: that cancellation is travelling
     * through the body's chain, so a later request that finds nothing pending must not cancel the stage
     * itself (it would skip the body's handlers). Loop thread.
     */
    private boolean cancelReachedChild;
    /**
     * The queued start of a {@code createTask} task (null for an eager task). Written before the task is
     * published. Cancelling it (one CAS, the one runOnce uses to claim it) succeeds exactly when the body
     * has not started, from any thread; its hook then cancels this task.
     */
    HandleImpl startHandle;
    private volatile String name;

    /** Dispatches continuations in this task's context. */
    final Executor context = r -> loop.dispatch(r, this);

    Task(GuestLoop loop, Supplier<? extends CompletionStage<T>> body) {
        super(loop);
        this.body = body;
    }

    /** Loop thread, with this task as the current one: calls the body and follows its stage. */
    void start() {
        Supplier<? extends CompletionStage<T>> b = body;
        body = null;
        if (b == null || isDone()) return;
        started = true;
        CompletionStage<T> s;
        try {
            s = b.get();
            if (s == null) throw new NullPointerException("task body returned null (expected: a CompletionStage)");
        } catch (Throwable e) {
            boolean fatal = GuestLoop.isFatal(e);
            try {
                finish(null, e); // a fatal error fails the task too (asyncio's __step), so nothing awaits it forever
            } catch (Throwable secondary) {
                if (!fatal) throw secondary; // (out of memory again: the first error is the one to report)
            }
            if (fatal) throw e; // ... and then propagates out of runOnce, as from any callback
            return;
        }
        stage = s;
        if (s instanceof LoopFuture) ((LoopFuture<?>) s).markObserved();
        if (s instanceof java.util.concurrent.CompletableFuture && ((java.util.concurrent.CompletableFuture<?>) s).isDone()) {
            // the body finished without waiting: the task is done in this step (asyncio's eager completion)
            finishFrom((java.util.concurrent.CompletableFuture<T>) s);
            return;
        }
        try {
            s.whenCompleteAsync(this::finish, context);
        } catch (RejectedExecutionException closed) {
            forceCancelled();
        }
        if (cancelRequests > 0 && !isDone()) deliverCancel(true); // cancelled while its body ran (eager)
    }

    private void finishFrom(java.util.concurrent.CompletableFuture<T> done) {
        T value;
        try {
            value = done.getNow(null);
        } catch (Throwable e) { // CompletionException or CancellationException
            finish(null, e);
            return;
        }
        finish(value, null);
    }

    private void finish(T value, Throwable failure) {
        stage = null;
        children = null;
        if (failure == null) {
            super.complete(value);
        } else {
            Throwable e = GuestLoop.unwrap(failure);
            // A body that caught its cancellation by close() and then scheduled again on the closed loop
            // (a retry loop) gets RejectedExecutionException: the close cancelled it, so it ends cancelled,
            // not failed (a normal shutdown must not report "Task exception was never retrieved").
            if (e instanceof CancellationException || (e instanceof RejectedExecutionException && loop.isClosed())) {
                super.cancel(false);
            } else {
                super.completeExceptionally(e);
            }
        }
    }

    /** Loop thread: registers something the task started. */
    void addChild(Object child) {
        LiveList c = children;
        if (c != null && !isDone()) c.add(child);
    }

    /**
     * Requests cancellation: cancels everything this task started that is still pending (interrupting
     * running executor work when {@code mayInterruptIfRunning}); if none of that is something the body's
     * chain waits on (a future with dependents), it also cancels the body's stage itself, so a task
     * awaiting a stage it does not own (a plain {@code CompletableFuture}) ends even if it also owns a
     * pending timer or background child. A task that has not started is cancelled at once, from any thread, and never
     * runs its body. The task ends cancelled unless its body catches the cancellation and finishes
     * otherwise. Safe from any thread: from another thread the request to a started task is delivered on
     * the loop thread (so {@code isCancelled()} may still be false when this returns).
     *
     * @return false if the task was already done; true if the request was made
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        if (isDone()) return false;
        if (!loop.inEventLoop() && loop.loopThread() != null) {
            HandleImpl s = startHandle;
            if (s != null && s.tryCancel()) return true; // had not started: cancelled now, body never runs
            try {
                loop.callSoon(() -> cancel(mayInterruptIfRunning));
                return true;
            } catch (RejectedExecutionException closed) {
                return false; // close() cancels it
            }
        }
        cancelRequests++;
        if (!started) {
            HandleImpl s = startHandle;
            if (s != null) s.tryCancel(); // the start is not run (nor counted) at all
            return super.cancel(mayInterruptIfRunning);
        }
        if (stage == null) return true; // its body is running right now (eager start): delivered in start()
        deliverCancel(mayInterruptIfRunning);
        return true;
    }

    private void deliverCancel(boolean mayInterrupt) {
        LiveList c = children;
        // Whether the cancellation reaches the body's chain through something we own: a future with
        // dependents (the body chained on it, or awaits something that did). Callbacks and timers, and
        // futures nothing depends on (yet), are cancelled but carry the cancellation nowhere.
        boolean awaited = false;
        if (c != null) {
            List<Object> pending = c.takePending();
            for (Object o : pending) {
                if (o instanceof LoopFuture) {
                    LoopFuture<?> f = (LoopFuture<?>) o;
                    if (f.getNumberOfDependents() > 0) awaited = true; // read before cancel() fires them
                    f.cancel(mayInterrupt);
                } else {
                    ((HandleImpl) o).cancel();
                }
            }
        }
        if (awaited) cancelReachedChild = true;
        CompletionStage<T> s = stage;
        if (!awaited && s != null && !cancelReachedChild) {
            // nothing it waits on that we own (it awaits a foreign stage, or nothing of ours is pending):
            // cancel the body's stage itself, as asyncio cancels the future a task awaits
            try {
                s.toCompletableFuture().cancel(mayInterrupt);
            } catch (UnsupportedOperationException e) {
                forceCancelled();
            }
        }
    }

    /** Cancelled before it started (its start handle was cancelled by close()). Any thread. */
    void abandon() {
        body = null;
        super.cancel(false);
    }

    /** Ends the task cancelled whatever its body does (close()). */
    void forceCancelled() {
        body = null;
        stage = null;
        children = null;
        super.cancel(false);
    }

    /** Whether cancellation was requested (asyncio's {@code cancelling()}), even if the task caught it. Loop thread. */
    public boolean isCancelRequested() {
        return cancelRequests > 0;
    }

    /** Names the task for error reports and {@link #toString()}. Safe from any thread. */
    public Task<T> setName(String name) {
        this.name = name;
        return this;
    }

    /** The task's name, or null. */
    public String getName() {
        return name;
    }

    /**
     * The task whose callback is running on the calling thread (asyncio's {@code current_task()}),
     * or null when none is.
     */
    public static Task<?> current() {
        Object core = io.loopbridge.core.internal.CurrentLoop.core();
        if (!(core instanceof GuestLoop)) return null;
        GuestLoop g = (GuestLoop) core;
        return g.inEventLoop() ? g.currentTask : null;
    }

    // ---- a task completes from its body only ----

    private static UnsupportedOperationException fromBodyOnly() {
        return new UnsupportedOperationException("a Task is completed by its body; cancel it with cancel(), or complete a createFuture() it awaits");
    }

    /** @throws UnsupportedOperationException always: a task completes from its body */
    @Override
    public boolean complete(T value) {
        throw fromBodyOnly();
    }

    /** @throws UnsupportedOperationException always: a task completes from its body */
    @Override
    public boolean completeExceptionally(Throwable ex) {
        throw fromBodyOnly();
    }

    /** @throws UnsupportedOperationException always */
    @Override
    public void obtrudeValue(T value) {
        throw fromBodyOnly();
    }

    /** @throws UnsupportedOperationException always */
    @Override
    public void obtrudeException(Throwable ex) {
        throw fromBodyOnly();
    }

    /** @throws UnsupportedOperationException always: use {@link EventLoop#waitFor} to bound a task */
    @Override
    public LoopFuture<T> orTimeout(long timeout, TimeUnit unit) {
        throw new UnsupportedOperationException("a Task cannot be failed from outside: use loop.waitFor(task, timeout), which cancels it at the deadline");
    }

    /** @throws UnsupportedOperationException always */
    @Override
    public LoopFuture<T> completeOnTimeout(T value, long timeout, TimeUnit unit) {
        throw fromBodyOnly();
    }

    /** @throws UnsupportedOperationException always */
    @Override
    public java.util.concurrent.CompletableFuture<T> completeAsync(Supplier<? extends T> supplier, Executor executor) {
        throw fromBodyOnly();
    }

    @Override
    public String toString() {
        String n = name;
        return (n == null ? "" : "'" + n + "' ") + super.toString();
    }
}
