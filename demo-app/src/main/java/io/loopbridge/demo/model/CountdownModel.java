package io.loopbridge.demo.model;

import io.loopbridge.core.EventLoop;
import io.loopbridge.core.LoopFuture;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CancellationException;

import static io.loopbridge.core.Await.await;

/**
 * Countdown: a chain of timers. {@link #run(int)} shows {@code from}, sleeps one step, shows
 * {@code from - 1}, and so on down to zero; each step is a {@code loop.sleep()} the running task awaits,
 * so cancelling the task cancels the one pending timer and the count stops at once. Written as a
 * coroutine (a {@code for} loop) or as a chain (a recursive {@code thenCompose}), as {@link Style} says.
 *
 * <p><b>Threading.</b> Loop thread only, as every {@link Model}.
 */
public final class CountdownModel extends Model {
    private final Duration step;
    private final Style style;
    /** The number on show. Loop thread. */
    private int remaining;
    /** The line under the number. Loop thread. */
    private String status = "Press Start.";

    public CountdownModel(EventLoop loop, Duration step, Style style) {
        super(loop);
        this.style = Objects.requireNonNull(style, "style: null (expected: non-null)");
        this.step = Objects.requireNonNull(step, "step: null (expected: non-null)");
    }

    /**
     * Counts down from {@code from} to zero, one number per step; completes at zero. Call it from the
     * task that should own the timers (a button's action task). Loop thread only.
     *
     * @throws IllegalArgumentException if {@code from} is not positive
     */
    public LoopFuture<Void> run(int from) {
        Outcomes.nameCurrentTask("Countdown");
        if (from < 1) throw new IllegalArgumentException("from: " + from + " (expected: >= 1)");
        status = "Counting down, one number per " + Outcomes.seconds(step) + "\u2026";
        if (style == Style.COROUTINE) return loop.launchEager(() -> countAsCoroutine(from));
        return countFrom(from).whenComplete((v, e) -> ended(e));
    }

    /**
     * The countdown as a coroutine: a plain {@code for} loop with one await per step, and its outcome
     * shown by the body itself (a cancel arrives at the await as a {@link CancellationException}).
     */
    private Void countAsCoroutine(int from) {
        try {
            for (int n = from; n > 0; n--) {
                remaining = n;
                changed();
                await(loop.sleep(step));
            }
            remaining = 0;
            changed();
        } catch (RuntimeException e) {
            ended(e);
            throw e;
        }
        ended(null);
        return null;
    }

    /** Shows how the count ended: {@code e} null for lift-off. */
    private void ended(Throwable e) {
        if (e == null) status = "Lift-off! Each step was one loop.sleep() awaited by the task.";
        else if (Outcomes.isCancellation(e)) status = "Cancelled at " + remaining + ": the pending timer was cancelled, nothing ticks any more.";
        else status = "Failed: " + Outcomes.describe(e);
        changed();
    }

    /** Shows {@code n}, then awaits one step and recurses: the chain of timers. */
    private LoopFuture<Void> countFrom(int n) {
        remaining = n;
        changed();
        if (n == 0) return Outcomes.completed(loop, null);
        return loop.sleep(step).thenCompose(v -> countFrom(n - 1));
    }

    /** Which way the countdown is written. */
    public Style style() {
        return style;
    }

    /** The number on show. */
    public int remaining() {
        return remaining;
    }

    /** The line under the number. */
    public String status() {
        return status;
    }
}
