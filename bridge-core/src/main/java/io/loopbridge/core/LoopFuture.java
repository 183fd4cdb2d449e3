package io.loopbridge.core;

import io.loopbridge.core.internal.Checks;

import java.lang.ref.Cleaner;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A {@link CompletableFuture} bound to one {@link EventLoop}: its continuations run on the loop thread,
 * whichever thread completes it. Create one with {@link EventLoop#createFuture()}; the loop's
 * {@code sleep}, {@code runInExecutor}, {@code wrapFuture}, {@code waitFor} and {@code gather} return
 * them, and every dependent stage of a {@code LoopFuture} is a {@code LoopFuture} of the same loop.
 *
 * <pre>{@code
 * loop.sleep(Duration.ofSeconds(1))
 *     .thenCompose(v -> loop.runInExecutor(() -> Files.readString(path)))   // off the loop thread
 *     .thenAccept(text -> label.setText(text));                             // back on the loop thread
 * }</pre>
 *
 * <p><b>Which thread runs my dependent action</b>, case by case:
 * <ul>
 *   <li>{@code thenApply}, {@code thenAccept}, {@code whenComplete}, {@code handle}, {@code exceptionally}
 *       and every other non-async method: the loop thread, in a later iteration (like asyncio's
 *       {@code add_done_callback}), whether the future is already done or is completed later from any
 *       thread. Never synchronously inside {@code complete()}.</li>
 *   <li>the {@code *Async} methods without an executor: the loop thread as well (the loop is the
 *       {@linkplain #defaultExecutor() default executor}).</li>
 *   <li>the {@code *Async} methods with an executor: that executor, as with any CompletableFuture.</li>
 *   <li>{@code minimalCompletionStage()} returns the JDK's own stage, not a {@code LoopFuture}: its
 *       dependents run on whichever thread completes this future. Attach to this future instead.</li>
 * </ul>
 * <b>Order.</b> Dependents attached to the same future run in the order they were attached, as asyncio
 * runs done callbacks (a bare {@code CompletableFuture} fires them most-recently-attached first; the loop
 * puts them back in order as it queues them). The {@code *Async} methods given an executor of their own
 * are that executor's business.
 * A continuation registered while a {@link Task} runs carries that task's context: what it starts
 * (sleeps, timers, executor work, child tasks) belongs to the task and is cancelled with it.
 *
 * <p><b>Threading.</b> Completing ({@code complete}, {@code completeExceptionally}, {@code cancel}) and
 * querying are safe from any thread; completion from another thread happens-before the continuations
 * run on the loop thread. {@link #join()} and {@link #get()} on the loop thread while the future is
 * pending throw {@link LoopBlockingException} instead of blocking (they would deadlock the loop).
 *
 * <p><b>Failures nobody saw.</b> If a {@code LoopFuture} fails (other than by cancellation) and nobody
 * ever observes the failure, the loop reports "exception was never retrieved" to its
 * {@link ExceptionHandler}, like asyncio. Exactly when: after the future has become unreachable (the
 * loop itself lets go of a future as it completes, or at its next iteration if it completed on another
 * thread; a task keeps the futures it started until it finishes) and the garbage collector has cleared it, when the JDK's {@link Cleaner} thread processes
 * it (so possibly late, or never if no GC runs); the report is then delivered on the loop thread (or
 * logged by the default handler if the loop is closed). Observing means any of: {@code get}, {@code join}, {@code getNow},
 * {@code toCompletableFuture}, registering any dependent action, or handing the future to
 * {@code wrapFuture}, {@code waitFor}, {@code gather} or a task that awaits it. Only futures completed
 * through {@code completeExceptionally} (the loop's own leaf futures and tasks) are tracked; a future
 * fed only to {@link CompletableFuture#allOf} is not seen as observed.
 *
 * @param <T> the result type
 */
public class LoopFuture<T> extends CompletableFuture<T> {
    private static final Cleaner CLEANER = Cleaner.create();

    final GuestLoop loop;
    /** Where it was created; captured in debug mode only. */
    Throwable createdAt;

    // ---- ownership by the loop (see OwnedFutures) ----
    /**
     * {@link #OWNED} and {@link #CROSS_THREAD}, each set once, before the future is published, by the thread
     * creating it (one byte for both: a future stays 56 bytes with {@link #awaiter}).
     */
    private byte marks;
    /** Registered with the loop's {@link OwnedFutures}. */
    private static final byte OWNED = 1;
    /** Waits for the outcome of work on another thread (see {@link #awaitOtherThread()}). */
    private static final byte CROSS_THREAD = 2;
    /** Linked in the loop's owned list. Loop thread. */
    boolean ownedLinked;
    /** The owned list's links. Loop thread. */
    LoopFuture<?> ownedPrev, ownedNext;
    /** The link of OwnedFutures' stack of futures created elsewhere; written by the pushing thread before its CAS. */
    LoopFuture<?> remoteNext;
    /** The link of OwnedFutures' stack of futures completed elsewhere; written by the pushing thread before its CAS. */
    LoopFuture<?> doneNext;
    /** Protected by {@link LoopFutures#shield}: a task that owns it does not cancel it with itself. */
    volatile boolean shielded;
    /** Whether someone observed the outcome (see the class javadoc). */
    private volatile boolean observed;
    /** The pending "never retrieved" report, once failed unobserved. */
    private volatile Unretrieved unretrieved;
        /**
     * The await suspended on this future ({@link #whenCompleteAwait}): a completion callback this future
     * calls itself when it completes, instead of a {@code whenComplete} dependent (which costs a dependent
     * future and a completion object per await). {@link #DEPENDENT} for a future that {@code CompletableFuture}
     * completes from inside ({@link #newIncompleteFuture()}), where no override of ours sees the completion.
     * Written on the loop thread, read by the completing thread.
     */
    private volatile Object awaiter;
    /** See {@link #awaiter}. */
    private static final Object DEPENDENT = new Object();
    private static final java.lang.invoke.VarHandle AWAITER;
    static {
        try {
            AWAITER = java.lang.invoke.MethodHandles.lookup().findVarHandle(LoopFuture.class, "awaiter", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    LoopFuture(GuestLoop loop) {
        this.loop = loop;
    }

    /** The loop this future is bound to (the host's loop, e.g. the FxLoop). Safe from any thread. */
    public EventLoop loop() {
        return loop.face();
    }

    /** The executor continuations registered now are dispatched with: the loop, in the current task's context. */
    Executor context() {
        Task<?> t = loop.inEventLoop() ? loop.currentTask : null;
        if (isDone()) return t == null ? loop.dispatcher : t.taskContext();
        return firedIn(t); // attached while pending: it runs when the completion fires it (see GuestLoop.dispatchFired)
    }

    /** The executor of one dependent attached now, while pending, in {@code task}'s context (null: none). */
    final Executor firedIn(Task<?> task) {
        return new FiredHandle(loop, this, task);
    }

    /** The loop: {@code *Async} methods without an executor run on the loop thread. */
    @Override
    public Executor defaultExecutor() {
        return loop.dispatcher;
    }

    @Override
    public <U> LoopFuture<U> newIncompleteFuture() {
        LoopFuture<U> d = new LoopFuture<>(loop);
        // Completed inside CompletableFuture, past our overrides: awaits attach a dependent. A plain write (no
        // fence on every dependent stage): d is published by CompletableFuture's own volatile writes.
        AWAITER.set(d, DEPENDENT);
        return d;
    }

    /** Registers it as owned by the loop (see {@link GuestLoop#own}); before it is published. */
    final void markOwned() {
        marks |= OWNED;
    }

    /** Whether the loop owns it (see {@link GuestLoop#own}). Any thread. */
    final boolean isOwned() {
        return (marks & OWNED) != 0;
    }

    /** Counts this (pending, not yet published) future in {@link GuestLoop#pendingExecutorWork()} until it completes. */
    final void awaitOtherThread() {
        marks |= CROSS_THREAD;
        loop.crossThreadStarted();
    }

    /** This future completed (exactly once): the loop's bookkeeping. Any thread. */
    private void completed() {
        if ((marks & CROSS_THREAD) != 0) loop.crossThreadEnded();
        loop.finished(this);
    }

    /** Marks the outcome as observed: no "never retrieved" report. */
    final void markObserved() {
        observed = true;
        Unretrieved u = unretrieved;
        if (u != null) u.observed = true;
    }

    /** Whether someone observed the outcome (see the class javadoc). */
    final boolean isObserved() {
        return observed;
    }

    @Override
    public boolean completeExceptionally(Throwable ex) {
        Checks.notNull(ex, "ex");
        Object token = loop.beginCompletion(this);
        boolean r;
        try {
            r = super.completeExceptionally(ex);
            if (r) {
                failed(ex);
                completed();
                fireAwaiter(null, ex); // last of the firing, so first in line: it was attached first
            }
        } finally {
            loop.endCompletion(token);
        }
        return r;
    }

    /** Completes with {@code value} (see {@link CompletableFuture#complete}). Safe from any thread. */
    @Override
    public boolean complete(T value) {
        Object token = loop.beginCompletion(this);
        boolean r;
        try {
            r = super.complete(value);
            if (r) {
                completed();
                fireAwaiter(value, null); // last of the firing, so first in line: it was attached first
            }
        } finally {
            loop.endCompletion(token);
        }
        return r;
    }

    /**
     * Cancels this future (see {@link CompletableFuture#cancel}); its dependents run on the loop thread as
     * for any completion. Safe from any thread.
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        Object token = loop.beginCompletion(this);
        boolean r;
        try {
            r = super.cancel(mayInterruptIfRunning);
            if (r) {
                completed();
                fireAwaiterFromResult(); // last of the firing, so first in line: it was attached first
            }
        } finally {
            loop.endCompletion(token);
        }
        return r;
    }

    /**
     * Forces the outcome to {@code value} (see {@link CompletableFuture#obtrudeValue}); a coroutine awaiting
     * it is resumed with it. Safe from any thread.
     */
    @Override
    public void obtrudeValue(T value) {
        super.obtrudeValue(value);
        fireAwaiter(value, null);
    }

    /**
     * Forces the outcome to the failure {@code ex} (see {@link CompletableFuture#obtrudeException}); a
     * coroutine awaiting it is resumed with it. Safe from any thread.
     */
    @Override
    public void obtrudeException(Throwable ex) {
        Checks.notNull(ex, "ex");
        super.obtrudeException(ex);
        fireAwaiter(null, ex);
    }

    /**
     * Completes this future with what {@code supplier} returns, run by {@code executor} (see
     * {@link CompletableFuture#completeAsync}: a failure is wrapped in a {@link java.util.concurrent.CompletionException},
     * and the supplier is not called if the future is done by then). Safe from any thread.
     */
    @Override
    public CompletableFuture<T> completeAsync(java.util.function.Supplier<? extends T> supplier, Executor executor) {
        Checks.notNull(supplier, "supplier");
        Checks.notNull(executor, "executor");
        // Through complete/completeExceptionally (CompletableFuture's own completes from inside, past them):
        // the loop's bookkeeping, the "never retrieved" report and an awaiting coroutine see it like any completion.
        executor.execute(() -> {
            if (isDone()) return;
            T v;
            try {
                v = supplier.get();
            } catch (Throwable e) {
                completeExceptionally(e instanceof java.util.concurrent.CompletionException ? e : new java.util.concurrent.CompletionException(e));
                return;
            }
            complete(v);
        });
        return this;
    }

    /**
     * Registers {@code callback} for the await of a coroutine of this loop suspending on this future (see
     * {@code Awaiting.await}): called once this future is done, on the completing thread (at once if it is
     * done now), possibly more than once (the callback ignores all but the first). The first such await of a
     * future its own completion calls back directly; a second one at the same time, or one on a future
     * {@code CompletableFuture} completes from inside, attaches a dependent instead. Loop thread. Does not
     * count as observing.
     */
    final void whenCompleteAwait(BiConsumer<? super T, ? super Throwable> callback) {
        // a dependent stage, another coroutine awaits it too, or dependents came first (the direct call
        // back is queued first of a completion's firing: only the first attached may take it)
        if (awaiter != null || getNumberOfDependents() != 0) {
            super.whenComplete(callback);
            return;
        }
        awaiter = callback;
        // A completion before the write above did not see it: if done now, call it here (once more is harmless).
        if (isDone()) super.whenComplete(callback);
    }

    /** After a completion through our overrides: the awaiting coroutine's callback, if one is registered. Any thread. */
    @SuppressWarnings("unchecked")
    private void fireAwaiter(T value, Throwable ex) {
        Object a = awaiter;
        if (a == null || a == DEPENDENT) return;
        try {
            ((BiConsumer<? super T, ? super Throwable>) a).accept(value, ex);
        } catch (RuntimeException lateResume) {
            // The resume's dispatch refused (the loop closed, and its close resumed the coroutine already):
            // the completion stands, as when a dependent stage's action throws; the completer is not failed.
        }
    }

    /** As {@link #fireAwaiter}, with the outcome as {@code whenComplete} reports it (a cancellation's own exception). */
    @SuppressWarnings("unchecked")
    private void fireAwaiterFromResult() {
        Object a = awaiter;
        if (a != null && a != DEPENDENT) super.whenComplete((BiConsumer<? super T, ? super Throwable>) a); // done: runs here
    }

    /** Arms the "never retrieved" report for a failure. */
    final void failed(Throwable ex) {
        if (ex instanceof CancellationException || observed) return;
        Unretrieved u = new Unretrieved(loop, ex, (this instanceof Task ? "Task" : "Future") + " exception was never retrieved: " + this, createdAt);
        unretrieved = u;
        if (observed) u.observed = true;
        CLEANER.register(this, u);
        loop.failedUnobserved(u);
    }

    /** The report run by the Cleaner; holds no reference to the future. */
    static final class Unretrieved implements Runnable {
        private final GuestLoop loop;
        private final Throwable exception;
        private final String message;
        private final Throwable createdAt;
        volatile boolean observed;

        Unretrieved(GuestLoop loop, Throwable exception, String message, Throwable createdAt) {
            this.loop = loop;
            this.exception = exception;
            this.message = message;
            this.createdAt = createdAt;
        }

        /** The report, if still unobserved, and never again (for GuestLoop.takeUnobservedFailures). Any thread. */
        synchronized ErrorContext takeIfUnobserved() {
            if (observed) return null;
            observed = true;
            return new ErrorContext(message, exception, null);
        }

        @Override
        public void run() {
            synchronized (this) {
                if (observed) return;
                observed = true;
            }
            String msg = createdAt == null ? message : message + " (created in debug mode; see the suppressed trace)";
            if (createdAt != null && exception.getSuppressed().length == 0) exception.addSuppressed(createdAt);
            loop.reportCollected(new ErrorContext(msg, exception, null));
        }
    }

    // ---- blocking calls: fail fast on the loop thread ----

    private void checkNotBlocking(String call) {
        if (!isDone() && loop.inEventLoop()) {
            throw new LoopBlockingException(call + "() on the loop thread of " + loop.face()
                    + " would block: the future is still pending (await it with thenAccept/thenCompose, or from another thread)");
        }
    }

    /** @throws LoopBlockingException on the loop thread while pending */
    @Override
    public T join() {
        markObserved();
        checkNotBlocking("join");
        return super.join();
    }

    /** @throws LoopBlockingException on the loop thread while pending */
    @Override
    public T get() throws InterruptedException, ExecutionException {
        markObserved();
        checkNotBlocking("get");
        return super.get();
    }

    /** @throws LoopBlockingException on the loop thread while pending */
    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        Checks.notNull(unit, "unit"); // first: a bad argument is reported as such, not as "would block"
        markObserved();
        checkNotBlocking("get");
        return super.get(timeout, unit);
    }

    @Override
    public T getNow(T valueIfAbsent) {
        markObserved();
        return super.getNow(valueIfAbsent);
    }

    @Override
    public CompletableFuture<T> toCompletableFuture() {
        markObserved();
        return this;
    }

    // ---- timeouts on the loop's own timers (CompletableFuture's use a shared delayer thread) ----

    /**
     * Fails this future with {@link TimeoutException} if it is not done within the timeout, measured by
     * the loop's timer (so the failure happens on the loop thread); the timer is cancelled once the
     * future completes. Safe from any thread.
     */
    @Override
    public LoopFuture<T> orTimeout(long timeout, TimeUnit unit) {
        Checks.notNull(unit, "unit");
        if (!isDone()) {
            TimerHandleImpl t = loop.scheduleTimer(deadline(timeout, unit), () -> {
                if (!isDone()) completeExceptionally(new TimeoutException("orTimeout: not done within " + timeout + " " + unit));
            }, true);
            super.whenComplete((v, e) -> t.cancel());
        }
        return this;
    }

    /** Completes this future with {@code value} if not done within the timeout, on the loop thread. Safe from any thread. */
    @Override
    public LoopFuture<T> completeOnTimeout(T value, long timeout, TimeUnit unit) {
        Checks.notNull(unit, "unit");
        if (!isDone()) {
            TimerHandleImpl t = loop.scheduleTimer(deadline(timeout, unit), () -> complete(value), true);
            super.whenComplete((v, e) -> t.cancel());
        }
        return this;
    }

    private long deadline(long timeout, TimeUnit unit) {
        long n = timeout <= 0 ? 0 : unit.toNanos(timeout); // toNanos saturates
        return io.loopbridge.core.internal.Checks.saturatedAdd(loop.time(), n);
    }

    /**
     * Runs {@code action} on the loop thread, with no task context, once this future is done; for the
     * library's own bookkeeping (does not count as observing).
     */
    final void whenDoneInternal(Runnable action) {
        super.whenCompleteAsync((v, e) -> action.run(), loop.dispatcher);
    }

    /** Continuation for the library's own use: runs on the loop, does not count as observing. */
    final void whenCompleteInternal(BiConsumer<? super T, ? super Throwable> action) {
        super.whenCompleteAsync(action, context());
    }

    // ---- every dependent runs on the loop thread ----

    /** Runs on the loop thread in a later iteration (see the class javadoc). */
    @Override
    public <U> LoopFuture<U> thenApply(Function<? super T, ? extends U> fn) {
        return thenApplyAsync(fn, context());
    }

    /** Runs on the loop thread in a later iteration (the loop is the default executor). */
    @Override
    public <U> LoopFuture<U> thenApplyAsync(Function<? super T, ? extends U> fn) {
        return thenApplyAsync(fn, context());
    }

    @Override
    public <U> LoopFuture<U> thenApplyAsync(Function<? super T, ? extends U> fn, Executor executor) {
        Checks.notNull(fn, "fn");
        Checks.notNull(executor, "executor");
        markObserved();
        return (LoopFuture<U>) super.thenApplyAsync(fn, executor);
    }

    /** Runs on the loop thread in a later iteration (see the class javadoc). */
    @Override
    public LoopFuture<Void> thenAccept(Consumer<? super T> action) {
        return thenAcceptAsync(action, context());
    }

    /** Runs on the loop thread in a later iteration (the loop is the default executor). */
    @Override
    public LoopFuture<Void> thenAcceptAsync(Consumer<? super T> action) {
        return thenAcceptAsync(action, context());
    }

    @Override
    public LoopFuture<Void> thenAcceptAsync(Consumer<? super T> action, Executor executor) {
        Checks.notNull(action, "action");
        Checks.notNull(executor, "executor");
        markObserved();
        return (LoopFuture<Void>) super.thenAcceptAsync(action, executor);
    }

    /** Runs on the loop thread in a later iteration (see the class javadoc). */
    @Override
    public LoopFuture<Void> thenRun(Runnable action) {
        return thenRunAsync(action, context());
    }

    /** Runs on the loop thread in a later iteration (the loop is the default executor). */
    @Override
    public LoopFuture<Void> thenRunAsync(Runnable action) {
        return thenRunAsync(action, context());
    }

    @Override
    public LoopFuture<Void> thenRunAsync(Runnable action, Executor executor) {
        Checks.notNull(action, "action");
        Checks.notNull(executor, "executor");
        markObserved();
        return (LoopFuture<Void>) super.thenRunAsync(action, executor);
    }

    /** Runs on the loop thread in a later iteration (see the class javadoc). */
    @Override
    public <U, V> LoopFuture<V> thenCombine(CompletionStage<? extends U> other, BiFunction<? super T, ? super U, ? extends V> fn) {
        return thenCombineAsync(other, fn, context());
    }

    /** Runs on the loop thread in a later iteration (the loop is the default executor). */
    @Override
    public <U, V> LoopFuture<V> thenCombineAsync(CompletionStage<? extends U> other, BiFunction<? super T, ? super U, ? extends V> fn) {
        return thenCombineAsync(other, fn, context());
    }

    @Override
    public <U, V> LoopFuture<V> thenCombineAsync(CompletionStage<? extends U> other, BiFunction<? super T, ? super U, ? extends V> fn, Executor executor) {
        Checks.notNull(other, "other");
        Checks.notNull(fn, "fn");
        Checks.notNull(executor, "executor");
        markObserved();
        return (LoopFuture<V>) super.thenCombineAsync(other, fn, executor);
    }

    /** Runs on the loop thread in a later iteration (see the class javadoc). */
    @Override
    public <U> LoopFuture<Void> thenAcceptBoth(CompletionStage<? extends U> other, BiConsumer<? super T, ? super U> action) {
        return thenAcceptBothAsync(other, action, context());
    }

    /** Runs on the loop thread in a later iteration (the loop is the default executor). */
    @Override
    public <U> LoopFuture<Void> thenAcceptBothAsync(CompletionStage<? extends U> other, BiConsumer<? super T, ? super U> action) {
        return thenAcceptBothAsync(other, action, context());
    }

    @Override
    public <U> LoopFuture<Void> thenAcceptBothAsync(CompletionStage<? extends U> other, BiConsumer<? super T, ? super U> action, Executor executor) {
        Checks.notNull(other, "other");
        Checks.notNull(action, "action");
        Checks.notNull(executor, "executor");
        markObserved();
        return (LoopFuture<Void>) super.thenAcceptBothAsync(other, action, executor);
    }

    /** Runs on the loop thread in a later iteration (see the class javadoc). */
    @Override
    public LoopFuture<Void> runAfterBoth(CompletionStage<?> other, Runnable action) {
        return runAfterBothAsync(other, action, context());
    }

    /** Runs on the loop thread in a later iteration (the loop is the default executor). */
    @Override
    public LoopFuture<Void> runAfterBothAsync(CompletionStage<?> other, Runnable action) {
        return runAfterBothAsync(other, action, context());
    }

    @Override
    public LoopFuture<Void> runAfterBothAsync(CompletionStage<?> other, Runnable action, Executor executor) {
        Checks.notNull(other, "other");
        Checks.notNull(action, "action");
        Checks.notNull(executor, "executor");
        markObserved();
        return (LoopFuture<Void>) super.runAfterBothAsync(other, action, executor);
    }

    /** Runs on the loop thread in a later iteration (see the class javadoc). */
    @Override
    public <U> LoopFuture<U> applyToEither(CompletionStage<? extends T> other, Function<? super T, U> fn) {
        return applyToEitherAsync(other, fn, context());
    }

    /** Runs on the loop thread in a later iteration (the loop is the default executor). */
    @Override
    public <U> LoopFuture<U> applyToEitherAsync(CompletionStage<? extends T> other, Function<? super T, U> fn) {
        return applyToEitherAsync(other, fn, context());
    }

    @Override
    public <U> LoopFuture<U> applyToEitherAsync(CompletionStage<? extends T> other, Function<? super T, U> fn, Executor executor) {
        Checks.notNull(other, "other");
        Checks.notNull(fn, "fn");
        Checks.notNull(executor, "executor");
        markObserved();
        return (LoopFuture<U>) super.applyToEitherAsync(other, fn, executor);
    }

    /** Runs on the loop thread in a later iteration (see the class javadoc). */
    @Override
    public LoopFuture<Void> acceptEither(CompletionStage<? extends T> other, Consumer<? super T> action) {
        return acceptEitherAsync(other, action, context());
    }

    /** Runs on the loop thread in a later iteration (the loop is the default executor). */
    @Override
    public LoopFuture<Void> acceptEitherAsync(CompletionStage<? extends T> other, Consumer<? super T> action) {
        return acceptEitherAsync(other, action, context());
    }

    @Override
    public LoopFuture<Void> acceptEitherAsync(CompletionStage<? extends T> other, Consumer<? super T> action, Executor executor) {
        Checks.notNull(other, "other");
        Checks.notNull(action, "action");
        Checks.notNull(executor, "executor");
        markObserved();
        return (LoopFuture<Void>) super.acceptEitherAsync(other, action, executor);
    }

    /** Runs on the loop thread in a later iteration (see the class javadoc). */
    @Override
    public LoopFuture<Void> runAfterEither(CompletionStage<?> other, Runnable action) {
        return runAfterEitherAsync(other, action, context());
    }

    /** Runs on the loop thread in a later iteration (the loop is the default executor). */
    @Override
    public LoopFuture<Void> runAfterEitherAsync(CompletionStage<?> other, Runnable action) {
        return runAfterEitherAsync(other, action, context());
    }

    @Override
    public LoopFuture<Void> runAfterEitherAsync(CompletionStage<?> other, Runnable action, Executor executor) {
        Checks.notNull(other, "other");
        Checks.notNull(action, "action");
        Checks.notNull(executor, "executor");
        markObserved();
        return (LoopFuture<Void>) super.runAfterEitherAsync(other, action, executor);
    }

    /** Runs on the loop thread in a later iteration (see the class javadoc). */
    @Override
    public <U> LoopFuture<U> thenCompose(Function<? super T, ? extends CompletionStage<U>> fn) {
        return thenComposeAsync(fn, context());
    }

    /** Runs on the loop thread in a later iteration (the loop is the default executor). */
    @Override
    public <U> LoopFuture<U> thenComposeAsync(Function<? super T, ? extends CompletionStage<U>> fn) {
        return thenComposeAsync(fn, context());
    }

    @Override
    public <U> LoopFuture<U> thenComposeAsync(Function<? super T, ? extends CompletionStage<U>> fn, Executor executor) {
        Checks.notNull(fn, "fn");
        Checks.notNull(executor, "executor");
        markObserved();
        return (LoopFuture<U>) super.thenComposeAsync(fn, executor);
    }

    /** Runs on the loop thread in a later iteration (see the class javadoc). */
    @Override
    public <U> LoopFuture<U> handle(BiFunction<? super T, Throwable, ? extends U> fn) {
        return handleAsync(fn, context());
    }

    /** Runs on the loop thread in a later iteration (the loop is the default executor). */
    @Override
    public <U> LoopFuture<U> handleAsync(BiFunction<? super T, Throwable, ? extends U> fn) {
        return handleAsync(fn, context());
    }

    @Override
    public <U> LoopFuture<U> handleAsync(BiFunction<? super T, Throwable, ? extends U> fn, Executor executor) {
        Checks.notNull(fn, "fn");
        Checks.notNull(executor, "executor");
        markObserved();
        return (LoopFuture<U>) super.handleAsync(fn, executor);
    }

    /** Runs on the loop thread in a later iteration (see the class javadoc). */
    @Override
    public LoopFuture<T> whenComplete(BiConsumer<? super T, ? super Throwable> action) {
        return whenCompleteAsync(action, context());
    }

    /** Runs on the loop thread in a later iteration (the loop is the default executor). */
    @Override
    public LoopFuture<T> whenCompleteAsync(BiConsumer<? super T, ? super Throwable> action) {
        return whenCompleteAsync(action, context());
    }

    @Override
    public LoopFuture<T> whenCompleteAsync(BiConsumer<? super T, ? super Throwable> action, Executor executor) {
        Checks.notNull(action, "action");
        Checks.notNull(executor, "executor");
        markObserved();
        return (LoopFuture<T>) super.whenCompleteAsync(action, executor);
    }

    /** Runs on the loop thread in a later iteration (see the class javadoc). */
    @Override
    public LoopFuture<T> exceptionally(Function<Throwable, ? extends T> fn) {
        return exceptionallyAsync(fn, context());
    }

    /** Runs on the loop thread in a later iteration (the loop is the default executor). */
    @Override
    public LoopFuture<T> exceptionallyAsync(Function<Throwable, ? extends T> fn) {
        return exceptionallyAsync(fn, context());
    }

    @Override
    public LoopFuture<T> exceptionallyAsync(Function<Throwable, ? extends T> fn, Executor executor) {
        Checks.notNull(fn, "fn");
        Checks.notNull(executor, "executor");
        markObserved();
        return (LoopFuture<T>) super.exceptionallyAsync(fn, executor);
    }

    /** Runs on the loop thread in a later iteration (see the class javadoc). */
    @Override
    public LoopFuture<T> exceptionallyCompose(Function<Throwable, ? extends CompletionStage<T>> fn) {
        return exceptionallyComposeAsync(fn, context());
    }

    /** Runs on the loop thread in a later iteration (the loop is the default executor). */
    @Override
    public LoopFuture<T> exceptionallyComposeAsync(Function<Throwable, ? extends CompletionStage<T>> fn) {
        return exceptionallyComposeAsync(fn, context());
    }

    @Override
    public LoopFuture<T> exceptionallyComposeAsync(Function<Throwable, ? extends CompletionStage<T>> fn, Executor executor) {
        Checks.notNull(fn, "fn");
        Checks.notNull(executor, "executor");
        markObserved();
        return (LoopFuture<T>) super.exceptionallyComposeAsync(fn, executor);
    }

    @Override
    public String toString() {
        String s = super.toString();
        int at = s.indexOf('[');
        return getClass().getSimpleName() + "@" + Integer.toHexString(System.identityHashCode(this)) + (at < 0 ? "" : s.substring(at));
    }
}
