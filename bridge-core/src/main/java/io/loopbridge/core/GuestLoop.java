package io.loopbridge.core;

import io.loopbridge.core.internal.Checks;
import io.loopbridge.core.internal.CurrentLoop;
import io.loopbridge.core.internal.DefaultExecutors;
import io.loopbridge.core.internal.io.IoService;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
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
 * throws. {@code callSoon}, {@code execute}, {@code callLater}, {@code callAt}, {@code createTask},
 * {@code close} and the read-only queries are safe from any thread; the rest is loop thread only (checked
 * always where cheap, and in debug mode elsewhere).
 *
 * <p><b>Happens-before.</b> Actions of a thread before it submits a callback happen-before the callback
 * runs (a cross-thread submission is published by the inbox's release store, which {@code runOnce}'s
 * intake reads with acquire; see {@link Inbox}).
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
    /** How many times the intake re-reads a link a producer has not written yet before it yields the CPU once. */
    private static final int GAP_SPINS = 64;
    private static final AtomicInteger IDS = new AtomicInteger();

    private final HostWaker waker;
    private final LongSupplier clock;
    private final String name;

    /** The loop thread, or null before the first runOnce()/attachThread(). Written under {@code this}. */
    private volatile Thread owner;
    /** What EventLoop.current() and LoopFuture.loop() report: this, or the host's facade. */
    private volatile EventLoop face = this;

    // ---- the ready list: an intrusive FIFO of handles. Loop thread only. ----
    private HandleImpl readyHead;
    private HandleImpl readyTail;
    private int readySize;
    /**
     * How many handles at the head of the ready list belong to the snapshot(s) being run. One field for
     * the whole loop, not one per runOnce call: a nested runOnce (opened by a callback through a modal
     * dialog) takes the whole ready list as its snapshot, runs it, and leaves 0 here, so the outer call
     * ends without running anything twice and without losing or reordering anything.
     */
    private int toRun;
    /** runOnce nesting depth. Loop thread only. */
    private int depth;

    // ---- cross-thread submissions (see pushInbox for how close() seals them) ----
    /**
     * Callbacks submitted from other threads ({@code callSoon}, {@code execute}, continuations, task
     * starts), in FIFO order. runOnce takes them in lazily, one at a time and under its budget, where an
     * {@link Intake} entry of the ready list says: so the intake of a flood costs no more time per pass
     * than running it. Invariant: every handle in the ready list was submitted before every handle in
     * here, so the two make one FIFO line across threads (as asyncio's call_soon_threadsafe and Netty's
     * task queue do): while this is not empty, the loop thread queues its own submissions here too,
     * behind them.
     */
    private final Inbox inbox = new Inbox();
    /**
     * Timers scheduled from other threads. runOnce moves all of them (up to the tail it read on entry)
     * into the heap before it looks for due timers: the heap orders them, and a cross-thread
     * {@code callLater(0)} made before a pass runs in that pass.
     */
    private final Inbox timerInbox = new Inbox();
    /**
     * The end of the newest {@link Intake} entry in the ready list: inbox nodes up to it are spoken for.
     * Invariant: the Intake entries of the ready list have increasing ends, in inbox order, the first
     * one's segment starting at the inbox's consumer position; with no Intake entry, the consumer
     * position is this node. Loop thread only.
     */
    private HandleImpl intakeEnd;
    /** How many {@link Intake} entries the ready list holds (they are not callbacks). Loop thread only. */
    private int readyIntakes;
    /** A popped {@link Intake} kept for reuse: a pass that takes in a flood allocates nothing. Loop thread only. */
    private Intake spareIntake;
    /** The one coalescing wake-up flag; see {@link HostWaker}. */
    private final AtomicBoolean wakePending = new AtomicBoolean();

    // ---- timers ----
    private final TimerQueue timers = new TimerQueue();
    /** Scheduling sequence for timers, the tie-breaker of equal deadlines. */
    private final AtomicLong timerSeq = new AtomicLong();
    /** Timers cancelled from other threads since the last purge (they are still in the heap). */
    private final AtomicInteger remoteCancels = new AtomicInteger();

    // ---- tasks and owned futures. Loop thread only. ----
    /** The task whose callback is running, or null. */
    Task<?> currentTask;
    /** Pending tasks and leaf futures, cancelled by close(). */
    private final LiveList live = new LiveList();
    /**
     * Set (from any thread) when an owned future failed unobserved: the next runOnce drops the done entries
     * of {@link #live}, which would otherwise keep that future reachable -- and its "never retrieved"
     * report unmade -- until the list next grew past its prune threshold or the loop closed.
     */
    private volatile boolean pruneLive;
    /**
     * Loop futures that finished since {@link #live} was last pruned (counted by every LoopFuture's
     * complete, completeExceptionally and cancel; from any thread, racily: a lost increment only delays a
     * prune). runOnce prunes once more than half of the list may be done, so finished futures and tasks
     * (and their results, and the CancellationException each cancelled one holds) are let go of in
     * amortised O(1) per completion, however large the list once grew; without it, the list dropped done
     * entries only when it doubled past its peak size, and a burst of a million cancelled sleeps kept
     * 2 GB reachable until close().
     */
    private volatile int finishedOwned;
    /** {@link #finishedOwned} below this never triggers a prune (LiveList prunes small lists as it grows). */
    private static final int MIN_FINISHED_PRUNE = 64;

    // ---- lifecycle ----
    /** Set once by close(); never cleared. */
    private volatile boolean closed;
    /** Whether close()'s loop-thread cleanup has run. Guarded by {@code this}. */
    private boolean cleanedUp;
    /** During cleanup, continuations run inline on the closing thread instead of being queued. */
    private Thread inlineDispatchThread;

    // ---- errors, debug, executor ----
    private volatile ExceptionHandler handler;
    private volatile boolean debug;
    private volatile long slowNanos = DEFAULT_SLOW_NANOS;
    private volatile ExecutorService executor;
    /** The loop's sockets, servers and processes (and its I/O thread); created by the first of them, under {@code this}. */
    private volatile IoService io;

    // ---- stats: written by the loop thread only, with opaque stores (untorn, but no fence: a volatile
    // store here cost ~10 ns per runOnce on x86); read racily by stats(), which may lag by a pass ----
    private long callbacksRun;
    private long iterations;
    private static final VarHandle CALLBACKS_RUN;
    private static final VarHandle ITERATIONS;
    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            CALLBACKS_RUN = l.findVarHandle(GuestLoop.class, "callbacksRun", long.class);
            ITERATIONS = l.findVarHandle(GuestLoop.class, "iterations", long.class);
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
        this.intakeEnd = inbox.last(); // its stub: nothing spoken for yet
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
        wakePending.set(false); // before reading the inboxes' tails: a submission not in the snapshot re-wakes
        takeTimerInbox();
        markIntake(true); // a nested pass takes the whole ready list as its snapshot: growing is exact
        purgeTimersIfMostlyCancelled();
        pruneLiveIfDue();
        // The clock is read only when something needs it: System.nanoTime() is ~25 ns on a VM, as much as
        // the rest of an idle pass.
        long now = (timers.isEmpty() && budgetNanos == Long.MAX_VALUE) ? 0 : clock.getAsLong();
        // Deadlines are compared as absolute values, as the heap orders them: they are saturated, never
        // wrapped, so "when - now <= 0" would overflow for far deadlines (callAt(Long.MIN_VALUE), or
        // Long.MAX_VALUE while the clock reads negative, as System.nanoTime() may).
        for (TimerHandleImpl t; (t = timers.peek()) != null && t.when <= now; ) {
            timers.poll();
            if (t.isPending()) appendReady(t);
        }
        toRun = readySize;
        ITERATIONS.setOpaque(this, iterations + 1);
        Object prevCurrent = CurrentLoop.bind(face, this);
        depth++;
        int ran = 0;
        try {
            int stride = 1;
            int sinceCheck = 0;
            long lastCheck = now;
            while (toRun > 0) {
                HandleImpl h = readyHead;
                boolean more; // whether more of the snapshot waits behind h
                if (h instanceof Intake) { // the next cross-thread callback of the snapshot, if any is left
                    Intake segment = (Intake) h;
                    if (inbox.reached(segment.end)) {
                        popIntake();
                        continue;
                    }
                    h = inbox.poll();
                    if (h == null && (h = awaitLink(inbox)) == null) break; // the gap: see runOnce's javadoc
                    more = toRun > 1 || !inbox.reached(segment.end);
                } else {
                    popReady();
                    more = --toRun > 0;
                }
                if (!h.claim()) continue; // cancelled after it was queued
                ran++;
                // With more of the snapshot behind h, a wake-up is pending before h runs: if h opens a nested
                // host loop (a modal dialog), that loop calls runOnce and runs the rest now, not after the
                // dialog closes. Coalesced (one flag): at most one per pass, none for a pass of one callback.
                if (more) requestWakeUp();
                runHandle(h);
                if (closed) break;
                if (budgetNanos != Long.MAX_VALUE && ++sinceCheck >= stride) {
                    long t = clock.getAsLong();
                    if (t - now >= budgetNanos) break;
                    stride = (t - lastCheck < CHEAP_STRIDE_NANOS) ? Math.min(stride * 2, MAX_BUDGET_STRIDE) : 1;
                    sinceCheck = 0;
                    lastCheck = t;
                }
            }
        } finally {
            depth--;
            CurrentLoop.restore(prevCurrent);
            CALLBACKS_RUN.setOpaque(this, callbacksRun + ran);
        }
        if (closed && depth == 0) cleanUpAfterClose();
        else if (depth == 0) pruneLiveIfDue(); // what finished in this pass, not at the next event (the app may idle now)
        return ran;
    }

    /** Drops finished entries of {@link #live} if a failure is unobserved or many finished. Loop thread. */
    private void pruneLiveIfDue() {
        int finished = finishedOwned;
        if (pruneLive || (finished >= MIN_FINISHED_PRUNE && finished > live.size() / 2)) {
            pruneLive = false;
            finishedOwned = 0;
            live.pruneDone();
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
        // Intake entries are not work of their own: what they stand for is in the inbox until taken in
        // (an entry whose segment was all taken in, e.g. while its last callback runs, stands for nothing).
        if (readySize > readyIntakes || !inbox.isEmpty() || !timerInbox.isEmpty()) return 0;
        TimerHandleImpl t;
        while ((t = timers.peek()) != null && t.isCancelled()) timers.poll();
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
            owner = null;
            // close() sets 'closed' under this lock, then reads 'owner': it sees null (and cleans up
            // itself) or we see 'closed' here. The cleanup runs once either way.
            closedMeanwhile = closed;
        }
        if (closedMeanwhile) cleanUpAfterClose();
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

    @Override
    public Handle callSoon(Runnable callback) {
        Checks.notNull(callback, "callback");
        HandleImpl h = new HandleImpl(this, callback, null);
        submit(h, Thread.currentThread() == owner ? currentTask : null);
        return h;
    }

    /** Queues {@code h}: appended on the loop thread, pushed to the inbox from others. */
    private void submit(HandleImpl h, Task<?> task) {
        if (debug) h.createdAt = new Throwable("scheduled here");
        if (Thread.currentThread() == owner) {
            if (closed) throw rejected(h.callback);
            h.task = task;
            markIntake(depth == 0); // FIFO across threads: cross-thread callbacks enqueued before h go first
            appendReady(h);
            // Wake even inside runOnce (coalesced): a UI event handler may run in a nested host loop
            // (a modal dialog) opened by a callback, where no host turn is due to re-read nextTimeout().
            requestWakeUp();
        } else {
            h.task = task;
            pushInbox(inbox, h);
        }
    }

    /**
     * Dispatches a continuation in {@code task}'s context. During close()'s cleanup it runs inline on
     * the closing thread, so that cancellation can propagate through future chains of a closed loop.
     */
    void dispatch(Runnable r, Task<?> task) {
        Thread me = Thread.currentThread();
        if (inlineDispatchThread == me) {
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
            return;
        }
        HandleImpl h = new HandleImpl(this, r, null);
        if (me == owner) {
            if (closed) throw rejected(r);
            if (debug) h.createdAt = new Throwable("scheduled here");
            h.task = task;
            markIntake(depth == 0); // FIFO across threads: see submit()
            appendReady(h);
            requestWakeUp(); // even inside runOnce: see submit()
        } else {
            h.task = task;
            pushInbox(inbox, h);
        }
    }

    /**
     * Enqueues {@code h} from a thread other than the loop thread, then wakes the host (coalesced).
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
    private void pushInbox(Inbox q, HandleImpl h) {
        Object what = h.callback;
        if (closed) throw rejected(what);
        q.offer(h);
        if (closed && h.withdraw()) throw rejected(what);
        requestWakeUp();
    }

    /**
     * After {@code q.poll()} found a gap (a producer between its swap and its link), re-reads the link
     * {@value #GAP_SPINS} times and then yields the CPU once (the producer may be preempted, and this
     * machine may have fewer CPUs than runnable threads). Returns the node, or null if it is still not
     * linked: the pass then ends, and the next one continues there. Loop thread only.
     */
    private static HandleImpl awaitLink(Inbox q) {
        for (int i = 0; i < GAP_SPINS; i++) {
            Thread.onSpinWait();
            HandleImpl h = q.poll();
            if (h != null) return h;
        }
        Thread.yield();
        return q.poll();
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

    /** Loop thread, on entry to runOnce: moves the cross-thread timers enqueued so far into the heap. */
    private void takeTimerInbox() {
        Inbox q = timerInbox;
        HandleImpl end = q.last(); // bounds the work: producers may keep adding
        while (!q.reached(end)) {
            HandleImpl t = q.poll();
            if (t == null && (t = awaitLink(q)) == null) return; // the gap: the next pass takes the rest
            if (t.isPending()) timers.add((TimerHandleImpl) t);
        }
    }

    /**
     * Loop thread, on entry to runOnce and before each loop-thread submission: speaks for the
     * cross-thread callbacks enqueued so far by putting an {@link Intake} entry for them at the end of the
     * ready list, or by growing the one already last if {@code mayGrow}. So the ready list and the inbox
     * make one FIFO line across threads (as asyncio's call_soon_threadsafe and Netty's task queue do): a
     * loop-thread submission queues behind every cross-thread one enqueued before it. During a pass a
     * submission must not grow the last entry, which may belong to the pass's snapshot (it would take in
     * work enqueued after the pass began); on entry to a pass, and between passes, growing is exact.
     */
    private void markIntake(boolean mayGrow) {
        HandleImpl end = inbox.last();
        if (end == intakeEnd) return;
        intakeEnd = end;
        if (mayGrow && readyTail instanceof Intake) {
            ((Intake) readyTail).end = end; // nothing was queued behind it: the newest segment grows
            return;
        }
        Intake m = spareIntake;
        if (m == null) m = new Intake();
        else spareIntake = null;
        m.end = end;
        appendReady(m);
        readyIntakes++;
    }

    /** Loop thread: drops the ready list's first entry, an {@link Intake} whose segment was all taken in. */
    private void popIntake() {
        Intake m = (Intake) popReady();
        toRun--;
        readyIntakes--;
        m.end = null;
        spareIntake = m;
    }

    /**
     * A ready-list entry that stands for the cross-thread callbacks in the {@link #inbox} from the
     * consumer's position up to and including {@link #end}, in their inbox order. It keeps their place in
     * line: loop-thread work queued after the pass that marked them runs after them. Never claimed, never
     * run; see {@link #intakeEnd} for the invariants.
     */
    private static final class Intake extends HandleImpl {
        /** The last inbox node of the segment. Loop thread only. */
        HandleImpl end;

        Intake() {
            super(null, null, null);
        }

        @Override
        public String toString() {
            return "intake of cross-thread callbacks up to " + end;
        }
    }

    private void appendReady(HandleImpl h) {
        if (readyTail == null) readyHead = h;
        else readyTail.next = h;
        readyTail = h;
        readySize++;
    }

    private HandleImpl popReady() {
        HandleImpl h = readyHead;
        readyHead = h.next;
        if (readyHead == null) readyTail = null;
        h.next = null;
        readySize--;
        return h;
    }

    /** THE single place where scheduled callbacks are invoked. Loop thread only. */
    private void runHandle(HandleImpl h) {
        Runnable cb = h.callback;
        h.callback = null;
        Task<?> prevTask = currentTask;
        currentTask = h.task;
        h.task = null;
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
    public TimerHandle callLater(Duration delay, Runnable callback) {
        long d = Checks.delayNanos(delay);
        Checks.notNull(callback, "callback");
        return scheduleTimer(Checks.saturatedAdd(clock.getAsLong(), d), callback, true);
    }

    @Override
    public TimerHandle callAt(long deadline, Runnable callback) {
        Checks.notNull(callback, "callback");
        return scheduleTimer(deadline, callback, true);
    }

    /** Schedules a timer; {@code owned} makes it a child of the current task. */
    TimerHandleImpl scheduleTimer(long deadline, Runnable callback, boolean owned) {
        TimerHandleImpl t = new TimerHandleImpl(this, callback, null, deadline, timerSeq.getAndIncrement());
        if (debug) t.createdAt = new Throwable("scheduled here");
        if (Thread.currentThread() == owner) {
            if (closed) throw rejected(callback);
            Task<?> task = currentTask;
            t.task = task;
            TimerHandleImpl first = timers.peek();
            timers.add(t);
            if (owned && task != null) task.addChild(t);
            // The host does not re-read nextTimeout() unless told (inside runOnce neither, if a callback
            // is pumping a nested host loop; see submit()): wake it if this timer is now the earliest.
            if (first == null || t.before(first)) requestWakeUp();
        } else {
            pushInbox(timerInbox, t); // wakes the host, which re-reads nextTimeout(): an earlier deadline is seen
        }
        return t;
    }

    /** Called by a timer's cancel(), on the cancelling thread. */
    void timerCancelled(TimerHandleImpl t) {
        if (Thread.currentThread() == owner) {
            timers.remove(t);
        } else {
            remoteCancels.incrementAndGet();
        }
    }

    private void purgeTimersIfMostlyCancelled() {
        int rc = remoteCancels.get();
        if (rc > 0 && rc > timers.size() / 2) {
            remoteCancels.addAndGet(-rc);
            timers.purgeCancelled();
        }
    }

    // =====================================================================================
    // Futures and tasks
    // =====================================================================================

    @Override
    public <T> LoopFuture<T> createFuture() {
        debugCheckThread("createFuture");
        checkOpen("create a future");
        LoopFuture<T> f = new LoopFuture<>(this);
        own(f);
        return f;
    }

    /** A future failed and nobody observed it yet: let go of it at the next runOnce. Any thread. */
    void unobservedFailure() {
        pruneLive = true;
    }

    /** A loop future finished (see {@link #finishedOwned}). Any thread. */
    void ownedFinished() {
        finishedOwned++; // not atomic, on purpose: see the field
    }

    /** Registers a leaf future (or task) with the loop and with the current task. */
    void own(LoopFuture<?> f) {
        if (debug && f.createdAt == null) f.createdAt = new Throwable("created here");
        if (Thread.currentThread() != owner && owner != null) return; // not loop-thread: cannot track
        live.add(f);
        Task<?> t = currentTask;
        if (t != null && t != f) t.addChild(f);
    }

    @Override
    public <T> Task<T> createTask(Supplier<? extends CompletionStage<T>> body) {
        Checks.notNull(body, "body");
        Task<T> task = new Task<>(this, body);
        if (debug) task.createdAt = new Throwable("created here"); // here, not where it starts
        TaskStart start = new TaskStart(this, task);
        task.startHandle = start;
        if (Thread.currentThread() == owner) {
            if (closed) throw rejected(body);
            own(task);
            start.owned = true;
        }
        submit(start, task);
        return task;
    }

    @Override
    public <T> Task<T> createEagerTask(Supplier<? extends CompletionStage<T>> body) {
        Checks.notNull(body, "body");
        checkLoopThread("createEagerTask");
        checkOpen("create a task");
        Task<T> task = new Task<>(this, body);
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

    /** The start of a task: a handle whose cancellation (by close) cancels the task. */
    private static final class TaskStart extends HandleImpl implements Runnable {
        private final Task<?> task;
        /** Whether createTask registered the task already (it ran on the loop thread). */
        boolean owned;

        TaskStart(GuestLoop loop, Task<?> task) {
            super(loop, null, task);
            this.task = task;
            this.callback = this;
        }

        @Override
        public void run() {
            GuestLoop l = loop;
            if (!owned && l.owner == Thread.currentThread() && !task.isDone()) {
                // submitted from another thread: register now, on the loop thread
                Task<?> prev = l.currentTask;
                l.currentTask = null;
                try {
                    l.own(task);
                } finally {
                    l.currentTask = prev;
                }
            }
            task.start();
        }

        @Override
        void cancelled() {
            task.abandon();
        }

        @Override
        public String toString() {
            return "start of " + task;
        }
    }

    @Override
    public LoopFuture<Void> sleep(Duration delay) {
        long d = Checks.delayNanos(delay);
        debugCheckThread("sleep");
        checkOpen("sleep");
        SleepFuture f = new SleepFuture(this);
        own(f);
        f.timer = scheduleTimer(Checks.saturatedAdd(clock.getAsLong(), d), f, false);
        return f;
    }

    private static final class SleepFuture extends LoopFuture<Void> implements Runnable {
        TimerHandleImpl timer;

        SleepFuture(GuestLoop loop) {
            super(loop);
        }

        @Override
        public void run() { // the timer fired
            timer = null;
            complete(null);
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean r = super.cancel(mayInterruptIfRunning);
            TimerHandleImpl t = timer;
            if (r && t != null) {
                timer = null;
                t.cancel();
            }
            return r;
        }

        @Override
        public String toString() {
            return "sleep" + super.toString();
        }
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
        debugCheckThread("runInExecutor");
        checkOpen("run in executor");
        ExecutorFuture<T> f = new ExecutorFuture<>(this, work);
        own(f);
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

    /** The future of executor work: cancelling it interrupts the worker that runs it. */
    private static final class ExecutorFuture<T> extends LoopFuture<T> {
        private Callable<T> work;
        /** The worker thread while the work runs; guarded by {@code this}. */
        private Thread runner;

        ExecutorFuture(GuestLoop loop, Callable<T> work) {
            super(loop);
            this.work = work;
        }

        void runWork() {
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
                // complete on the loop thread, like asyncio's call_soon_threadsafe(fut.set_result)
                loop.dispatch(() -> {
                    if (e == null) complete(v);
                    else completeExceptionally(e);
                }, null);
            } catch (RejectedExecutionException closed) {
                // the loop closed meanwhile; close() cancelled this future
                if (!isDone()) cancel(false);
            }
            if (e instanceof VirtualMachineError && !(e instanceof StackOverflowError)) throw (Error) e;
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
        if (other instanceof LoopFuture && ((LoopFuture<?>) other).loop == this) return (LoopFuture<T>) other;
        debugCheckThread("wrapFuture");
        checkOpen("wrap a future");
        WrappedFuture<T> f = new WrappedFuture<>(this, other);
        own(f);
        if (other instanceof LoopFuture) ((LoopFuture<?>) other).markObserved();
        other.whenComplete((v, e) -> {
            if (f.isDone()) return;
            try {
                dispatch(() -> {
                    if (e != null) f.completeExceptionally(unwrap(e));
                    else f.complete(v);
                }, null);
            } catch (RejectedExecutionException closed) {
                // close() cancelled f
            }
        });
        return f;
    }

    private static final class WrappedFuture<T> extends LoopFuture<T> {
        private final CompletionStage<T> foreign;

        WrappedFuture(GuestLoop loop, CompletionStage<T> foreign) {
            super(loop);
            this.foreign = foreign;
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean r = super.cancel(mayInterruptIfRunning);
            if (r) cancelStage(foreign, mayInterruptIfRunning);
            return r;
        }
    }

    static void cancelStage(CompletionStage<?> s, boolean mayInterrupt) {
        try {
            s.toCompletableFuture().cancel(mayInterrupt);
        } catch (UnsupportedOperationException ignored) {
            // a stage that cannot be cancelled from outside
        }
    }

    @Override
    public <T> LoopFuture<T> waitFor(CompletionStage<T> stage, Duration timeout) {
        Checks.notNull(stage, "stage");
        long d = Checks.delayNanos(timeout, "timeout");
        debugCheckThread("waitFor"); // wrapFuture does not check a future of this loop
        LoopFuture<T> inner = wrapFuture(stage);
        inner.markObserved();
        WaitForFuture<T> out = new WaitForFuture<>(this, inner);
        own(out);
        if (inner.isDone()) {
            copyOutcome(inner, out);
            return out;
        }
        // At the deadline the stage is cancelled and out waits for it to end (asyncio 3.12's wait_for):
        // ended cancelled, out fails with TimeoutException; a value or another failure (a cleanup that
        // caught the cancellation) wins. A zero or negative timeout cancels at once: a task not yet
        // started never runs.
        if (d == 0) {
            out.timedOut = true;
            inner.cancel(true);
        } else {
            out.timer = scheduleTimer(Checks.saturatedAdd(clock.getAsLong(), d), () -> {
                out.timer = null;
                if (out.isDone()) return;
                if (inner.isDone() || isDone(stage)) { // a result that arrived at the deadline wins
                    copyOutcome(inner.isDone() ? inner : stage.toCompletableFuture(), out);
                    return;
                }
                out.timedOut = true;
                inner.cancel(true);
            }, false);
        }
        inner.whenCompleteInternal((v, e) -> {
            out.cancelTimer();
            if (!out.isDone()) {
                Throwable x = e == null ? null : unwrap(e);
                if (x == null) {
                    out.complete(v);
                } else if (out.timedOut && x instanceof java.util.concurrent.CancellationException) {
                    TimeoutException te = new TimeoutException("waitFor: no result within " + timeout);
                    te.initCause(x);
                    out.completeExceptionally(te);
                } else {
                    out.completeExceptionally(x);
                }
            }
        });
        return out;
    }

    private static boolean isDone(CompletionStage<?> s) {
        try {
            return s.toCompletableFuture().isDone();
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }

    private static final class WaitForFuture<T> extends LoopFuture<T> {
        private final LoopFuture<T> inner;
        TimerHandleImpl timer;
        /** The deadline passed and the stage was cancelled: its cancellation becomes a TimeoutException. */
        boolean timedOut;

        WaitForFuture(GuestLoop loop, LoopFuture<T> inner) {
            super(loop);
            this.inner = inner;
        }

        void cancelTimer() {
            TimerHandleImpl t = timer;
            timer = null;
            if (t != null) t.cancel();
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean r = super.cancel(mayInterruptIfRunning);
            if (r) {
                cancelTimer();
                inner.cancel(mayInterruptIfRunning);
            }
            return r;
        }
    }

    static <T> void copyOutcome(CompletableFuture<? extends T> from, CompletableFuture<T> to) {
        try {
            to.complete(from.getNow(null));
        } catch (CompletionException e) {
            to.completeExceptionally(unwrap(e));
        } catch (java.util.concurrent.CancellationException e) {
            to.completeExceptionally(e);
        }
    }

    @Override
    public <T> LoopFuture<List<T>> gather(List<? extends CompletionStage<? extends T>> stages) {
        debugCheckThread("gather"); // wrapFuture checks only for stages of other loops
        return Gather.gather(this, stages, false);
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

    /** Whether a {@code runOnce} is executing. Loop thread. */
    @Override
    public boolean isRunning() {
        return depth > 0;
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

    void report(String message, Throwable e, Object source) {
        callExceptionHandler(new ErrorContext(message, e, source));
    }

    @Override
    public void setDebug(boolean on) {
        debug = on;
    }

    @Override
    public boolean isDebug() {
        return debug;
    }

    @Override
    public void setSlowCallbackThreshold(Duration threshold) {
        long n = Checks.delayNanos(threshold, "threshold");
        slowNanos = n;
    }

    private void debugCheckThread(String what) {
        if (debug) checkLoopThread(what);
    }

    void checkLoopThread(String what) {
        Thread o = owner;
        if (o != null && o != Thread.currentThread()) {
            throw new IllegalStateException(what + "() is for the loop thread '" + o.getName() + "' of " + name
                    + ", but was called on thread '" + Thread.currentThread().getName() + "'");
        }
    }

    private void checkOpen(String what) {
        if (closed) throw new RejectedExecutionException("loop is closed: cannot " + what + " on " + name);
    }

    private RejectedExecutionException rejected(Object what) {
        return new RejectedExecutionException("loop is closed: cannot schedule " + what + " on " + name);
    }

    static boolean isFatal(Throwable e) {
        return e instanceof VirtualMachineError && !(e instanceof StackOverflowError);
    }

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
     * cleanup, or is rejected: never lost (see {@code pushInbox}). So from another thread,
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
                closed = true; // before the cleanup reads the inboxes' tails: see pushInbox
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
        }
        while (readyHead != null) popReady().cancel(); // Intake entries too: harmless
        readyIntakes = 0;
        toRun = 0;
        // Every submission enqueued before this read of the tails was accepted: cancel it (its producer
        // saw the loop open). Later ones are withdrawn by their producers (pushInbox).
        for (HandleImpl end = inbox.last(), h; (h = inbox.pollWaiting(end)) != null; ) h.cancel();
        for (HandleImpl end = timerInbox.last(), h; (h = timerInbox.pollWaiting(end)) != null; ) h.cancel();
        intakeEnd = inbox.last();
        for (TimerHandleImpl t : timers.drainAll()) t.cancel();
        inlineDispatchThread = Thread.currentThread();
        try {
            List<Object> pending = live.takePending();
            for (Object o : pending) if (o instanceof LoopFuture) ((LoopFuture<?>) o).cancel(true);
            // what ignored its cancellation is cancelled for good: nobody waits on a closed loop forever
            for (Object o : pending) if (o instanceof Task) ((Task<?>) o).forceCancelled();
        } finally {
            inlineDispatchThread = null;
        }
        while (readyHead != null) popReady().cancel(); // nothing can be queued now, but be sure
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public LoopStats stats() {
        return new LoopStats(readySize - readyIntakes, timers.size(), (long) CALLBACKS_RUN.getOpaque(this), (long) ITERATIONS.getOpaque(this));
    }

    /** The face reported by {@link LoopFuture#loop()}. */
    EventLoop face() {
        return face;
    }

    @Override
    public String toString() {
        Thread o = owner;
        return name + "[thread=" + (o == null ? "none" : o.getName()) + ", ready=" + readySize + ", timers="
                + timers.size() + (closed ? ", closed" : "") + (debug ? ", debug" : "") + "]";
    }
}
