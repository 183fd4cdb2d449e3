package io.loopbridge.core;

import io.loopbridge.core.internal.Checks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * asyncio's future combinators that {@link EventLoop} does not carry itself: {@link #gatherSettled}
 * ({@code gather(..., return_exceptions=True)}), {@link #shield} and {@link #asCompleted}. The others are
 * on the loop: {@link EventLoop#gather}, {@link EventLoop#waitFor}; see also {@link TaskGroup} and
 * {@link TimeoutScope}.
 *
 * <pre>{@code
 * // save even if the dialog's task is cancelled meanwhile
 * LoopFutures.shield(loop, () -> document.save()).thenRun(dialog::close);
 *
 * // show each result as soon as it arrives
 * for (LoopFuture<Quote> next : LoopFutures.asCompleted(loop, requests)) next.thenAccept(table::add);
 * }</pre>
 *
 * <p><b>Threading.</b> Loop thread only: each method checks it (cheaply) and throws
 * {@link IllegalStateException} from another thread. The returned futures behave as every
 * {@link LoopFuture} (their continuations run on the loop thread).
 */
public final class LoopFutures {
    private LoopFutures() {}

    /**
     * Like {@link EventLoop#gather}, but never fails because a stage failed: completes, once every stage
     * is done, with one {@link Outcome} per stage in argument order (a cancelled stage gives a
     * {@link CancellationException} failure). Cancelling the result cancels every stage still pending.
     * Loop thread only.
     */
    public static <T> LoopFuture<List<Outcome<T>>> gatherSettled(EventLoop loop, List<? extends CompletionStage<? extends T>> stages) {
        GuestLoop g = Toolbox.core(loop);
        Toolbox.check(g, "LoopFutures.gatherSettled");
        return Gather.gatherSettled(g, stages);
    }

    /**
     * Protects {@code stage} from cancellation (asyncio's {@code shield}): the result has the stage's
     * outcome, but cancelling the result, or the task awaiting it, leaves the stage running. If
     * {@code stage} is a future or task of this loop that the current task owns (executor work started in
     * it, a child task), the current task no longer cancels it with itself: {@code
     * shield(loop, loop.runInExecutor(save))} lets the save finish when the task is cancelled, as asyncio's
     * {@code await shield(run_in_executor(...))} idiom does. The loop's {@link EventLoop#close()} still
     * cancels it. If the stage is already done, returns it as a loop future. If the result was cancelled
     * and the stage later fails, and nobody else observes that failure, it goes to the loop's
     * {@link ExceptionHandler} (once). Loop thread only.
     */
    public static <T> LoopFuture<T> shield(EventLoop loop, CompletionStage<T> stage) {
        Checks.notNull(stage, "stage");
        GuestLoop g = Toolbox.core(loop);
        Toolbox.check(g, "LoopFutures.shield");
        if (stage instanceof LoopFuture && ((LoopFuture<?>) stage).loop == g) ((LoopFuture<?>) stage).shielded = true;
        LoopFuture<T> inner = detached(g, () -> g.wrapFuture(stage)); // a wrapper owned by no task
        if (inner.isDone()) return inner;
        LoopFuture<T> outer = g.createFuture();
        inner.whenCompleteInternal((v, e) -> {
            if (!outer.isCancelled()) {
                inner.markObserved();
                if (e == null) outer.complete(v);
                else outer.completeExceptionally(GuestLoop.unwrap(e));
                return;
            }
            if (e == null) return;
            Throwable x = GuestLoop.unwrap(e);
            if (x instanceof CancellationException || inner.isObserved()) return;
            inner.markObserved();
            g.report("A shielded stage failed after its shield was cancelled", x, inner);
        });
        return outer;
    }

    /**
     * Starts {@code body} as a task that is <em>not</em> a child of the current task, and shields it (see
     * {@link #shield(EventLoop, CompletionStage)}): cancelling the current task, or the result, leaves the
     * body running. The loop's {@link EventLoop#close()} still cancels it. Loop thread only.
     */
    public static <T> LoopFuture<T> shield(EventLoop loop, Supplier<? extends CompletionStage<T>> body) {
        Checks.notNull(body, "body");
        GuestLoop g = Toolbox.core(loop);
        Toolbox.check(g, "LoopFutures.shield");
        Task<T> t = detached(g, () -> g.createTask(body));
        return shield(loop, t);
    }

    /** Runs {@code action} with no current task, so what it creates belongs to no task. */
    private static <R> R detached(GuestLoop g, Supplier<R> action) {
        Task<?> caller = g.currentTask;
        g.currentTask = null;
        try {
            return action.get();
        } finally {
            g.currentTask = caller;
        }
    }

    /**
     * asyncio's {@code as_completed}: {@code stages.size()} futures that complete in the order the stages
     * complete: the first returned future gets the outcome of whichever stage completes first, and so on.
     * The stages themselves are not cancelled by anything done to the returned futures; a returned future
     * that was cancelled is skipped (the next completion goes to the next one). Loop thread only.
     */
    public static <T> List<LoopFuture<T>> asCompleted(EventLoop loop, List<? extends CompletionStage<? extends T>> stages) {
        return asCompleted0(loop, stages, null);
    }

    /**
     * Like {@link #asCompleted(EventLoop, List)}, and once {@code timeout} has passed, every returned future
     * still pending fails with {@link TimeoutException} (the stages go on; as in asyncio). Leaves no timer
     * behind once every stage has completed. Loop thread only.
     */
    public static <T> List<LoopFuture<T>> asCompleted(EventLoop loop, List<? extends CompletionStage<? extends T>> stages, Duration timeout) {
        return asCompleted0(loop, stages, Checks.notNull(timeout, "timeout")); // (a null one was taken for "none")
    }

    private static <T> List<LoopFuture<T>> asCompleted0(EventLoop loop, List<? extends CompletionStage<? extends T>> stages, Duration timeout) {
        Checks.notNull(stages, "stages");
        GuestLoop g = Toolbox.core(loop);
        Toolbox.check(g, "LoopFutures.asCompleted");
        int n = stages.size();
        List<LoopFuture<? extends T>> inputs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            CompletionStage<? extends T> s = stages.get(i);
            if (s == null) throw new NullPointerException("stages[" + i + "]: null (expected: non-null)");
            @SuppressWarnings("unchecked")
            CompletionStage<T> st = (CompletionStage<T>) s;
            inputs.add(g.wrapFuture(st));
        }
        List<LoopFuture<T>> outputs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) outputs.add(g.createFuture());
        TimerHandleImpl[] timer = new TimerHandleImpl[1];
        if (timeout != null && n > 0) {
            long d = Checks.delayNanos(timeout);
            timer[0] = g.scheduleTimer(Checks.saturatedAdd(g.time(), d), () -> {
                timer[0] = null;
                for (LoopFuture<T> o : outputs) {
                    if (!o.isDone()) o.completeExceptionally(new TimeoutException("asCompleted: not complete within " + timeout));
                }
            }, true);
        }
        int[] next = {0};
        int[] completed = {0};
        for (LoopFuture<? extends T> in : inputs) {
            in.markObserved();
            in.whenCompleteInternal((v, e) -> {
                if (++completed[0] == n && timer[0] != null) {
                    timer[0].cancel();
                    timer[0] = null;
                }
                while (next[0] < n && outputs.get(next[0]).isDone()) next[0]++;
                if (next[0] == n) return; // every output was cancelled or timed out
                LoopFuture<T> o = outputs.get(next[0]++);
                if (e == null) o.complete(v);
                else o.completeExceptionally(GuestLoop.unwrap(e));
            });
        }
        return Collections.unmodifiableList(outputs);
    }
}
