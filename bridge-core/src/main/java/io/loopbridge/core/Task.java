package io.loopbridge.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
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
 * with that stage's outcome. A task cancelled before it started never runs its body. A task pending when
 * its loop closes ends cancelled, even if its body catches that cancellation and tries to schedule again
 * (which the closed loop rejects). A fatal error thrown by the body ({@link VirtualMachineError} other
 * than {@link StackOverflowError}) fails the task and then propagates out of the host's {@code runOnce}.
 *
 * <p><b>Cancellation</b> is a request, as in asyncio; what a caller may rely on:
 * <ul>
 *   <li>Every {@code cancel()} that returns true cancels what the task owns that is still pending at that
 *       moment (a second request after the body caught the first cancels what it waits on now).</li>
 *   <li>The cancellation travels through the body's chain, which may catch it ({@code exceptionally},
 *       {@code handle}) and finish otherwise; if it does not, the task ends cancelled.</li>
 *   <li>Every stage of that chain that depends on something the task owns gets its turn before the task
 *       gives up waiting: a {@code whenComplete}, {@code handle} or {@code exceptionally} action on a
 *       child task, a coroutine, executor work, a wrapped stage, a sleep, a {@code waitFor} or a process's
 *       exit runs exactly once, seeing the cancellation, however late the thing it depends on ends (as
 *       asyncio's {@code add_done_callback} always runs). A {@code whenComplete} leaves the task
 *       cancelled; what a {@code handle} or {@code exceptionally} returns is the task's result (the body
 *       caught its cancellation, as asyncio's {@code except CancelledError} around {@code await child}).
 *       An action on a stage the task does not own is not waited for (next rule).</li>
 *   <li>A request that finds the outcome already on its way (the body's stage completed, the task not
 *       settled yet) wins: the task ends cancelled, never with that outcome, as asyncio's pending cancel
 *       does. From another thread the same holds until the request is delivered on the loop thread.</li>
 *   <li>If the request reaches nothing the body's chain waits on (the body awaits a stage it does not own,
 *       such as a foreign {@code CompletableFuture}), the task ends cancelled once the cancellation has
 *       stopped travelling through what it did reach; the foreign stage is abandoned, not cancelled.</li>
 *   <li>What {@link LoopFutures#shield shield} protects is not cancelled with the task.</li>
 * </ul>
 *
 * <p><b>Threading.</b> Queries and {@link #cancel(boolean)} are safe from any thread (from another thread
 * the request to a started task is delivered on the loop thread, so {@code isCancelled()} may still be
 * false when this returns). Tasks cannot be completed from outside: {@code complete},
 * {@code completeExceptionally} and {@code obtrude*} throw {@link UnsupportedOperationException}.
 *
 * @param <T> the result type
 */
public class Task<T> extends LoopFuture<T> {
    /** No request from another thread is on its way. */
    private static final int REMOTE_NONE = 0;
    /** A request from another thread is on its way to the loop thread; an outcome arriving first loses to it. */
    private static final int REMOTE_REQUESTED = 1;
    /** The task is settling with its outcome: a request from another thread now finds it done. Terminal. */
    private static final int REMOTE_FINISHING = 2;
    private static final VarHandle REMOTE;
    static {
        try {
            REMOTE = MethodHandles.lookup().findVarHandle(Task.class, "remoteCancel", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The body, until it starts. Loop thread. */
    private Supplier<? extends CompletionStage<T>> body;
    /** The body's stage while the task runs; null before and after. Loop thread. */
    private CompletionStage<T> stage;
    /**
     * What the task started and may still be pending: created with the first such thing (many tasks, a
     * coroutine suspended on a foreign stage among them, start nothing); null before that and once done.
     * Loop thread.
     */
    private LiveList children;
    /** Whether the body has been called. Loop thread. */
    boolean started;
    /** How many cancellation requests were delivered. Loop thread. */
    private int cancelRequests;
    /** A delivered request found the outcome already on its way: the task ends cancelled. Loop thread. */
    boolean mustCancel;
    /** REMOTE_NONE, REMOTE_REQUESTED or REMOTE_FINISHING (see the constants). CAS from any thread. */
    private volatile int remoteCancel;

    // ---- the settle watch of the latest delivered request (see deliverCancel). Loop thread. ----
    /** Whether a check is queued. */
    private boolean watching;
    /** Callbacks run in this task's context since the last check: the cancellation is still travelling. */
    private int ranSinceCheck;
    /** What the latest request cancelled that had not ended at once (child tasks, scopes). */
    private List<LoopFuture<?>> unwinding;
    /** How many of {@link #unwinding} had ended at the last check (their dependents queued since may not have run). */
    private int unwound;
    /** The latest request's {@code mayInterruptIfRunning}. */
    private boolean watchInterrupt;

    /**
     * The queued start of a {@code createTask} task (null for an eager task, and once the start ran: it
     * clears this on the loop thread). Written before the task is published; read racily
     * by {@link #cancel} from other threads, where a stale handle or null are both right (a spent handle's
     * CAS fails). Cancelling it (one CAS, the one runOnce uses to claim it) succeeds exactly when the body
     * has not started, from any thread; its hook then cancels this task.
     */
    HandleImpl startHandle;
    private volatile String name;

    /** Dispatches continuations in this task's context; see {@link #taskContext()}. Loop thread. */
    private Executor context;

    Task(GuestLoop loop, Supplier<? extends CompletionStage<T>> body) {
        super(loop);
        this.body = body;
    }

    /**
     * The executor that dispatches continuations in this task's context (the loop's queue, with this task
     * current while each runs): created on first use, the same one afterwards. Loop thread.
     */
    final Executor taskContext() {
        Executor c = context;
        if (c == null) context = c = r -> loop.dispatch(r, this);
        return c;
    }

    /** Makes {@code c} this task's context executor unless one is in use already (a subclass's own object, saving one). */
    final void useContext(Executor c) {
        if (context == null) context = c;
    }

    /** Loop thread, with this task as the current one: calls the body and follows its stage. */
    void start() {
        assert loop.confined() : "Task.start() off the loop thread";
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
        if (s instanceof CompletableFuture && ((CompletableFuture<?>) s).isDone()) {
            // the body finished without waiting: the task is done in this step (asyncio's eager completion),
            // cancelled if a request came while its body ran
            if (cancelRequests > 0) mustCancel = true;
            finishFrom((CompletableFuture<T>) s);
            return;
        }
        try {
            s.whenCompleteAsync(this::finish, taskContext());
        } catch (RejectedExecutionException closed) {
            forceCancelled();
        }
        if (cancelRequests > 0 && !isDone()) deliverCancel(true); // cancelled while its body ran (eager)
    }

    private void finishFrom(CompletableFuture<T> done) {
        T value;
        try {
            value = done.getNow(null);
        } catch (Throwable e) { // CompletionException or CancellationException
            finish(null, e);
            return;
        }
        finish(value, null);
    }

    /** The body ended (loop thread): the task settles with its outcome, unless a pending cancel wins. */
    final void finish(T value, Throwable failure) {
        if (isDone()) return; // abandoned (see checkSettled) or cancelled by close meanwhile
        stage = null;
        children = null;
        endWatch();
        // A request from another thread still on its way wins, as one delivered here does (mustCancel).
        boolean cancelWins = mustCancel || !REMOTE.compareAndSet(this, REMOTE_NONE, REMOTE_FINISHING);
        if (cancelWins) {
            super.cancel(false);
            return;
        }
        if (failure == null) {
            super.complete(value);
            return;
        }
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

    /** Loop thread: registers something the task started. */
    void addChild(Object child) {
        if (isDone()) return;
        LiveList c = children;
        if (c == null) children = c = new LiveList();
        c.add(child);
    }

    /**
     * Requests cancellation (see the class javadoc): cancels everything this task started that is still
     * pending (interrupting running executor work when {@code mayInterruptIfRunning}), and ends the task
     * cancelled if the body's chain waits on none of it. A task that has not started is cancelled at once,
     * from any thread, and never runs its body. Safe from any thread: from another thread the request to a
     * started task is delivered on the loop thread (so {@code isCancelled()} may still be false when this
     * returns), and an outcome that arrives before it loses to it.
     *
     * @return false if the task was already done (or settling with its outcome); true if the request was made
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        if (isDone()) return false;
        if (!loop.inEventLoop() && loop.loopThread() != null) {
            HandleImpl s = startHandle;
            if (s != null && s.tryCancel()) return true; // had not started: cancelled now, body never runs
            if (!REMOTE.compareAndSet(this, REMOTE_NONE, REMOTE_REQUESTED)) {
                return remoteCancel == REMOTE_REQUESTED; // one is on its way already; FINISHING: too late
            }
            try {
                loop.dispatch(() -> deliverRemote(mayInterruptIfRunning), null);
            } catch (RejectedExecutionException closed) {
                // close() cancels it
            }
            return true;
        }
        return cancelHere(mayInterruptIfRunning);
    }

    /** Loop thread: a request from another thread arrives. */
    private void deliverRemote(boolean mayInterrupt) {
        if (!isDone() && REMOTE.compareAndSet(this, REMOTE_REQUESTED, REMOTE_NONE)) cancelHere(mayInterrupt);
    }

    /** Loop thread (or the setup thread of a loop no thread is attached to). */
    private boolean cancelHere(boolean mayInterrupt) {
        if (isDone()) return false;
        cancelRequests++;
        if (!started) {
            HandleImpl s = startHandle;
            if (s != null && s.tryCancel()) return true; // its hook cancelled the task; the start never runs
            return super.cancel(mayInterrupt);
        }
        deliverCancel(mayInterrupt);
        return true;
    }

    /**
     * Delivers a request to a started task (loop thread): cancels what it owns that is still pending and
     * watches the cancellation travel. If it reached the body's chain, the chain settles the task (or
     * catches it). If not, once the cancellation has stopped travelling, {@link #checkSettled} ends the
     * task: that is how a task awaiting a stage it does not own ends, even while it owns other pending
     * futures that something depends on (a watchdog {@code sleep(..).thenRun(log)}). A coroutine task
     * delivers it at its await instead.
     */
    void deliverCancel(boolean mayInterrupt) {
        assert loop.confined() : "Task.deliverCancel() off the loop thread";
        if (stage == null) return; // its body is running right now (eager start): start() delivers it
        if (loop.currentTask == this) {
            // Cancelled from one of its own steps (asyncio's test_cancel_current_task): the request is for
            // what the step goes on to wait on, so it is delivered once the step has returned.
            try {
                loop.dispatch(() -> {
                    if (!isDone()) deliverCancel(mayInterrupt);
                }, null);
            } catch (RejectedExecutionException closed) {
                // close() cancels it
            }
            return;
        }
        CompletionStage<T> s = stage;
        if (s instanceof CompletableFuture && ((CompletableFuture<?>) s).isDone()) {
            mustCancel = true; // its outcome is on its way to finish(): the cancel wins
            return;
        }
        unwinding = cancelOwned(mayInterrupt);
        unwound = 0;
        watchInterrupt = mayInterrupt;
        ranSinceCheck = 0;
        if (!watching) {
            watching = true;
            scheduleCheck();
        }
    }

    /**
     * Cancels everything the task owns that is still pending (except what {@link LoopFutures#shield
     * shield} protects); returns what did not end at once (child tasks, scopes: they end when their own
     * work has). Loop thread.
     */
    final List<LoopFuture<?>> cancelOwned(boolean mayInterrupt) {
        List<LoopFuture<?>> stillEnding = new ArrayList<>();
        LiveList c = children;
        if (c == null) return stillEnding;
        for (Object o : c.takePending()) {
            if (o instanceof LoopFuture) {
                LoopFuture<?> f = (LoopFuture<?>) o;
                if (f.shielded) continue; // shield() took it out of this task's hands
                f.cancel(mayInterrupt);
                if (!f.isDone()) stillEnding.add(f);
            } else {
                ((HandleImpl) o).cancel();
            }
        }
        return stillEnding;
    }

    /** Whether {@code o} is something this task started and still owns (O(n)). Loop thread. */
    final boolean owns(Object o) {
        LiveList c = children;
        return c != null && c.contains(o);
    }

    /** Called by the loop before each callback that runs in this task's context. Loop thread. */
    void ranInContext() {
        if (watching) ranSinceCheck++;
    }

    private void scheduleCheck() {
        try {
            loop.dispatch(this::checkSettled, null); // at the back of the line, behind the cancellation's next steps
        } catch (RejectedExecutionException closed) {
            watching = false; // close() cancels the task
        }
    }

    /**
     * The settle watch (loop thread). While callbacks keep running in this task's context, the
     * cancellation is still travelling: look again behind them. While something the request cancelled has
     * not ended (a child task, a scope), look again when it has (no polling: a host on virtual time must
     * see the loop idle); and once more behind what its end queued, whenever something has ended since the
     * last look: its dependents (a {@code whenComplete} stage the body returned) are queued by that end,
     * possibly behind this check, and must run before the stage they would complete is given up. Once it
     * has stopped, if the task is still pending and owns nothing new (the body did not react by starting
     * new work), the request reached nothing its chain waits on: the body's stage itself is cancelled, as
     * asyncio cancels the future a task awaits (a stage upstream of it, one the task does not own, is left
     * alone).
     */
    private void checkSettled() {
        if (isDone() || !watching) {
            endWatch();
            return;
        }
        // Progress since the last look (a callback ran in this task's context, or something the request
        // cancelled has ended, queueing its dependents: a whenComplete/handle stage the body returned):
        // look again behind what is queued now, so every such dependent runs before the task gives up.
        int ended = countDone(unwinding);
        if (ranSinceCheck > 0 || ended > unwound) {
            ranSinceCheck = 0;
            unwound = ended;
            scheduleCheck();
            return;
        }
        LoopFuture<?> ending = firstPending(unwinding);
        if (ending != null) {
            ending.whenDoneInternal(this::checkSettled);
            return;
        }
        endWatch();
        LiveList c = children;
        CompletionStage<T> s = stage;
        if (s == null || (c != null && c.hasPending())) return; // the body reacted: its chain goes on
        boolean cancelled;
        try {
            cancelled = s.toCompletableFuture().cancel(watchInterrupt);
        } catch (UnsupportedOperationException e) {
            cancelled = false; // a stage that cannot be cancelled from outside
        }
        if (!cancelled && !(s instanceof CompletableFuture && ((CompletableFuture<?>) s).isDone())) {
            abandonStage(); // it cannot be cancelled, or its cancel is a request of its own still under way
        }
    }

    private static int countDone(List<LoopFuture<?>> fs) {
        int n = 0;
        if (fs != null) for (LoopFuture<?> f : fs) if (f.isDone()) n++;
        return n;
    }

    private static LoopFuture<?> firstPending(List<LoopFuture<?>> fs) {
        if (fs != null) for (LoopFuture<?> f : fs) if (!f.isDone()) return f;
        return null;
    }

    private void endWatch() {
        watching = false;
        unwinding = null;
        unwound = 0;
        ranSinceCheck = 0;
    }

    /** Ends the task cancelled, leaving the stage its body awaits alone (its outcome, if any, is ignored). */
    private void abandonStage() {
        stage = null;
        children = null;
        super.cancel(false);
    }

    /** Cancelled before it started (its start handle was cancelled, by close() or cancel()). Any thread. */
    void abandon() {
        body = null;
        super.cancel(false);
    }

    /** Ends the task cancelled whatever its body does (close()). */
    void forceCancelled() {
        body = null;
        stage = null;
        children = null;
        endWatch();
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
