package io.loopbridge.core;

import io.loopbridge.core.internal.Checks;
import io.loopbridge.core.internal.CoroutineRegistry;
import io.loopbridge.core.internal.CoroutineSupport;
import io.loopbridge.core.internal.CurrentLoop;
import io.loopbridge.core.internal.DefaultExecutors;
import io.loopbridge.core.internal.io.IoService;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The never-blocking event loop core: any host (a JavaFX or Swing bridge, a plain thread, a game loop,
 * a test) drives it with two calls, {@link #runOnce()} and {@link #nextTimeout()}, and learns that it
 * should call again through its {@link HostWaker}. See {@code docs/hosting.md} for the host checklist.
 *
 * <pre>{@code
 * GuestLoop loop = new GuestLoop(() -> host.post(this::pump));   // wake-ups come from any thread
 * void pump() {                                                    // on the host thread
 *     loop.runOnce();
 *     long t = loop.nextTimeout();   // 0: call again now; >0: after t ns; -1: only when woken
 *     ...
 * }
 * }</pre>
 *
 * <p><b>Threading.</b> The loop thread is the thread that calls {@link #runOnce()}: the first call
 * claims it (or {@link #attachThread(EventLoop)} does), and calling from another thread afterwards
 * throws. Scheduling ({@code callSoon}, {@code execute}, {@code callLater}, {@code callAt},
 * {@code createTask}), the operations that create a future ({@code createFuture}, {@code sleep},
 * {@code runInExecutor}, {@code wrapFuture}, {@code waitFor}, {@code gather}), {@code close} and the
 * queries are safe from any thread: their futures are owned by the loop (close cancels them) and their
 * continuations run on the loop thread. What runs a body at once ({@code createEagerTask}) and the
 * toolbox primitives are loop thread only, and check it always (one volatile read). Internal
 * loop-thread-only methods assert it.
 *
 * <p><b>Happens-before.</b> Actions of a thread before it submits a callback happen-before the callback
 * runs (a cross-thread submission is published by the inbox's release store, which {@code runOnce}'s
 * intake reads with acquire; see {@link Inbox}).
 *
 * <p><b>What lives where.</b> This class keeps the host contract ({@code runOnce}, {@code nextTimeout},
 * {@link HostWaker}), thread ownership, errors, debug mode and closing. The line of ready callbacks is a
 * {@link RunQueue}; timers are {@link Timers}; what the loop must cancel when it closes is
 * {@link OwnedFutures}; each toolbox operation is its own future type ({@link SleepFuture},
 * {@link ExecutorFuture}, {@link WrappedFuture}, {@link WaitFor}, {@link TaskStart}, {@link Gather}).
 *
 * <p><b>Errors.</b> A callback that throws is reported to the {@link ExceptionHandler} with the handle as
 * source, and the loop goes on. {@link VirtualMachineError}s other than {@link StackOverflowError}
 * ({@code OutOfMemoryError}, {@code InternalError}) are the JVM's {@code SystemExit}: they propagate out
 * of {@code runOnce()} after the loop's own state is consistent (the callback counts as run; a task whose
 * body threw it fails with it first, as in asyncio, so nothing awaits that task forever); the host may go
 * on calling {@code runOnce()} and loses nothing. A {@code StackOverflowError} has unwound by the time we
 * see it and is reported like any exception. In a dependent action ({@code thenApply} ...) any error
 * becomes the dependent future's failure, as {@code CompletableFuture} makes it.
 */
public final class GuestLoop implements EventLoop {

    /**
     * How the loop asks its host to call {@link #runOnce()} soon (and then re-read
     * {@link #nextTimeout()}): new work arrived from another thread, work was scheduled on the loop thread
     * outside {@code runOnce} (a UI event handler), an earlier deadline appeared, or the loop was closed.
     * <b>Answer every wake-up with a {@code runOnce()}</b>, even when {@code nextTimeout()} is not 0:
     * only {@code runOnce} consumes a wake-up, so a host that merely re-read the timeout would get no
     * further wake-up until it next runs.
     *
     * <p><b>Coalescing, exactly.</b> The loop keeps one atomic "wake-up pending" flag. A submission calls
     * {@code wakeUp()} only if it turns the flag from false to true; {@code runOnce} clears it
     * <em>before</em> it takes in cross-thread submissions. So N submissions between two
     * {@code runOnce} calls make at most one {@code wakeUp()} call; every call stands for one such
     * transition, so there are never more {@code wakeUp()} calls than {@code runOnce} calls plus one; and
     * any submission made after a {@code runOnce} has cleared the flag is guaranteed a new
     * {@code wakeUp()} unless that {@code runOnce} took it in. The call follows the transition on the
     * submitting thread, so a wake-up whose flag was set just before a {@code runOnce} may arrive while or
     * after that {@code runOnce} runs: a host may see a wake-up for work already done (answer it like any
     * other; the {@code runOnce} finds little or nothing). Work scheduled on the loop thread wakes the
     * host the same way, inside {@code runOnce} too (at most once per pass, by the same flag): a callback
     * may be blocked in a nested host loop (a modal dialog), whose own event handlers schedule work that
     * the blocked {@code runOnce} would see only after the dialog closes. For the same reason, before
     * {@code runOnce} runs a callback with more of its snapshot behind it, it makes sure a wake-up is
     * pending (by the same flag: at most one per pass, and none for a pass that runs a single callback), so
     * a nested host loop opened by that callback runs the rest of the pass at once.
     *
     * <p><b>Threading.</b> Called from any thread, including the loop thread; must not block and must
     * not call back into the loop synchronously (post a call to {@code runOnce} instead).
     */
    @FunctionalInterface
    public interface HostWaker {
        void wakeUp();
    }

    private static final System.Logger LOG = System.getLogger("io.loopbridge");
    private static final long DEFAULT_SLOW_NANOS = 100_000_000L;
    /** The clock is read at most this many callbacks apart in a budgeted {@link #runOnce(long)}. */
    private static final int MAX_BUDGET_STRIDE = 64;
    /** While a stride of callbacks takes less than this, the budget check stride doubles. */
    private static final long CHEAP_STRIDE_NANOS = 50_000L;
    private static final AtomicInteger IDS = new AtomicInteger();

    private final HostWaker waker;
    private final LongSupplier clock;
    /** The loop's name in messages and thread names: GuestLoop-N, or what the host set ({@link #setName}). */
    private volatile String name;

    // ---- thread ownership ----
    /** The loop thread, or null before the first runOnce()/attachThread() and after detachThread(). Written under {@code this}. */
    private volatile Thread owner;
    /** The thread counted as this loop's thread in its thread-local (CurrentLoop.ownerAcquired). Guarded by {@code this}. */
    private Thread countedOwner;
    /** What EventLoop.current() and LoopFuture.loop() report: this, or the host's facade. */
    private volatile EventLoop face = this;
    /**
     * runOnce nesting depth: 0 between passes, 2 inside a pass opened by a callback of another (a modal
     * dialog's event loop). Written by the loop thread only, with opaque stores; read racily by
     * {@link #isRunning()} from other threads.
     */
    private int depth;

    // ---- the work ----
    /** The ready callbacks, in one FIFO line across threads. */
    private final RunQueue queue = new RunQueue();
    private final Timers timers = new Timers();
    /** What close() cancels: the pending futures and tasks of this loop. */
    private final OwnedFutures owned = new OwnedFutures();
    /** The task whose callback is running, or null. Loop thread only. */
    Task<?> currentTask;
    /** The one coalescing wake-up flag; see {@link HostWaker}. */
    private final AtomicBoolean wakePending = new AtomicBoolean();
    /** The coroutines of {@code launch} tasks, created with the first one. Loop thread. */
    private CoroutineRegistry coroutines;
    /** The host's check for a nested event loop opened inside the suspending coroutine, or null; see {@link #setNestedLoopCheck}. */
    private volatile BooleanSupplier nestedLoopCheck;
    /** The host's measure of nested event loops it runs outside runOnce, or null; see {@link #setNestingProbe}. */
    private volatile IntSupplier nestingProbe;

    // ---- lifecycle ----
    /** Set once by close(); never cleared. */
    private volatile boolean closed;
    /** Whether close()'s loop-thread cleanup has run (or is running). Written under {@code this}, read without it. */
    private volatile boolean cleanedUp;
    /** Reports the Cleaner made, until the loop thread hands them on: see {@link #reportCollected}. */
    private final ConcurrentLinkedQueue<ErrorContext> collectedReports = new ConcurrentLinkedQueue<>();
    /**
     * The thread running the close cleanup, while it runs: continuations then run inline on it instead of
     * being queued. Written and cleared by that thread; other threads read it only to compare it with
     * themselves, and a stale value is never their own thread.
     */
    private Thread inlineDispatchThread;

    // ---- for test hosts ----
    /** Failed futures nobody had observed, remembered for {@link #takeUnobservedFailures} once tracking is on; else null. */
    private volatile ConcurrentLinkedQueue<LoopFuture.Unretrieved> unobserved;
    /** runInExecutor futures not completed yet; see {@link #pendingExecutorWork()}. */
    private final AtomicInteger crossThread = new AtomicInteger();

    // ---- errors, debug, executor ----
    private volatile ExceptionHandler handler;
    private volatile boolean debug;
    private volatile long slowNanos = DEFAULT_SLOW_NANOS;
    /** The default executor, created on first use. Written under {@code this}. */
    private volatile ExecutorService executor;
    /** The loop's sockets, servers and processes (and its I/O thread); created by the first of them, under {@code this}. */
    private volatile IoService io;

    // ---- stats: written by the loop thread only, with opaque stores (untorn, but no fence: a volatile
    // store here cost ~10 ns per runOnce on x86); read racily by stats(), which may lag by a pass ----
    private long callbacksRun;
    private long iterations;
    private static final VarHandle CALLBACKS_RUN;
    private static final VarHandle ITERATIONS;
    private static final VarHandle DEPTH;
    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            CALLBACKS_RUN = l.findVarHandle(GuestLoop.class, "callbacksRun", long.class);
            ITERATIONS = l.findVarHandle(GuestLoop.class, "iterations", long.class);
            DEPTH = l.findVarHandle(GuestLoop.class, "depth", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Dispatches continuations of this loop's futures (no task context). */
    final Executor dispatcher = r -> dispatch(r, null);

    /** A loop on the system clock ({@link System#nanoTime()}). */
    public GuestLoop(HostWaker waker) {
        this(waker, System::nanoTime);
    }

    /**
     * A loop on an injected clock: tests can advance time without sleeping.
     *
     * @param waker      how to ask the host for a {@code runOnce()} (see {@link HostWaker})
     * @param clockNanos a monotonic clock in nanoseconds, read on the loop thread and by schedulers
     */
    public GuestLoop(HostWaker waker, LongSupplier clockNanos) {
        this.waker = Checks.notNull(waker, "waker");
        this.clock = Checks.notNull(clockNanos, "clockNanos");
        this.name = "GuestLoop-" + IDS.incrementAndGet();
    }

    // =====================================================================================
    // The host API
    // =====================================================================================

    /**
     * Runs the callbacks that were ready on entry and the timers due on entry, then returns how many
     * ran. <b>Never blocks, never waits.</b>
     *
     * <p>It works on a snapshot, "ready on entry", in this order: the ready list as it stands on entry
     * (loop-thread submissions, and what an earlier budgeted pass left), then the cross-thread callbacks
     * enqueued before the entry, then the timers due on entry (moved to the ready list before any callback
     * runs, so a timer re-armed with zero delay cannot spin). Work scheduled meanwhile runs on the next
     * call. Precisely, for cross-thread work: on entry, {@code runOnce} clears the wake-up flag, then
     * reads the tail of each inbox; the snapshot holds every submission whose enqueue (its producer's
     * atomic swap of that tail) came before that read. Cross-thread timers in it enter the timer heap at
     * once. Cross-thread callbacks in it are taken in lazily, one at a time as their turn comes, so with a
     * budget the intake stops with the budget too. One exception to "all of the snapshot": a producer
     * preempted between its swap and its link (two instructions) leaves its callback, and those after
     * it, unreachable for a moment: the pass waits briefly, then stops there, leaving them first in line
     * ({@link #nextTimeout()} says 0).
     *
     * <p>Re-entrant: a callback may open a nested host loop (a modal dialog) that calls {@code runOnce}
     * again; nothing runs twice, nothing is lost, order is kept.
     *
     * <p>Host thread only: the first call makes the calling thread the loop thread.
     *
     * @return the number of callbacks run (cancelled ones are not counted)
     * @throws IllegalStateException if called from a thread other than the loop thread
     */
    public int runOnce() {
        return runOnce(Long.MAX_VALUE);
    }

    /**
     * Like {@link #runOnce()}, but returns once {@code budgetNanos} have passed (measured on the loop's
     * clock between callbacks), leaving the rest of the snapshot first in line for the next call. UI
     * hosts use it to time-slice, so a flood of callbacks never keeps the toolkit from painting longer
     * than the budget plus one callback. The clock is read after every callback while callbacks are slow
     * and at most {@value #MAX_BUDGET_STRIDE} callbacks apart while a stride of them takes under 50 us.
     *
     * @param budgetNanos the time budget; {@link Long#MAX_VALUE} for none
     */
    public int runOnce(long budgetNanos) {
        claimOrCheckThread("runOnce");
        if (closed) {
            // Also when nested (a modal host loop inside a callback): the cleanup cancels the futures that
            // loop waits for, so it can end; the outer pass stops after its callback, as it checks closed.
            cleanUpAfterClose();
            return 0;
        }
        // Phase 1: take in what other threads sent. The flag is cleared before the inboxes' tails are
        // read: a submission that misses this pass wakes the host again.
        wakePending.set(false);
        timers.takeInbox();
        owned.takeInRemote();
        timers.purgeIfMostlyCancelled();

        // Phase 2: the snapshot (asyncio's ntodo). What this pass runs is fixed here, before any callback
        // runs: the line as it stands, the cross-thread callbacks enqueued so far, then the timers due now.
        // Work scheduled by the callbacks of this pass, timers re-armed with zero delay included, queues
        // behind it and runs in the next pass, so one pass is bounded whatever its callbacks do.
        queue.openSnapshot();
        // The clock is read only when something needs it: System.nanoTime() is ~25 ns on a VM, as much as
        // the rest of an idle pass.
        long now = (timers.isEmpty() && budgetNanos == Long.MAX_VALUE) ? 0 : clock.getAsLong();
        for (TimerHandleImpl t; (t = timers.pollDue(now)) != null; ) {
            if (t.isPending()) queue.appendDue(t);
        }
        queue.closeSnapshot();
        ITERATIONS.setOpaque(this, iterations + 1);

        // Phase 3: run the snapshot within the budget. Inline, not a method of its own: with the pass in
        // one method a one-callback pass costs what it did before the split (CallSoonBenchmark batch=1:
        // 30.9 ns, against 33.2 ns with a call here, quiet machine, 2026-12-02).
        long start = now;
        Object prevCurrent = CurrentLoop.bind(face, this);
        DEPTH.setOpaque(this, depth + 1);
        int ran = 0;
        try {
            int stride = 1;
            int sinceCheck = 0;
            long lastCheck = start;
            RunQueue q = queue; // a local: the JIT does not trust final fields, and every callback is opaque to it
            for (HandleImpl h; (h = q.take()) != null; ) {
                if (!h.claim()) continue; // cancelled after it was queued
                ran++;
                // With more of the snapshot behind h, a wake-up is pending before h runs: if h opens a nested
                // host loop (a modal dialog), that loop calls runOnce and runs the rest now, not after the
                // dialog closes. Coalesced (one flag): at most one per pass, none for a pass of one callback.
                if (q.snapshotHasMore()) requestWakeUp();
                runHandle(h);
                if (closed) break;
                if (budgetNanos != Long.MAX_VALUE && ++sinceCheck >= stride) {
                    long t = clock.getAsLong();
                    if (t - start >= budgetNanos) break;
                    stride = (t - lastCheck < CHEAP_STRIDE_NANOS) ? Math.min(stride * 2, MAX_BUDGET_STRIDE) : 1;
                    sinceCheck = 0;
                    lastCheck = t;
                }
            }
        } finally {
            queue.endBursts(); // the host's own code runs next: an unbracketed firing there starts afresh
            DEPTH.setOpaque(this, depth - 1);
            CurrentLoop.restore(prevCurrent);
            CALLBACKS_RUN.setOpaque(this, callbacksRun + ran);
        }
        if (closed && depth == 0) cleanUpAfterClose();
        return ran;
    }

    /** THE single place where scheduled callbacks are invoked. Loop thread. */
    private void runHandle(HandleImpl h) {
        assert Thread.currentThread() == owner : "runHandle() off the loop thread";
        Runnable cb = h.callback;
        h.callback = null;
        Task<?> prevTask = currentTask;
        Task<?> task = h.task;
        h.task = null;
        currentTask = task;
        if (task != null) task.ranInContext();
        boolean timed = debug;
        long t0 = timed ? clock.getAsLong() : 0;
        try {
            cb.run();
        } catch (Throwable e) {
            if (isFatal(e)) throw e;
            report("Exception in callback " + cb, e, h);
        } finally {
            currentTask = prevTask;
        }
        if (timed) {
            long took = clock.getAsLong() - t0;
            if (took >= slowNanos) {
                LOG.log(System.Logger.Level.WARNING, () -> "Executing " + cb + " took "
                        + String.format("%.3f", took / 1e6) + " ms" + where(h.createdAt), (Throwable) null);
            }
        }
    }

    /**
     * When the host must call {@link #runOnce()} again, in nanoseconds:
     * <ul>
     *   <li>{@code 0}: work is ready now (or a close is waiting for its loop-thread cleanup);</li>
     *   <li>{@code > 0}: the next timer is due after this long;</li>
     *   <li>{@code -1}: nothing is scheduled; wait for {@link HostWaker#wakeUp()}.</li>
     * </ul>
     * <b>Never blocks.</b> Host thread only.
     */
    public long nextTimeout() {
        claimOrCheckThread("nextTimeout");
        if (closed) return cleanedUp ? -1 : 0;
        if (queue.hasReady() || !timers.inboxIsEmpty()) return 0;
        TimerHandleImpl t = timers.firstPending();
        if (t == null) return -1;
        long now = clock.getAsLong();
        if (t.when <= now) return 0;
        long d = t.when - now;
        return d < 0 ? Long.MAX_VALUE : d; // more than Long.MAX_VALUE away: saturate
    }

    /**
     * Makes the calling thread this loop's thread and binds {@link EventLoop#current()} on it to
     * {@code face} (the host's own {@link EventLoop}, or this loop) until {@link #detachThread()}. A UI
     * host calls it once on its UI thread; {@link StandaloneLoop} calls it around each run. Without it the
     * first {@code runOnce()} claims its thread, and {@code current()} reports this loop only inside
     * {@code runOnce}.
     *
     * <p>A thread that has terminated no longer holds the loop: attaching takes over from it. (A UI
     * toolkit may end its thread and start a new one: AWT does so with an idle event dispatch thread.)
     *
     * @throws IllegalStateException if another live thread is attached
     */
    public synchronized void attachThread(EventLoop face) {
        Checks.notNull(face, "face");
        Thread me = Thread.currentThread();
        Thread o = owner;
        if (o != null && o != me && o.isAlive()) {
            throw new IllegalStateException(name + " is attached to thread '" + o.getName()
                    + "': detach it there before attaching thread '" + me.getName() + "'");
        }
        this.face = face;
        owner = me;
        countOwner();
        CurrentLoop.bind(face, this);
    }

    /** Sets what {@link EventLoop#current()} and {@link LoopFuture#loop()} report, before any run. */
    void setFace(EventLoop face) {
        this.face = Checks.notNull(face, "face");
    }

    /**
     * Undoes {@link #attachThread(EventLoop)} (or the claim of the first {@code runOnce()}): from now on no
     * thread is the loop thread. If the loop was closed and its loop-thread cleanup has not run yet (a
     * {@code close()} from another thread only wakes the host, and may land after the host's last
     * {@code runOnce}), the cleanup runs here, on the leaving thread. Loop thread only.
     */
    public void detachThread() {
        boolean closedMeanwhile;
        synchronized (this) {
            claimOrCheckThread("detachThread");
            if (CurrentLoop.core() == this) CurrentLoop.unbind();
            uncountOwner();
            owner = null;
            // close() sets 'closed' under this lock, then reads 'owner': it sees null (and cleans up
            // itself) or we see 'closed' here. The cleanup runs once either way.
            closedMeanwhile = closed;
        }
        if (closedMeanwhile) cleanUpAfterClose();
    }

    /** Counts the calling thread, the new owner, as a loop thread (see CurrentLoop.onLoopThread). Under {@code this}. */
    private void countOwner() {
        Thread me = Thread.currentThread();
        if (countedOwner == me) return;
        countedOwner = me;
        CurrentLoop.ownerAcquired();
    }

    /** Undoes {@link #countOwner()} if the calling thread is the one counted. Under {@code this}. */
    private void uncountOwner() {
        if (countedOwner != Thread.currentThread()) return;
        countedOwner = null;
        CurrentLoop.ownerReleased();
    }

    /** The loop thread, or null while none is attached or claimed. Safe from any thread. */
    public Thread loopThread() {
        return owner;
    }

    private void claimOrCheckThread(String what) {
        Thread me = Thread.currentThread();
        Thread o = owner;
        if (o == me) return;
        if (o == null) {
            synchronized (this) {
                o = owner;
                if (o == null) {
                    owner = me;
                    countOwner();
                    return;
                }
                if (o == me) return;
            }
        }
        // o, not owner: a concurrent detach must not turn this report into a NullPointerException
        throw new IllegalStateException(what + "() called on thread '" + me.getName() + "', but " + name
                + " is driven by thread '" + o.getName() + "' (a GuestLoop has exactly one host thread)");
    }

    // =====================================================================================
    // Scheduling
    // =====================================================================================

    @Override
    public long time() {
        return clock.getAsLong();
    }

    /** The deadline {@code delayNanos} (non-negative) from now, saturated. Any thread. */
    long deadlineAfter(long delayNanos) {
        return Checks.saturatedAdd(clock.getAsLong(), delayNanos);
    }

    @Override
    public Handle callSoon(Runnable callback) {
        Checks.notNull(callback, "callback");
        HandleImpl h = new HandleImpl(this, callback, null);
        enqueue(h, Thread.currentThread() == owner ? currentTask : null);
        return h;
    }

    /**
     * Dispatches a continuation in {@code task}'s context (null: none). During close()'s cleanup it runs
     * inline on the closing thread, so that cancellation can propagate through future chains of a closed
     * loop. Any thread.
     */
    void dispatch(Runnable r, Task<?> task) {
        if (inlineDispatchThread == Thread.currentThread()) {
            runInline(r, task);
            return;
        }
        enqueue(new HandleImpl(this, r, null), task);
    }

    /**
     * Dispatches a dependent that was attached to {@code h.source} while it was pending: this is that
     * future's completion firing it. Fired dependents are queued so that each future's run in the order
     * they were attached, asyncio's rule for done callbacks ({@code CompletableFuture} fires them in an
     * order of its own): on the loop thread through {@link RunQueue#offerFired}; on another thread
     * collected while a completion's bracket is open ({@link #beginCompletion}) and queued at its end.
     * Any thread.
     */
    void dispatchFired(FiredHandle h) {
        Thread me = Thread.currentThread();
        if (inlineDispatchThread == me) {
            runInline(h, h.task);
            return;
        }
        if (me == owner) {
            if (debug) h.createdAt = new Throwable("scheduled here");
            if (closed) throw rejected(h);
            // A firing outside any bracket is CompletableFuture completing a stage itself: in one of its
            // steps that stage is the top (its dependents come newest first); elsewhere (a plain future
            // completed by other code, relaying into ours) every group comes oldest first.
            queue.offerFired(h, h.source, depth == 0, inCompletionStep);
            requestWakeUp();
            return;
        }
        ForeignFiring f = ForeignFiring.LOCAL.get();
        if (f.depth > 0) {
            f.offer(h, h.source);
            return;
        }
        enqueue(h, h.task);
    }

    /** Runs a fired dependent's step (a {@code CompletableFuture} completion task). Loop thread. */
    void runCompletionStep(Runnable step) {
        boolean prev = inCompletionStep;
        inCompletionStep = true;
        try {
            step.run();
        } finally {
            inCompletionStep = prev;
        }
    }

    // ---- completions: each future's dependents run in the order they were attached ----
    /** Whether a fired dependent's step runs now ({@link #runCompletionStep}). Loop thread. */
    private boolean inCompletionStep;
    /** {@link #beginCompletion}'s token for the outermost bracket on the loop thread. */
    private static final Object OUTERMOST = new Object();

    /**
     * Brackets a completion of {@code future} ({@code complete}, {@code completeExceptionally},
     * {@code cancel}): the dependents it fires are queued in the order they were attached (see {@link
     * #dispatchFired}). On the loop thread the outermost bracket sets aside a burst that a firing {@code
     * CompletableFuture} made itself left open (a synchronous hook of that firing completes this future),
     * and takes it up again at its end. Returns the token for {@link #endCompletion}. Any thread.
     */
    Object beginCompletion(Object future) {
        if (Thread.currentThread() == owner) {
            Object outer = queue.beginTop(future);
            return outer == null ? OUTERMOST : outer;
        }
        ForeignFiring f = ForeignFiring.LOCAL.get();
        f.begin(future);
        return f;
    }

    /** Ends a bracket {@link #beginCompletion} opened; {@code token} is what it returned. */
    void endCompletion(Object token) {
        if (token instanceof ForeignFiring) ((ForeignFiring) token).end();
        else queue.endTop(token == OUTERMOST ? null : token);
    }

    private void runInline(Runnable r, Task<?> task) {
        Task<?> prev = currentTask;
        currentTask = task;
        try {
            r.run();
        } catch (Throwable e) {
            if (isFatal(e)) throw e;
            report("Exception in a continuation run while closing", e, null);
        } finally {
            currentTask = prev;
        }
    }

    /** Queues a dispatch a {@link ForeignFiring} collected (in its own task's context). Any thread. */
    void enqueueFired(HandleImpl h) {
        enqueue(h, h.task);
    }

    /** Queues {@code h} in {@code task}'s context: appended on the loop thread, pushed to the inbox from others. */
    private void enqueue(HandleImpl h, Task<?> task) {
        h.task = task;
        if (debug) h.createdAt = new Throwable("scheduled here");
        if (Thread.currentThread() == owner) {
            if (closed) throw rejected(h.callback);
            queue.offerLocal(h, depth == 0);
            // Wake even inside runOnce (coalesced): a UI event handler may run in a nested host loop (a
            // modal dialog) opened by a callback, where no host turn is due to re-read nextTimeout().
            requestWakeUp();
        } else {
            pushRemote(h, false);
        }
    }

    /**
     * Enqueues {@code h} (a callback, or a timer if {@code timer}) from a thread other than the loop
     * thread, then wakes the host (coalesced).
     *
     * <p><b>Sealing.</b> Every cross-thread submission ends exactly one way: it runs; or it was accepted
     * and close()'s cleanup cancels it (its handle reports {@code isCancelled()}); or it is rejected with
     * {@link RejectedExecutionException} and never runs. Never lost, never two of these. How: the
     * producer reads {@link #closed} before and after its enqueue, and the cleanup reads the inbox's tail
     * only after {@code closed} was set, then drains up to it. Both are volatile accesses (the enqueue is
     * a {@code getAndSet}), so if the producer read false after its enqueue, the enqueue precedes the
     * cleanup's read of the tail: the cleanup drains and cancels {@code h} (unless it ran first). If it
     * read true, it withdraws {@code h}: a withdraw that wins rejects the submission (runOnce skips the
     * withdrawn node); one that loses means a run or the cleanup took {@code h} first, and the submission
     * stands. Cost: one volatile read more per submission.
     */
    private void pushRemote(HandleImpl h, boolean timer) {
        Object what = h.callback;
        if (closed) throw rejected(what);
        if (timer) timers.offerRemote((TimerHandleImpl) h);
        else queue.offerRemote(h);
        if (closed && h.withdraw()) throw rejected(what);
        requestWakeUp();
    }

    private void requestWakeUp() {
        if (!wakePending.get() && wakePending.compareAndSet(false, true)) {
            try {
                waker.wakeUp();
            } catch (Throwable e) {
                if (isFatal(e)) throw e;
                wakePending.set(false);
                report("HostWaker.wakeUp() failed: the host may not run this loop", e, null);
            }
        }
    }

    @Override
    public TimerHandle callLater(Duration delay, Runnable callback) {
        long d = Checks.delayNanos(delay);
        Checks.notNull(callback, "callback");
        return scheduleTimer(deadlineAfter(d), callback, true);
    }

    @Override
    public TimerHandle callAt(long deadline, Runnable callback) {
        Checks.notNull(callback, "callback");
        return scheduleTimer(deadline, callback, true);
    }

    /** Schedules a timer; {@code ownedByTask} makes it a child of the current task. Any thread. */
    TimerHandleImpl scheduleTimer(long deadline, Runnable callback, boolean ownedByTask) {
        TimerHandleImpl t = new TimerHandleImpl(this, callback, null, deadline, timers.nextSeq());
        if (debug) t.createdAt = new Throwable("scheduled here");
        if (Thread.currentThread() == owner) {
            if (closed) throw rejected(callback);
            Task<?> task = currentTask;
            t.task = task;
            // The host does not re-read nextTimeout() unless told (inside runOnce neither, if a callback
            // is pumping a nested host loop; see enqueue()): wake it if this timer is now the earliest.
            if (timers.addLocal(t)) requestWakeUp();
            if (ownedByTask && task != null) task.addChild(t);
        } else {
            pushRemote(t, true); // wakes the host, which re-reads nextTimeout(): an earlier deadline is seen
        }
        return t;
    }

    /** Called by a timer's cancel(), on the cancelling thread. */
    void timerCancelled(TimerHandleImpl t) {
        if (Thread.currentThread() == owner) timers.cancelledLocally(t);
        else timers.cancelledRemotely();
    }

    // =====================================================================================
    // Futures and tasks
    // =====================================================================================

    @Override
    public <T> LoopFuture<T> createFuture() {
        checkOpen("create a future");
        LoopFuture<T> f = new LoopFuture<>(this);
        own(f);
        return f;
    }

    /**
     * Registers a pending future (or task) with the loop, which cancels it when it closes, and, on the
     * loop thread, with the current task, which cancels it with itself. Any thread.
     */
    void own(LoopFuture<?> f) {
        if (debug && f.createdAt == null) f.createdAt = new Throwable("created here");
        f.markOwned();
        if (Thread.currentThread() == owner) {
            owned.add(f);
            Task<?> t = currentTask;
            if (t != null && t != f) t.addChild(f);
        } else {
            owned.addRemote(f);
            // Sealed against close as pushRemote is: the cleanup takes the remote ones in after 'closed' was
            // set, so either it sees f, or we see 'closed' here. Cancelling twice is harmless.
            if (closed) f.cancel(true);
        }
    }

    /**
     * An owned future completed: it leaves the owned list now on the loop thread, or at the next pass
     * from another thread (the host is woken for it, so an idle loop lets go of it too). Any thread.
     */
    void finished(LoopFuture<?> f) {
        if (!f.isOwned()) return;
        if (Thread.currentThread() == owner) {
            owned.remove(f);
        } else if (!closed) {
            owned.finishedRemotely(f);
            requestWakeUp();
        }
    }

    @Override
    public <T> Task<T> createTask(Supplier<? extends CompletionStage<T>> body) {
        Checks.notNull(body, "body");
        checkOpen("create a task");
        return startLater(new Task<>(this, body));
    }

    @Override
    public <T> Task<T> createEagerTask(Supplier<? extends CompletionStage<T>> body) {
        Checks.notNull(body, "body");
        checkLoopThread("createEagerTask");
        checkOpen("create a task");
        return startNow(new Task<>(this, body));
    }

    @Override
    public <T> Task<T> launch(Callable<T> body) {
        Checks.notNull(body, "body");
        if (!CoroutineSupport.isSupported()) throw CoroutineSupport.unsupported("launch");
        checkOpen("launch a coroutine");
        return startLater(new CoroutineTask<>(this, body));
    }

    @Override
    public <T> Task<T> launchEager(Callable<T> body) {
        Checks.notNull(body, "body");
        if (!CoroutineSupport.isSupported()) throw CoroutineSupport.unsupported("launchEager");
        checkLoopThread("launchEager");
        checkOpen("launch a coroutine");
        return startNow(new CoroutineTask<>(this, body));
    }

    /** Owns {@code task} and queues its start for a later iteration. Any thread. */
    private <T> Task<T> startLater(Task<T> task) {
        if (debug) task.createdAt = new Throwable("created here"); // here, not where it starts
        TaskStart start = new TaskStart(this, task);
        task.startHandle = start;
        own(task);
        try {
            enqueue(start, task);
        } catch (RejectedExecutionException closedMeanwhile) {
            task.forceCancelled(); // nobody will ever see it; nothing is left pending
            throw closedMeanwhile;
        }
        return task;
    }

    /** Owns {@code task} and starts its body now, on the calling (loop) thread, as the current task. */
    private <T> Task<T> startNow(Task<T> task) {
        own(task);
        Task<?> prev = currentTask;
        currentTask = task;
        Object prevCurrent = CurrentLoop.bind(face, this);
        try {
            task.start();
        } finally {
            currentTask = prev;
            CurrentLoop.restore(prevCurrent);
        }
        return task;
    }

    /** The coroutines of this loop's {@code launch} tasks. Loop thread. */
    CoroutineRegistry coroutines() {
        CoroutineRegistry r = coroutines;
        if (r == null) {
            coroutines = r = new CoroutineRegistry(this::nesting, this::nestedLoopOpenedInCoroutine);
            r.setMonitorCheck(debug);
        }
        return r;
    }

    /**
     * Where the loop thread is, as far as coroutines care: a coroutine may only suspend at the nesting it
     * was resumed at (else a callback of a nested event loop its body opened would suspend it, freezing
     * that loop). The runOnce depth, combined with the host's probe if it has one. Loop thread.
     */
    private int nesting() {
        IntSupplier p = nestingProbe;
        return p == null ? depth : 31 * depth + p.getAsInt();
    }

    /**
     * For hosts whose toolkit runs event handlers in nested event loops outside {@code runOnce} (a modal
     * dialog's {@code showAndWait()}, a {@code SecondaryLoop}): {@code probe}, read on the loop thread each
     * time a coroutine resumes and suspends, gives a value that differs inside such a nested loop from
     * outside it (for example a count of nested loops, or the identity of the event being dispatched). A
     * coroutine then refuses to suspend from code a nested loop it opened is running, with a clear error,
     * where it would otherwise freeze the nested loop. Null: runOnce nesting only. Safe from any thread;
     * set it before the first coroutine runs.
     */
    public void setNestingProbe(IntSupplier probe) {
        this.nestingProbe = probe;
    }

    /** The host's {@link #setNestedLoopCheck} at a suspend. Loop thread. */
    private boolean nestedLoopOpenedInCoroutine() {
        BooleanSupplier c = nestedLoopCheck;
        return c != null && c.getAsBoolean();
    }

    /**
     * The cheaper form of {@link #setNestingProbe}, for hosts that can tell from where the suspending code
     * runs: {@code check}, read on the loop thread each time a coroutine is about to suspend (never at a
     * resume), returns true when that code runs inside a nested event loop (a modal dialog's
     * {@code showAndWait()}) that the coroutine itself opened, that is, one entered since the coroutine was
     * resumed, above it on the thread's stack. The coroutine then refuses to suspend with the same clear
     * error as with a probe. A host may set both. Null: none. Safe from any thread; set it before the first
     * coroutine runs.
     */
    public void setNestedLoopCheck(BooleanSupplier check) {
        this.nestedLoopCheck = check;
    }

    @Override
    public LoopFuture<Void> sleep(Duration delay) {
        long d = Checks.delayNanos(delay);
        checkOpen("sleep");
        return SleepFuture.start(this, d);
    }

    @Override
    public <T> LoopFuture<T> runInExecutor(Callable<T> work) {
        Checks.notNull(work, "work"); // before creating the default executor
        return runInExecutor(defaultExecutor(), work);
    }

    @Override
    public <T> LoopFuture<T> runInExecutor(Executor executor, Callable<T> work) {
        Checks.notNull(executor, "executor");
        Checks.notNull(work, "work");
        checkOpen("run in executor");
        return ExecutorFuture.submit(this, executor, work);
    }

    @Override
    public <T> LoopFuture<T> runInExecutor(CancellableWork<T> work) {
        Checks.notNull(work, "work"); // before creating the default executor
        return runInExecutor(defaultExecutor(), work);
    }

    @Override
    public <T> LoopFuture<T> runInExecutor(Executor executor, CancellableWork<T> work) {
        Checks.notNull(executor, "executor");
        Checks.notNull(work, "work");
        checkOpen("run in executor");
        return ExecutorFuture.submit(this, executor, work);
    }

    @Override
    public <T> LoopFuture<T> completedFuture(T value) {
        LoopFuture<T> f = new LoopFuture<>(this);
        f.complete(value);
        return f;
    }

    @Override
    public <T> LoopFuture<T> failedFuture(Throwable failure) {
        Checks.notNull(failure, "failure");
        LoopFuture<T> f = new LoopFuture<>(this);
        f.completeExceptionally(failure);
        return f;
    }

    private ExecutorService defaultExecutor() {
        ExecutorService e = executor;
        if (e == null) {
            synchronized (this) {
                e = executor;
                if (e == null) {
                    checkOpen("run in executor");
                    executor = e = DefaultExecutors.create(name);
                }
            }
        }
        return e;
    }

    // ---- streams and subprocesses: the loop owns its I/O service, built on the public API ----

    @Override
    public LoopFuture<StreamConnection> openConnection(String host, int port, StreamLimits limits) {
        return io().openConnection(host, port, limits);
    }

    @Override
    public LoopFuture<StreamServer> startServer(Consumer<StreamConnection> handler, String host, int port, StreamLimits limits) {
        return io().startServer(handler, host, port, limits);
    }

    @Override
    public LoopFuture<Subprocess> subprocess(ProcessBuilder builder, StreamLimits limits) {
        return io().subprocess(builder, limits);
    }

    private IoService io() {
        IoService s = io;
        if (s == null) {
            synchronized (this) {
                s = io;
                if (s == null) {
                    checkOpen("open a stream or start a process");
                    io = s = new IoService(this, name);
                }
            }
        }
        return s;
    }

    @Override
    public <T> LoopFuture<T> wrapFuture(CompletionStage<T> other) {
        Checks.notNull(other, "other");
        return WrappedFuture.wrap(this, other);
    }

    @Override
    public <T> LoopFuture<T> waitFor(CompletionStage<T> stage, Duration timeout) {
        Checks.notNull(stage, "stage");
        long d = Checks.delayNanos(timeout, "timeout");
        checkOpen("wait for a stage");
        return WaitFor.start(this, stage, d, timeout);
    }

    @Override
    public <T> LoopFuture<List<T>> gather(List<? extends CompletionStage<? extends T>> stages) {
        checkOpen("gather");
        return Gather.gather(this, stages);
    }

    // =====================================================================================
    // Running: a bare GuestLoop has no host of its own
    // =====================================================================================

    @Override
    public <T> T runUntilComplete(CompletionStage<T> stage) {
        Checks.notNull(stage, "stage");
        throw new UnsupportedOperationException("a GuestLoop has no host of its own: drive it with runOnce()/nextTimeout(), "
                + "or use a host (StandaloneLoop, FxLoop, SwingLoop) to run until complete");
    }

    @Override
    public void runForever() {
        throw new UnsupportedOperationException("a GuestLoop has no host of its own: drive it with runOnce()/nextTimeout(), "
                + "or use a host (StandaloneLoop, FxLoop, SwingLoop) to run forever");
    }

    @Override
    public void stop() {
        throw new UnsupportedOperationException("a GuestLoop has no host of its own: its host decides when to stop calling runOnce()");
    }

    /**
     * Checks that a run of this loop's host can wait for {@code stage}. A {@link LoopFuture} of
     * <em>another</em> loop runs what depends on it, the run's own completion callback included, on that
     * loop's thread, so waiting for it while no thread drives that loop (a {@code StandaloneLoop} between
     * runs, a {@code GuestLoop} its host never ran or has left) would wait forever: asyncio refuses a
     * future of another loop at once ({@code ValueError}); so does this. A future of a loop that a thread
     * drives (a UI loop, a standalone loop running elsewhere) is fine, and so is any other stage. Hosts
     * call it at the start of {@code runUntilComplete} ({@code io.loopbridge.core.host.RunStack} does).
     * Safe from any thread.
     *
     * @throws IllegalArgumentException if {@code stage} is a future of another loop that no thread drives
     * @throws NullPointerException     if {@code stage} is null
     */
    public void checkAwaitable(CompletionStage<?> stage) {
        Checks.notNull(stage, "stage");
        if (!(stage instanceof LoopFuture)) return;
        GuestLoop other = ((LoopFuture<?>) stage).loop;
        if (other == this || other.closed) return; // a closed loop's futures are cancelled by its cleanup
        Thread t = other.owner;
        if (t == null || !t.isAlive()) {
            throw new IllegalArgumentException("stage: a future of " + other.face + ", which is not running"
                    + " (no thread drives it), so its completion could never reach " + face
                    + ": run that loop, or wait for a stage of this loop (expected: a future of a running loop)");
        }
    }

    /**
     * Whether a {@code runOnce} is executing (a bare GuestLoop has no runs of its own: its host's turns
     * are its runs). So it is true inside every callback. Safe from any thread (racy: from another thread
     * it may lag by a pass).
     */
    @Override
    public boolean isRunning() {
        return (int) DEPTH.getOpaque(this) > 0;
    }

    @Override
    public boolean inEventLoop() {
        return Thread.currentThread() == owner;
    }

    // =====================================================================================
    // Errors and debug
    // =====================================================================================

    @Override
    public void setExceptionHandler(ExceptionHandler handler) {
        this.handler = handler;
    }

    /** The handler set with {@link #setExceptionHandler}, or null for the default. Safe from any thread. */
    public ExceptionHandler getExceptionHandler() {
        return handler;
    }

    @Override
    public void callExceptionHandler(ErrorContext context) {
        Checks.notNull(context, "context");
        ExceptionHandler h = handler;
        if (h == null) {
            defaultHandler(context);
            return;
        }
        try {
            h.handle(context);
        } catch (Throwable e) {
            if (isFatal(e)) throw e;
            defaultHandler(new ErrorContext("Unhandled error in exception handler " + h, e, context.source()));
            defaultHandler(context);
        }
    }

    /** Logs through {@code System.Logger} "io.loopbridge" at ERROR. Never throws. */
    static void defaultHandler(ErrorContext c) {
        try {
            Object src = c.source();
            Throwable createdAt = src instanceof HandleImpl ? ((HandleImpl) src).createdAt
                    : src instanceof LoopFuture ? ((LoopFuture<?>) src).createdAt : null;
            String msg = c.message() + (src == null ? "" : "\n  source: " + src) + where(createdAt);
            LOG.log(System.Logger.Level.ERROR, msg, c.exception());
        } catch (Throwable ignored) {
            // the default handler never throws (a broken logger must not kill the loop)
        }
    }

    /**
     * For test hosts: from now on, remember every future of this loop that fails while nobody has
     * observed its failure, so that {@link #takeUnobservedFailures()} can name those still unobserved
     * (kotlinx-coroutines-test fails a test for them; the loop's "never retrieved" report waits for the
     * garbage collector). Safe from any thread.
     */
    public void trackUnobservedFailures() {
        if (unobserved == null) {
            synchronized (this) {
                if (unobserved == null) unobserved = new ConcurrentLinkedQueue<>();
            }
        }
    }

    /**
     * The failures of this loop's futures that failed since tracking began (or since the last call) and
     * that nobody has observed yet, one report each ("Future exception was never retrieved: ..."); those
     * returned are not reported again by the garbage collector. Empty unless {@link
     * #trackUnobservedFailures()} was called. Safe from any thread.
     */
    public List<ErrorContext> takeUnobservedFailures() {
        ConcurrentLinkedQueue<LoopFuture.Unretrieved> q = unobserved;
        if (q == null) return List.of();
        List<ErrorContext> out = new ArrayList<>();
        for (LoopFuture.Unretrieved u; (u = q.poll()) != null; ) {
            ErrorContext c = u.takeIfUnobserved();
            if (c != null) out.add(c);
        }
        return out;
    }

    /**
     * How many {@code runInExecutor} results are still on their way: work the loop handed to another thread
     * (which finishes on its own) whose future has not completed yet. A host that moves its own clock (a
     * test loop on virtual time) waits for them before it jumps to the next deadline, so real work is not
     * overtaken by virtual timeouts. Wrapped foreign stages are not counted: one may be a fake that the
     * test completes itself, or never (to test a timeout). Safe from any thread (a count that may change at
     * once).
     */
    public int pendingExecutorWork() {
        return crossThread.get();
    }

    @Override
    public List<Object> pendingWork() {
        checkLoopThread("pendingWork");
        List<Object> out = new ArrayList<>();
        if (closed) return out;
        timers.addPendingTo(out);
        owned.addPendingTo(out);
        return out;
    }

    /** A runInExecutor future began to wait for its worker (LoopFuture.awaitOtherThread). Any thread. */
    void crossThreadStarted() {
        crossThread.incrementAndGet();
    }

    /** A counted future completed. Any thread. */
    void crossThreadEnded() {
        crossThread.decrementAndGet();
    }

    /** A future failed unobserved (LoopFuture.failed): remember it if tracking is on. Any thread. */
    /**
     * Delivers a "never retrieved" report made by the Cleaner (any thread): to the exception handler on
     * the loop thread, by the next pass or, if the loop closes first, by the close's cleanup, so a report
     * is never lost with the callbacks a close cancels. Once the cleanup has run, to the default handler.
     */
    void reportCollected(ErrorContext c) {
        collectedReports.add(c);
        if (!closed) {
            try {
                callSoon(this::deliverCollectedReports);
                return;
            } catch (RuntimeException closedMeanwhile) {
                // the cleanup, or the lines below, deliver it
            }
        }
        if (!cleanedUp) return; // the cleanup has not read the queue yet and will
        for (ErrorContext r; (r = collectedReports.poll()) != null; ) defaultHandler(r);
    }

    /** Loop thread (or the cleanup's thread): hands every collected report to the exception handler. */
    private void deliverCollectedReports() {
        for (ErrorContext r; (r = collectedReports.poll()) != null; ) callExceptionHandler(r);
    }

    void failedUnobserved(LoopFuture.Unretrieved u) {
        ConcurrentLinkedQueue<LoopFuture.Unretrieved> q = unobserved;
        if (q != null) q.add(u);
    }

    void report(String message, Throwable e, Object source) {
        callExceptionHandler(new ErrorContext(message, e, source));
    }

    private static String where(Throwable createdAt) {
        if (createdAt == null) return "";
        StringBuilder sb = new StringBuilder("; scheduled at:");
        for (StackTraceElement e : createdAt.getStackTrace()) {
            if (e.getClassName().startsWith("io.loopbridge.core.")) continue;
            sb.append("\n\tat ").append(e);
        }
        return sb.toString();
    }

    @Override
    public void setDebug(boolean on) {
        debug = on;
        CoroutineRegistry r = coroutines;
        if (r != null) r.setMonitorCheck(on); // (a racy write of a flag the loop thread reads at each suspend)
    }

    @Override
    public boolean isDebug() {
        return debug;
    }

    @Override
    public void setSlowCallbackThreshold(Duration threshold) {
        slowNanos = Checks.delayNanos(threshold, "threshold");
    }

    /**
     * The confinement check of a loop-thread-only call named {@code what}: one volatile read. A loop no
     * thread is attached to (a StandaloneLoop between runs) belongs to whoever sets it up.
     */
    void checkLoopThread(String what) {
        Thread o = owner;
        if (o != null && o != Thread.currentThread()) {
            throw new IllegalStateException(what + "() is for the loop thread '" + o.getName() + "' of " + name
                    + ", but was called on thread '" + Thread.currentThread().getName() + "'");
        }
    }

    /** For assertions: the caller may touch loop-thread state (the loop thread, the setup thread of an unattached loop, or the close cleanup). */
    boolean confined() {
        Thread me = Thread.currentThread();
        Thread o = owner;
        return o == me || o == null || inlineDispatchThread == me;
    }

    void checkOpen(String what) {
        if (closed) throw new RejectedExecutionException("loop is closed: cannot " + what + " on " + name);
    }

    private RejectedExecutionException rejected(Object what) {
        return new RejectedExecutionException("loop is closed: cannot schedule " + what + " on " + name);
    }

    /** Errors that propagate out of runOnce instead of being reported: the JVM is in trouble. */
    static boolean isFatal(Throwable e) {
        return e instanceof VirtualMachineError && !(e instanceof StackOverflowError);
    }

    /** {@code e} without its {@link CompletionException} wrappers. */
    static Throwable unwrap(Throwable e) {
        while (e instanceof CompletionException && e.getCause() != null) e = e.getCause();
        return e;
    }

    // =====================================================================================
    // Closing
    // =====================================================================================

    /**
     * Closes the loop; idempotent. From now on scheduling throws {@link RejectedExecutionException} and
     * no callback starts (from another thread: except the one the loop thread may be starting at that
     * instant). Everything queued (callbacks, cross-thread submissions not taken in yet, timers, tasks and
     * futures) is cancelled, so that its handles report {@code isCancelled()}, by the loop thread's
     * cleanup, which runs at once if called there outside a callback or if no thread is attached, at the
     * end of the current {@code runOnce} (or at the next {@code runOnce} a nested host loop makes) if
     * called from a callback, and on the host's next {@code runOnce} (the host is woken) if called from
     * another thread. A submission racing with {@code close()} either runs, or is cancelled by that
     * cleanup, or is rejected: never lost (see {@code pushRemote}). So from another thread,
     * {@code isClosed()} may be true while some handles do not report cancelled yet; hosts whose
     * {@code close()} waits for the cleanup (the JavaFX and Swing loops) return with everything
     * cancelled. If the loop thread has terminated (a toolkit that exited, whose thread will never run
     * {@code runOnce} again), the closing thread does the cleanup itself. Safe from any thread.
     */
    @Override
    public void close() {
        if (!closed) {
            synchronized (this) {
                if (closed) return;
                closed = true; // before the cleanup reads the inboxes' tails: see pushRemote
            }
            ExecutorService e = executor;
            if (e != null) e.shutdownNow();
            IoService s = io;
            if (s != null) s.close(); // closes every socket and server, kills the processes, ends the I/O thread
        }
        Thread o = owner;
        // A terminated owner's writes happen-before isAlive() returning false, so its state is safe to touch.
        if (o == null || !o.isAlive() || (o == Thread.currentThread() && depth == 0)) {
            cleanUpAfterClose();
        } else if (o != Thread.currentThread()) {
            requestWakeUp(); // coalesced like any other: an outstanding wake-up already brings the host
        }
    }

    /** The loop-thread half of close(): cancel what is queued, then tasks and futures. Runs once. */
    private void cleanUpAfterClose() {
        synchronized (this) {
            if (cleanedUp) return;
            cleanedUp = true;
            uncountOwner(); // a closed loop makes its thread no loop's thread (if the cleanup runs there)
        }
        // Every submission enqueued before these reads of the tails was accepted: cancel it (its producer
        // saw the loop open). Later ones are withdrawn by their producers (pushRemote).
        queue.cancelAll();
        timers.cancelAll();
        deliverCollectedReports(); // their delivery callbacks were among those just cancelled
        inlineDispatchThread = Thread.currentThread();
        try {
            closeCoroutines();
            List<LoopFuture<?>> pending = owned.takeAll();
            for (LoopFuture<?> f : pending) f.cancel(true);
            // what ignored its cancellation is cancelled for good: nobody waits on a closed loop forever
            for (LoopFuture<?> f : pending) if (f instanceof Task) ((Task<?>) f).forceCancelled();
        } finally {
            inlineDispatchThread = null;
        }
        queue.cancelAll(); // nothing can be queued now, but be sure
    }

    /**
     * Resumes every suspended coroutine with a CancellationException at its await, so every finally block
     * runs; from now on an await in them throws instead of suspending. Part of the cleanup.
     */
    private void closeCoroutines() {
        CoroutineRegistry r = coroutines;
        if (r == null) return;
        try {
            r.closeAll(() -> new CancellationException("the loop was closed: " + name));
        } catch (RuntimeException e) {
            report("A coroutine failed while its loop closed", e, null);
        } catch (Error e) {
            if (isFatal(e)) throw e;
            report("A coroutine failed while its loop closed", e, null);
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public LoopStats stats() {
        return new LoopStats(queue.readyCount(), timers.size(), owned.size(), (long) CALLBACKS_RUN.getOpaque(this), (long) ITERATIONS.getOpaque(this));
    }

    /** The face reported by {@link LoopFuture#loop()}. */
    EventLoop face() {
        return face;
    }

    // ---- white-box views for the package's tests ----

    /** The run queue. */
    RunQueue runQueue() {
        return queue;
    }

    /** The timers. */
    Timers timers() {
        return timers;
    }

    /** Linked owned futures: what close() would still cancel. Loop thread. */
    int pendingOwned() {
        owned.takeInRemote();
        return owned.size();
    }

    /**
     * Names the loop for its messages and threads (its executor's workers {@code NAME-worker-N}, its I/O
     * thread {@code NAME-io}): a host sets the name its users know, such as {@code FxLoop-1}, before the
     * loop is used. Threads started before keep their names. Safe from any thread.
     */
    public void setName(String name) {
        this.name = Checks.notNull(name, "name");
    }

    /** The loop's name, for messages (GuestLoop-N unless a host set another). */
    String name() {
        return name;
    }

    @Override
    public String toString() {
        Thread o = owner;
        return name + "[thread=" + (o == null ? "none" : o.getName()) + ", ready=" + queue.readyCount() + ", timers="
                + timers.size() + (closed ? ", closed" : "") + (debug ? ", debug" : "") + "]";
    }
}
