package io.loopbridge.core;

import io.loopbridge.core.internal.Checks;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A deadline for a body of work (asyncio's {@code timeout()}/{@code timeout_at()}): {@link #run} starts
 * the body and, if the deadline passes first, cancels what the body is waiting on and ends with
 * {@link TimeoutException}. Unlike {@link EventLoop#waitFor}, the deadline can be moved while the body
 * runs ({@link #reschedule}), and the scope tells afterwards whether it {@linkplain #expired() expired}.
 *
 * <pre>{@code
 * TimeoutScope deadline = TimeoutScope.after(loop, Duration.ofSeconds(10));
 * deadline.run(() -> connect(host)
 *             .thenCompose(c -> { deadline.reschedule(Duration.ofSeconds(30)); return c.download(); }))
 *         .exceptionally(e -> deadline.expired() ? showRetry() : showError(e));
 * }</pre>
 *
 * <p><b>Semantics.</b>
 * <ul>
 *   <li>The body runs at once, inside {@code run}, as a {@link Task} of its own (so {@link Task#current()}
 *       in the body is that task, and everything the body starts belongs to it). The result of {@code run}
 *       belongs to the calling task: cancelling the caller cancels the body.</li>
 *   <li>At the deadline, if the body is still running, the scope {@linkplain #expired() expires} and
 *       cancels the body's task. When the body's task then ends cancelled, the result fails with
 *       {@link TimeoutException} (its cause is the {@link CancellationException}). If the body catches the
 *       cancellation and finishes, its outcome wins (and {@code expired()} still reports true). A result
 *       that arrives in the iteration of the deadline wins too.</li>
 *   <li>A foreign cancellation (the result cancelled, or the calling task cancelled) is never turned into a
 *       timeout: the result ends cancelled even if the deadline also passed meanwhile.</li>
 *   <li>Cancelling the result is a request, as on a task: the body is cancelled and the result ends once
 *       the body's task has ended. So the code after the scope never runs while the body still does.</li>
 *   <li>A deadline already past when {@code run} is called expires in the next iteration, after the body's
 *       synchronous start. Nested scopes work as in asyncio: an outer expiry cancels the inner scope's body
 *       as a foreign cancellation, and only the outer scope reports the timeout.</li>
 * </ul>
 *
 * <p><b>Threading.</b> Loop thread only: every method checks it (cheaply) and throws
 * {@link IllegalStateException} from another thread. The result of {@code run} may be cancelled from any
 * thread (the cancellation is then delivered on the loop thread).
 */
public final class TimeoutScope {
    /** The states, on {@link #state}. */
    private enum State {
        /** Created; {@code run} not called yet. Not terminal. */
        CREATED,
        /** The body runs and the deadline has not passed. Not terminal. */
        RUNNING,
        /** The deadline passed while the body ran; its cancellation is under way. Not terminal. */
        EXPIRING,
        /** The body ended after the deadline passed. Terminal. */
        EXPIRED,
        /** The body ended before the deadline. Terminal. */
        FINISHED
    }

    private final GuestLoop loop;
    /** See {@link State}. Loop thread. */
    private State state = State.CREATED;
    /** The deadline in {@link EventLoop#time()} units; meaningful while {@link #hasDeadline}. Loop thread. */
    private long deadline;
    private boolean hasDeadline;
    /** The armed deadline timer while running, or null. Owned by no task: the scope cancels it. Loop thread. */
    private TimerHandleImpl timer;
    /** The body's task, once running ({@link #run}). Loop thread. */
    private Task<?> body;
    /** The coroutine task whose body runs inline ({@link #call}), and the cancellation its expiry throws. Loop thread. */
    private CoroutineTask<?> inline;
    private CancellationException inlineExpiry;
    /** The result was stopped from outside (cancel, or orTimeout on it); the reason, or a CancellationException. */
    private Throwable foreign;

    private TimeoutScope(GuestLoop loop, boolean hasDeadline, long deadline) {
        this.loop = loop;
        this.hasDeadline = hasDeadline;
        this.deadline = deadline;
    }

    /** A scope whose deadline is {@code delay} from now (negative means now). Safe from any thread. */
    public static TimeoutScope after(EventLoop loop, Duration delay) {
        GuestLoop g = Toolbox.core(loop);
        long d = Checks.delayNanos(delay);
        return new TimeoutScope(g, true, Checks.saturatedAdd(g.time(), d));
    }

    /** A scope whose deadline is {@code deadline}, in {@link EventLoop#time()} units. Safe from any thread. */
    public static TimeoutScope at(EventLoop loop, long deadline) {
        return new TimeoutScope(Toolbox.core(loop), true, deadline);
    }

    /** A scope with no deadline yet (asyncio's {@code timeout(None)}): set one with {@link #reschedule}. Safe from any thread. */
    public static TimeoutScope unbounded(EventLoop loop) {
        return new TimeoutScope(Toolbox.core(loop), false, 0);
    }

    /**
     * Starts {@code body} at once as its own task, under this scope's deadline, and returns its outcome
     * (see the class javadoc). A scope runs one body. Loop thread only.
     *
     * @throws IllegalStateException if this scope already ran a body
     */
    public <T> LoopFuture<T> run(Supplier<? extends CompletionStage<T>> body) {
        Checks.notNull(body, "body");
        Toolbox.check(loop, "TimeoutScope.run");
        if (state != State.CREATED) throw new IllegalStateException("TimeoutScope.run(): this scope already ran a body (expected: a new scope for each body)");
        state = State.RUNNING;
        Result<T> out = new Result<>(loop);
        loop.own(out); // the caller's task owns the result; its cancellation reaches the body through it
        arm();
        Task<?> caller = loop.currentTask;
        loop.currentTask = null; // the body's task is not the caller's child: only the result is
        Task<T> t;
        try {
            t = loop.createEagerTask(body);
        } finally {
            loop.currentTask = caller;
        }
        this.body = t;
        t.markObserved();
        t.whenCompleteInternal((v, e) -> finish(out, v, e));
        return out;
    }

    /**
     * Runs {@code body} inline, in the current coroutine, under this scope's deadline: the direct-style
     * form of asyncio's {@code async with timeout(...)}. At the deadline the await the body is suspended
     * at (or its next one) throws a {@link CancellationException}, and an owned stage it awaits is
     * cancelled; if that cancellation leaves the body, this method throws {@link TimeoutException} (its
     * cause the cancellation). If the body catches it and returns, its value wins ({@link #expired()} still
     * reports true). A cancellation from elsewhere (the task cancelled) is never turned into a timeout, and
     * nested scopes report only their own expiry. Everything else the body throws passes through. A scope
     * runs one body.
     *
     * <pre>{@code
     * loop.launch(() -> {
     *     try {
     *         String page = TimeoutScope.after(loop, Duration.ofSeconds(5)).call(() -> await(fetch(url)));
     *         show(page);
     *     } catch (TimeoutException e) {
     *         showRetry();
     *     }
     * });
     * }</pre>
     *
     * Loop thread only, inside a coroutine of this loop ({@link EventLoop#launch}).
     *
     * @throws TimeoutException if the deadline passed and the body ended with the scope's cancellation
     * @throws IllegalStateException outside a coroutine of this loop, or if this scope already ran a body
     * @throws Exception what the body throws
     */
    public <T> T call(java.util.concurrent.Callable<T> body) throws Exception {
        Checks.notNull(body, "body");
        Toolbox.check(loop, "TimeoutScope.call");
        Task<?> current = loop.currentTask;
        if (!(current instanceof CoroutineTask) || io.loopbridge.core.internal.Coroutine.current() == null) {
            throw new IllegalStateException("TimeoutScope.call() is for the body of a coroutine (EventLoop.launch);"
                    + " for a future-returning body use run()");
        }
        if (state != State.CREATED) throw new IllegalStateException("TimeoutScope.call(): this scope already ran a body (expected: a new scope for each body)");
        CoroutineTask<?> task = (CoroutineTask<?>) current;
        CancellationException expiry = new CancellationException("TimeoutScope: the deadline passed");
        state = State.RUNNING;
        inline = task;
        inlineExpiry = expiry;
        arm();
        try {
            return body.call();
        } catch (CancellationException e) {
            if (state == State.EXPIRING && e == expiry) {
                TimeoutException te = new TimeoutException("TimeoutScope: the deadline passed");
                te.initCause(e);
                throw te;
            }
            throw e;
        } finally {
            if (timer != null) {
                timer.cancel();
                timer = null;
            }
            state = state == State.EXPIRING ? State.EXPIRED : State.FINISHED;
            inline = null;
            inlineExpiry = null;
        }
    }

    private void arm() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
        if (hasDeadline && state == State.RUNNING) timer = loop.scheduleTimer(deadline, this::onDeadline, false);
    }

    /** The timer fired. */
    private void onDeadline() {
        assert loop.confined() : "TimeoutScope.onDeadline() off the loop thread";
        timer = null;
        if (state != State.RUNNING) return;
        CoroutineTask<?> in = inline;
        if (in != null) { // call(): interrupt the body's await, and cancel the stage it awaits if its task owns it
            state = State.EXPIRING;
            CompletionStage<?> awaited = in.awaiting();
            in.interruptAwait(inlineExpiry);
            if (awaited instanceof LoopFuture && in.owns(awaited)) ((LoopFuture<?>) awaited).cancel(true);
            return;
        }
        if (body == null || body.isDone()) return; // the result that arrived wins
        state = State.EXPIRING;
        body.cancel(true);
    }

    /** The body's task ended. */
    private <T> void finish(Result<T> out, T value, Throwable e) {
        assert loop.confined() : "TimeoutScope.finish() off the loop thread";
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
        boolean expiredNow = state == State.EXPIRING;
        state = expiredNow ? State.EXPIRED : State.FINISHED;
        if (e == null) {
            out.settle(value, null);
            return;
        }
        Throwable x = GuestLoop.unwrap(e);
        if (x instanceof CancellationException) {
            if (foreign != null) {
                out.settle(null, foreign);
            } else if (expiredNow) {
                TimeoutException te = new TimeoutException("TimeoutScope: the deadline passed");
                te.initCause(x);
                out.settle(null, te);
            } else {
                out.settle(null, x);
            }
        } else {
            out.settle(null, x);
        }
    }

    /**
     * Moves the deadline to {@code delay} from now (negative means now: the scope expires in the next
     * iteration). Allowed before {@link #run} and while the body runs. Loop thread only.
     *
     * @throws IllegalStateException once the scope has expired or its body has ended
     */
    public void reschedule(Duration delay) {
        long d = Checks.delayNanos(delay);
        rescheduleAt(Checks.saturatedAdd(loop.time(), d));
    }

    /** Like {@link #reschedule(Duration)} with a deadline in {@link EventLoop#time()} units. Loop thread only. */
    public void rescheduleAt(long deadline) {
        checkChangeable("rescheduleAt");
        this.deadline = deadline;
        this.hasDeadline = true;
        arm();
    }

    /** Removes the deadline: the body may run as long as it takes. Loop thread only. */
    public void clearDeadline() {
        checkChangeable("clearDeadline");
        hasDeadline = false;
        arm();
    }

    private void checkChangeable(String what) {
        loop.checkLoopThread("TimeoutScope." + what);
        if (state != State.CREATED && state != State.RUNNING) {
            throw new IllegalStateException("TimeoutScope." + what + "(): the scope has " + (state == State.FINISHED ? "finished" : "expired")
                    + " (expected: change the deadline while the body runs)");
        }
    }

    /** The deadline in {@link EventLoop#time()} units, or empty if there is none. Loop thread only. */
    public OptionalLong when() {
        loop.checkLoopThread("TimeoutScope.when");
        return hasDeadline ? OptionalLong.of(deadline) : OptionalLong.empty();
    }

    /** Whether the deadline passed while the body ran (and the scope cancelled it). Loop thread only. */
    public boolean expired() {
        loop.checkLoopThread("TimeoutScope.expired");
        return state == State.EXPIRING || state == State.EXPIRED;
    }

    @Override
    public String toString() {
        return "TimeoutScope[" + state.name().toLowerCase(java.util.Locale.ROOT)
                + (state == State.RUNNING || state == State.CREATED ? ", when=" + (hasDeadline ? deadline : "none") : "") + "]";
    }

    /** The result of {@link #run}: stopping it is a foreign cancellation of the body. */
    private final class Result<T> extends ScopeFuture<T> {
        Result(GuestLoop loop) {
            super(loop);
        }

        @Override
        void stop(Throwable reason) {
            if (foreign == null) foreign = reason != null ? reason : new CancellationException("TimeoutScope.run() cancelled");
            Task<?> b = body;
            if (b != null) b.cancel(true);
        }
    }
}
