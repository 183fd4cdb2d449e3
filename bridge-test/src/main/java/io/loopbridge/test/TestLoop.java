package io.loopbridge.test;

import io.loopbridge.core.ErrorContext;
import io.loopbridge.core.EventLoop;
import io.loopbridge.core.ExceptionHandler;
import io.loopbridge.core.ForwardingEventLoop;
import io.loopbridge.core.GuestLoop;
import io.loopbridge.core.LoopFuture;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * An {@link EventLoop} on <b>virtual time</b>, driven by the test thread: code under test schedules its
 * timers, sleeps, timeouts and debounces on it as on any loop, and the test moves the clock. An hour of
 * timers runs in milliseconds, and a test of timing cannot be flaky. The counterpart of
 * kotlinx-coroutines-test's {@code runTest}/{@code advanceTimeBy}/{@code advanceUntilIdle} and of Trio's
 * {@code MockClock(autojump_threshold=0)}.
 *
 * <pre>{@code
 * try (TestLoop loop = TestLoop.create()) {
 *     SearchModel model = new SearchModel(loop, service);      // debounces with loop.sleep(300 ms)
 *     model.typed("l"); model.typed("lo"); model.typed("loop");
 *     loop.advanceBy(Duration.ofMillis(299));
 *     assertEquals(List.of(), service.queries());
 *     loop.advanceBy(Duration.ofMillis(1));
 *     assertEquals(List.of("loop"), service.queries());
 * }
 * }</pre>
 *
 * <p><b>Time.</b> {@link #time()} starts at 0 and moves only when the test says: {@link #advanceBy} runs
 * everything that comes due on the way, in deadline order, each timer seeing its own deadline as
 * {@code time()}; {@link #advanceUntilIdle()} jumps from deadline to deadline until nothing is left;
 * {@link #runCurrent()} runs what is ready now, and time does not pass. With {@linkplain #autoAdvance
 * auto-advance} on, {@link #runUntilComplete} and {@link #runForever} jump to the next deadline whenever
 * nothing is ready (Trio's {@code MockClock} autojump); off, they fail at once when only the clock could
 * make progress, saying so. Every drive call is bounded: code that keeps scheduling forever fails with an
 * {@link IllegalStateException} saying so after {@link Builder#maxSteps} steps, instead of hanging.
 *
 * <p><b>Other threads.</b> {@code runInExecutor} work runs in real time, on other threads. The loop
 * counts it ({@link GuestLoop#pendingExecutorWork()}) and never jumps the clock while a result is on its
 * way: {@link #runUntilComplete}, {@link #runForever} and {@link #advanceUntilIdle} wait for it, up to
 * {@link Builder#crossThreadWait} (10 s) of real time, and fail with a message naming the wait if it does
 * not arrive, so a virtual timeout never overtakes real work. {@link #advanceBy} and {@link #runCurrent} do
 * not wait. Wrapped foreign stages ({@code wrapFuture}, a {@code CompletableFuture} from a fake service or an
 * {@code HttpClient}) are not counted, as kotlinx-coroutines-test does not count them: a fake's reply may
 * come from the test itself, or never (to test a timeout), so virtual time passes them by. A run waits for
 * them, and for callbacks other threads submit, in real time (bounded the same way) when nothing at all is
 * scheduled on the loop: {@code runUntilComplete(loop.wrapFuture(http.sendAsync(...)))} works. Streams and
 * subprocesses deliver from the I/O thread the same way.
 *
 * <p><b>Errors fail the test.</b> What reaches the loop's exception handler (a callback that threw, an
 * error nobody could receive) is rethrown by the next drive call as an {@link AssertionError}, the first as
 * its cause, the others suppressed; and {@link #close()} fails for a future or task of the loop that
 * failed and that nobody observed (kotlinx-coroutines-test fails {@code runTest} for both). Opt out with
 * {@link Builder#failOnErrors(boolean) failOnErrors(false)} and read {@link #errors()} instead, or install a
 * handler of your own with {@code setExceptionHandler} (it then receives them, and the test loop does not).
 *
 * <p><b>Coroutines</b> run on it as on any loop (where {@link io.loopbridge.core.Await#isSupported()}):
 * the bodies and their {@code await}s run on the test thread, and {@code await(loop.sleep(Duration.ofHours(1)))}
 * takes microseconds under {@code advanceUntilIdle()} or an auto-advancing {@code runUntilComplete}.
 *
 * <p><b>Threading.</b> The thread that builds the loop is its loop thread until the loop is closed: it
 * drives the loop (every method here except {@link #stop()} and the queries) and runs its callbacks, and
 * {@link EventLoop#current()} there reports the loop; one thread drives one open loop at a time.
 * Scheduling from other threads works as on every loop. Not for production: it never moves time by itself.
 */
public final class TestLoop extends ForwardingEventLoop {
    /** The default of {@link Builder#maxSteps}. */
    public static final long DEFAULT_MAX_STEPS = 1_000_000;
    /** The default of {@link Builder#crossThreadWait}. */
    public static final Duration DEFAULT_CROSS_THREAD_WAIT = Duration.ofSeconds(10);

    /** The virtual clock the core reads. Written by the loop thread (the driver) only; read from any thread. */
    private final AtomicLong clock;
    private final Waker waker;
    private final Duration crossThreadWait;
    private final long maxSteps;
    private final boolean failOnErrors;
    /** Whether the runs jump to the next deadline when nothing is ready. Loop thread. */
    private boolean autoAdvance;
    /** What reached the test loop's own exception handler; the first {@link #thrown} were already rethrown. Guarded by itself. */
    private final List<ErrorContext> errors = new ArrayList<>();
    private int thrown;
    /** runUntilComplete/runForever calls in progress. Written by the loop thread; read racily by isRunning. */
    private volatile int runs;
    /** Whether the close checks ran (see finishClose). Guarded by {@link #errors}. */
    private boolean closeChecked;
    /** Set by stop(); cleared by the run (or the pass) that honours it. */
    private volatile boolean stopping;

    private TestLoop(Builder b, Waker waker, AtomicLong clock, GuestLoop core) {
        super(core);
        this.clock = clock;
        this.waker = waker;
        this.crossThreadWait = b.crossThreadWait;
        this.maxSteps = b.maxSteps;
        this.failOnErrors = b.failOnErrors;
        this.autoAdvance = b.autoAdvance;
        core.setName(b.name != null ? b.name : "TestLoop-" + IDS.incrementAndGet());
        core.setExceptionHandler(this::record);
        core.trackUnobservedFailures();
        core.attachThread(this); // the creating (test) thread drives it; EventLoop.current() there is this loop
    }

    private static final java.util.concurrent.atomic.AtomicInteger IDS = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * A test loop with the defaults: no auto-advance, errors fail the test. Its thread is the calling thread.
     *
     * @throws IllegalStateException if another open loop is bound to the calling thread (see {@link Builder#build()})
     */
    public static TestLoop create() {
        return builder().build();
    }

    /** Options for a test loop. Safe from any thread. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * How to build a {@link TestLoop}.
     *
     * <p><b>Threading.</b> Not thread-safe; build on the test thread, which becomes the loop thread.
     */
    public static final class Builder {
        private boolean autoAdvance;
        private boolean failOnErrors = true;
        private Duration crossThreadWait = DEFAULT_CROSS_THREAD_WAIT;
        private long maxSteps = DEFAULT_MAX_STEPS;
        private String name;

        private Builder() {}

        /** Whether runUntilComplete/runForever jump to the next deadline when nothing is ready (default off). */
        public Builder autoAdvance(boolean on) {
            this.autoAdvance = on;
            return this;
        }

        /**
         * Whether exception-handler reports and unobserved failures fail the test (default on). Off: they are
         * only collected in {@link TestLoop#errors()}.
         */
        public Builder failOnErrors(boolean on) {
            this.failOnErrors = on;
            return this;
        }

        /**
         * The longest a drive call waits, in real time, for other threads ({@code runInExecutor} results, or,
         * when nothing is scheduled, wrapped foreign stages and callbacks they submit) before it fails
         * (default 10 s).
         *
         * @throws NullPointerException if {@code wait} is null
         * @throws IllegalArgumentException if {@code wait} is negative
         */
        public Builder crossThreadWait(Duration wait) {
            Objects.requireNonNull(wait, "wait: null (expected: non-null)");
            if (wait.isNegative()) throw new IllegalArgumentException("wait: " + wait + " (expected: >= 0)");
            this.crossThreadWait = wait;
            return this;
        }

        /**
         * The most steps (loop passes and clock jumps) one drive call may take before it fails with a
         * message that the code keeps scheduling (default {@value TestLoop#DEFAULT_MAX_STEPS}): a periodic
         * timer under {@code advanceUntilIdle}, or a callback that re-queues itself, fails instead of hanging.
         *
         * @throws IllegalArgumentException if {@code steps < 1}
         */
        public Builder maxSteps(long steps) {
            if (steps < 1) throw new IllegalArgumentException("steps: " + steps + " (expected: >= 1)");
            this.maxSteps = steps;
            return this;
        }

        /**
         * The loop's name in messages and thread names (default {@code TestLoop-N}).
         *
         * @throws NullPointerException if {@code name} is null
         */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name: null (expected: non-null)");
            return this;
        }

        /**
         * The loop, whose thread is the calling thread: it drives the loop, and {@link EventLoop#current()}
         * on it is the loop until the loop is closed.
         *
         * @throws IllegalStateException if another loop that is not closed is bound to the calling thread
         *         (an earlier test loop not closed, or a running loop whose callback builds this one): one
         *         thread drives one loop at a time
         */
        public TestLoop build() {
            EventLoop bound = currentOrNull();
            if (bound != null && !bound.isClosed()) {
                throw new IllegalStateException("cannot build a TestLoop on thread '" + Thread.currentThread().getName()
                        + "': " + bound + " is bound to it and not closed (close the earlier loop first: try-with-resources)");
            }
            Waker w = new Waker();
            AtomicLong clock = new AtomicLong();
            GuestLoop core = new GuestLoop(w, clock::get);
            return new TestLoop(this, w, clock, core);
        }
    }

    private static EventLoop currentOrNull() {
        try {
            return EventLoop.current();
        } catch (IllegalStateException none) {
            return null;
        }
    }

    // =====================================================================================
    // Time
    // =====================================================================================

    /** The virtual time in nanoseconds, as {@link #time()}: 0 at creation. Safe from any thread. */
    public long currentTime() {
        return clock.get();
    }

    /** How much virtual time has passed since creation. Safe from any thread. */
    public Duration elapsed() {
        return Duration.ofNanos(clock.get());
    }

    /** Whether the runs auto-advance (see the class javadoc). Safe from any thread (racy). */
    public boolean isAutoAdvance() {
        return autoAdvance;
    }

    /**
     * Turns auto-advance on or off (see the class javadoc). Loop thread.
     *
     * @return this loop
     * @throws IllegalStateException off the loop thread
     */
    public TestLoop autoAdvance(boolean on) {
        checkThread("autoAdvance");
        autoAdvance = on;
        return this;
    }

    /**
     * Runs what is ready now, pass after pass, until nothing is ready (callbacks scheduled by those
     * callbacks, and timers due now, included); time does not pass, and results still on their way from
     * other threads are not waited for. Loop thread.
     *
     * @return the number of callbacks run
     * @throws AssertionError if the loop's exception handler was called (see the class javadoc)
     * @throws IllegalStateException if the code keeps making work ready after {@link Builder#maxSteps} passes,
     *         or the loop is closed, or off the loop thread
     */
    public int runCurrent() {
        checkDriver("runCurrent");
        try {
            int ran = runReady(new long[] {0}, "runCurrent");
            rethrowErrors();
            return ran;
        } finally {
            detachIfClosed();
        }
    }

    /**
     * Moves the clock forward by {@code delay}, running what comes due on the way in deadline order (each
     * timer runs with {@code time()} at its own deadline; equal deadlines in scheduling order) and, at the
     * end, what is due at the target time itself. Timers scheduled on the way run too if they fall within
     * the target. It does not wait for results from other threads (use {@link #runUntilComplete} or
     * {@link #advanceUntilIdle()} for those). Loop thread.
     *
     * <p>Unlike kotlinx-coroutines-test's {@code advanceTimeBy}, what is due exactly at the target time
     * runs (kotlinx needs a {@code runCurrent()} after it): after {@code advanceBy(300 ms)} a 300 ms sleep
     * is over.
     *
     * @throws NullPointerException if {@code delay} is null
     * @throws IllegalArgumentException if {@code delay} is negative (virtual time only moves forward)
     * @throws AssertionError if the loop's exception handler was called
     * @throws IllegalStateException as {@link #runCurrent()}, counting every pass and jump
     */
    public void advanceBy(Duration delay) {
        Objects.requireNonNull(delay, "delay: null (expected: non-null)");
        if (delay.isNegative()) throw new IllegalArgumentException("delay: " + delay + " (expected: >= 0; virtual time only moves forward)");
        checkDriver("advanceBy");
        try {
            long target = saturatedAdd(clock.get(), saturatedNanos(delay));
            long[] steps = {0};
            for (;;) {
                runReady(steps, "advanceBy");
                long next = core.nextTimeout();
                if (next < 0 || core.isClosed()) break;
                long at = saturatedAdd(clock.get(), next);
                if (at > target) break;
                jumpTo(at, steps, "advanceBy");
            }
            if (!core.isClosed() && target > clock.get()) {
                clock.set(target);
                runReady(steps, "advanceBy");
            }
            rethrowErrors();
        } finally {
            detachIfClosed();
        }
    }

    /**
     * Runs, and jumps from deadline to deadline, until nothing is left on the loop: no ready callback, no
     * timer, and no {@code runInExecutor} result on its way (those are waited for, up to
     * {@link Builder#crossThreadWait} of real time each, before the clock moves on). Loop thread.
     *
     * @throws AssertionError if the loop's exception handler was called
     * @throws IllegalStateException if the code keeps scheduling (after {@link Builder#maxSteps} passes and
     *         jumps: a periodic timer never lets the loop become idle), or a result from another thread did
     *         not arrive in time, or the loop is closed, or off the loop thread
     */
    public void advanceUntilIdle() {
        checkDriver("advanceUntilIdle");
        try {
            long[] steps = {0};
            for (;;) {
                runReady(steps, "advanceUntilIdle");
                if (core.isClosed()) break;
                if (core.pendingExecutorWork() > 0) {
                    if (!waker.await(crossThreadWait)) throw crossThreadTimeout("advanceUntilIdle()");
                    continue;
                }
                long next = core.nextTimeout();
                if (next == 0) continue;
                if (next < 0) break;
                jumpTo(saturatedAdd(clock.get(), next), steps, "advanceUntilIdle");
            }
            rethrowErrors();
        } finally {
            detachIfClosed();
        }
    }

    /** Passes until nothing is ready; always one pass at least, so that every wake-up is answered by a runOnce. */
    private int runReady(long[] steps, String what) {
        int ran = 0;
        do {
            ran += pass(steps, what);
        } while (core.nextTimeout() == 0);
        return ran;
    }

    /** One runOnce, counted as a step. */
    private int pass(long[] steps, String what) {
        if (++steps[0] > maxSteps) throw busy(what);
        waker.clear();
        return core.runOnce();
    }

    private void jumpTo(long deadline, long[] steps, String what) {
        if (++steps[0] > maxSteps) throw busy(what);
        if (deadline > clock.get()) clock.set(deadline);
    }

    private IllegalStateException busy(String what) {
        return new IllegalStateException(what + "(): " + this + " was still busy after " + maxSteps + " steps (passes and clock jumps),"
                + " at virtual time " + elapsed() + ": the code keeps scheduling (a periodic timer, or a callback that re-queues"
                + " itself, never lets the loop become idle). Advance by a bounded duration instead, or raise"
                + " TestLoop.builder().maxSteps(...)");
    }

    private IllegalStateException crossThreadTimeout(String what) {
        return new IllegalStateException(what + ": " + core.pendingExecutorWork() + " runInExecutor result(s) did not arrive within " + crossThreadWait + " of real time, at virtual time " + elapsed()
                + " (work that blocks until the test does something next? Drive with advanceBy/runCurrent meanwhile, or raise"
                + " TestLoop.builder().crossThreadWait(...))");
    }

    // =====================================================================================
    // Running
    // =====================================================================================

    /**
     * Runs the loop until {@code stage} is done and returns its value, or throws as
     * {@link java.util.concurrent.CompletableFuture#join()} does ({@link CompletionException} with the
     * failure as cause, or {@link CancellationException}). When nothing is ready: it waits (up to
     * {@link Builder#crossThreadWait} of real time) for other threads if {@code runInExecutor} results are
     * on their way or nothing at all is scheduled; else, with auto-advance on, it jumps to the next
     * deadline; else it fails at once, since only the test can move the clock. Nests inside a callback (as
     * other loops do).
     * Loop thread.
     *
     * @throws NullPointerException if {@code stage} is null
     * @throws IllegalArgumentException if {@code stage} is a future of another test loop (it would never complete)
     * @throws IllegalStateException if the stage cannot complete: the next timer is in the virtual future
     *         and auto-advance is off, or nothing from other threads arrived in time; or the loop is stopped
     *         or closed before the stage is done; or off the loop thread
     * @throws AssertionError if the loop's exception handler was called
     */
    @Override
    public <T> T runUntilComplete(CompletionStage<T> stage) {
        Objects.requireNonNull(stage, "stage: null (expected: non-null)");
        checkDriver("runUntilComplete");
        if (stage instanceof LoopFuture && ((LoopFuture<?>) stage).loop() instanceof TestLoop && ((LoopFuture<?>) stage).loop() != this) {
            throw new IllegalArgumentException("stage: a future of " + ((LoopFuture<?>) stage).loop() + ", not of " + this
                    + " (expected: a stage of this loop; another test loop's future completes only when that loop is driven)");
        }
        CompletableFuture<T> done = new CompletableFuture<>();
        stage.whenComplete((v, e) -> { // on the loop for a future of this loop; else on the completing thread
            if (e == null) done.complete(v);
            else done.completeExceptionally(e);
            waker.wakeUp();
        });
        try {
            run(done::isDone, "runUntilComplete(" + stage + ")");
        } finally {
            detachIfClosed();
        }
        if (!done.isDone()) {
            throw new IllegalStateException("the event loop stopped before the stage completed: " + stage
                    + (core.isClosed() ? " (the loop was closed)" : ""));
        }
        try {
            return done.join();
        } catch (CompletionException e) {
            Throwable c = e.getCause();
            while (c instanceof CompletionException && c.getCause() != null) c = c.getCause();
            if (c instanceof CancellationException) throw (CancellationException) c;
            throw new CompletionException(c);
        }
    }

    /**
     * Runs the loop until {@link #stop()} (or close), with the same rules as {@link #runUntilComplete}:
     * without auto-advance it fails once only the clock could make progress. Loop thread.
     *
     * @throws IllegalStateException as {@link #runUntilComplete}
     * @throws AssertionError if the loop's exception handler was called
     */
    @Override
    public void runForever() {
        checkDriver("runForever");
        try {
            run(() -> false, "runForever()");
        } finally {
            detachIfClosed();
        }
    }

    private void run(BooleanSupplier done, String what) {
        runs++;
        try {
            long[] steps = {0};
            for (;;) {
                pass(steps, what); // one pass at a time, so that stop() ends the run after the pass it came in
                rethrowErrors();
                if (stopping) {
                    stopping = false;
                    return;
                }
                if (done.getAsBoolean() || core.isClosed()) return;
                long next = core.nextTimeout();
                if (next == 0) continue;
                boolean crossThread = core.pendingExecutorWork() > 0;
                if (next > 0 && !crossThread) {
                    if (autoAdvance) {
                        jumpTo(saturatedAdd(clock.get(), next), steps, what);
                        continue;
                    }
                    throw new IllegalStateException(what + " cannot go on: the next timer is due in " + Duration.ofNanos(next)
                            + " of virtual time and auto-advance is off (advance the clock with advanceBy, or build the loop with"
                            + " autoAdvance(true))");
                }
                // Results on their way from other threads, or nothing scheduled at all: only another thread can help.
                if (waker.await(crossThreadWait) || done.getAsBoolean()) continue;
                if (crossThread) throw crossThreadTimeout(what);
                throw new IllegalStateException(what + " cannot go on: nothing is scheduled on " + this
                        + ", and no other thread delivered work within " + crossThreadWait + " of real time");
            }
        } finally {
            runs--;
        }
    }

    /**
     * Makes the innermost run return after its current pass; before a run, makes the next run return after
     * one pass. Safe from any thread.
     */
    @Override
    public void stop() {
        stopping = true;
        waker.wakeUp();
    }

    /** Whether a run or a pass is in progress. Safe from any thread (racy). */
    @Override
    public boolean isRunning() {
        return runs > 0 || core.isRunning();
    }

    // =====================================================================================
    // Errors
    // =====================================================================================

    private void record(ErrorContext c) {
        synchronized (errors) {
            errors.add(c);
        }
    }

    /**
     * What reached the test loop's own exception handler so far (not what a handler set with
     * {@link #setExceptionHandler} received), and, once closed, the failures nobody observed. Safe from any thread.
     */
    public List<ErrorContext> errors() {
        synchronized (errors) {
            return List.copyOf(errors);
        }
    }

    private void rethrowErrors() {
        if (!failOnErrors) return;
        List<ErrorContext> fresh;
        synchronized (errors) {
            if (thrown == errors.size()) return;
            fresh = new ArrayList<>(errors.subList(thrown, errors.size()));
            thrown = errors.size();
        }
        throw asAssertion("the exception handler of " + this + " was called", fresh);
    }

    private static AssertionError asAssertion(String what, List<ErrorContext> reports) {
        ErrorContext first = reports.get(0);
        AssertionError e = new AssertionError(what + (reports.size() == 1 ? "" : " " + reports.size() + " times") + ": "
                + first.message() + (first.exception() == null ? "" : " (" + first.exception() + ")")
                + " (build the loop with failOnErrors(false) to collect them in errors() instead)", first.exception());
        for (ErrorContext c : reports.subList(1, reports.size())) {
            e.addSuppressed(c.exception() != null ? c.exception() : new IllegalStateException(c.message()));
        }
        return e;
    }

    /**
     * Replaces the test loop's own handler with {@code handler}, which then receives the reports (they no
     * longer fail the test); null restores the test loop's own. Safe from any thread.
     */
    @Override
    public void setExceptionHandler(ExceptionHandler handler) {
        core.setExceptionHandler(handler == null ? this::record : handler);
    }

    // =====================================================================================
    // Closing
    // =====================================================================================

    /**
     * Closes the loop (cancelling what is pending, as every loop does) and lets go of the test thread,
     * then fails if errors reached the test loop's handler and were not rethrown yet, or if a future or task
     * of the loop failed and nobody observed its failure (both also listed in {@link #errors()}).
     * Idempotent: only the first call fails. Loop thread. (From another thread it closes the loop and runs
     * the checks, but what is pending is cancelled only by the loop thread's next drive call, as on every
     * loop whose thread is alive: close a test loop on the thread that drives it.)
     *
     * @throws AssertionError for those errors, unless built with {@code failOnErrors(false)}
     */
    @Override
    public void close() {
        core.close();
        if (core.inEventLoop() && (runs > 0 || core.isRunning())) return; // from a callback: the drive call finishes it
        finishClose();
    }

    /**
     * After the close: lets go of the thread and runs the close checks, once. Loop thread, outside any
     * drive call and pass (or any thread for a loop closed elsewhere).
     */
    private void finishClose() {
        if (!core.isClosed() || (core.inEventLoop() && (runs > 0 || core.isRunning()))) return;
        if (core.inEventLoop()) core.detachThread(); // the thread may drive another loop now
        List<ErrorContext> unobserved;
        synchronized (errors) {
            if (closeChecked) return;
            closeChecked = true;
        }
        unobserved = core.takeUnobservedFailures();
        for (ErrorContext c : unobserved) record(c);
        if (!failOnErrors) return;
        List<ErrorContext> fresh;
        synchronized (errors) {
            fresh = new ArrayList<>(errors.subList(thrown, errors.size()));
            thrown = errors.size();
        }
        fresh.removeAll(unobserved);
        if (!fresh.isEmpty()) {
            AssertionError e = asAssertion("the exception handler of " + this + " was called", fresh);
            if (!unobserved.isEmpty()) e.addSuppressed(asAssertion("a future of the loop failed and nobody observed it", unobserved));
            throw e;
        }
        if (!unobserved.isEmpty()) throw asAssertion("a future of " + this + " failed and nobody observed it", unobserved);
    }

    /** The end of every drive call: a loop closed meanwhile (by a callback) finishes its close here. */
    private void detachIfClosed() {
        finishClose();
    }

    private void checkDriver(String what) {
        if (core.isClosed()) throw new IllegalStateException("loop is closed: cannot " + what + " on " + this);
        checkThread(what);
    }

    private void checkThread(String what) {
        if (!core.inEventLoop()) {
            Thread t = core.loopThread();
            String me = Thread.currentThread().getName();
            throw new IllegalStateException(what + "() is for the thread that drives " + this + " ('"
                    + (t == null ? "none" : t.getName()) + "'), but was called on thread '" + me + "'"
                    + (me.startsWith("junit-timeout") ? " (JUnit runs this test method on a separate timeout thread, not on the"
                    + " thread that built the loop: build the loop in the test method, or use @Timeout(value = ..., threadMode ="
                    + " Timeout.ThreadMode.SAME_THREAD))" : ""));
        }
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    @Override
    public String toString() {
        return core.toString().replaceFirst("\\[", "[t=" + elapsed() + (autoAdvance ? ", auto-advance" : "") + ", ");
    }

    /**
     * The host's waker: wakes the test thread waiting for work from other threads.
     *
     * <p><b>Threading.</b> {@code wakeUp} from any thread; {@code clear} and {@code await} on the loop
     * thread. {@link #woken} is guarded by {@link #lock}.
     */
    private static final class Waker implements GuestLoop.HostWaker {
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition signal = lock.newCondition();
        private boolean woken;

        @Override
        public void wakeUp() {
            lock.lock();
            try {
                woken = true;
                signal.signalAll();
            } finally {
                lock.unlock();
            }
        }

        /** Before a runOnce: a wake-up that came before it is answered by it. */
        void clear() {
            lock.lock();
            try {
                woken = false;
            } finally {
                lock.unlock();
            }
        }

        /** Waits up to {@code max} of real time for a wake-up; true if one came (and consumes it). */
        boolean await(Duration max) {
            long left = saturatedNanos(max);
            lock.lock();
            try {
                while (!woken && left > 0) {
                    try {
                        left = signal.awaitNanos(left);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while waiting for work from other threads", e);
                    }
                }
                boolean r = woken;
                woken = false;
                return r;
            } finally {
                lock.unlock();
            }
        }
    }
}
