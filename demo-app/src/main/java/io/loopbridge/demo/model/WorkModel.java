package io.loopbridge.demo.model;

import io.loopbridge.core.EventLoop;
import io.loopbridge.core.LoopFuture;
import io.loopbridge.core.Progress;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import static io.loopbridge.core.Await.await;

/**
 * Work: blocking CPU work (counting primes by trial division) in {@code loop.runInExecutor()}, reporting
 * its {@link Progress} from the worker thread. The loop thread stays free, so the UI keeps rendering;
 * cancelling the task interrupts the worker, which checks its interrupt flag every few thousand numbers and stops.
 * Written as a coroutine (one {@code await} of the executor's future) or as a chain, as {@link Style} says.
 *
 * <p><b>Threading.</b> Loop thread only, as every {@link Model}, except {@link #workersRunning()}
 * (any thread). The worker thread touches only {@link Progress} (any thread) and an atomic counter.
 */
public final class WorkModel extends Model {
    /** How many slices the work is cut into: progress steps, and interrupt checks. */
    static final int SLICES = 200;
    /** The worker checks its interrupt flag every 4,096 numbers (well under a millisecond), whatever the slice size. */
    private static final int INTERRUPT_CHECK_MASK = 0xFFF;

    private final Progress progress;
    private final Style style;
    /** Worker threads inside {@link #countPrimes} right now; written by them. */
    private final AtomicInteger workersRunning = new AtomicInteger();
    /** Loop thread. */
    private String status = "Press Start, then watch the clock: it keeps ticking.";

    public WorkModel(EventLoop loop, Style style) {
        super(loop);
        this.style = java.util.Objects.requireNonNull(style, "style: null (expected: non-null)");
        progress = new Progress(loop);
        progress.onChange(this::changed);
    }

    /**
     * Counts the primes below {@code limit} on a worker thread. Completes with the count; ends cancelled
     * if its task is cancelled (the worker is interrupted and stops within a fraction of a millisecond). Loop thread only.
     *
     * @throws IllegalArgumentException if {@code limit} is below 2
     */
    public LoopFuture<Long> run(int limit) {
        if (limit < 2) throw new IllegalArgumentException("limit: " + limit + " (expected: >= 2)");
        Outcomes.nameCurrentTask("Work");
        long start = loop.time();
        progress.update(0, SLICES);
        status = String.format(Locale.ROOT, "Counting the primes below %,d on a worker thread\u2026", limit);
        changed();
        if (style == Style.COROUTINE) {
            return loop.launchEager(() -> {
                long count;
                try {
                    count = await(loop.runInExecutor(() -> countPrimes(limit))); // the coroutine owns the work: a cancel interrupts it
                } catch (RuntimeException e) { // a cancel (CancellationException at the await) or a failure
                    ended(limit, start, 0, e);
                    throw e;
                }
                ended(limit, start, count, null);
                return count;
            });
        }
        return loop.runInExecutor(() -> countPrimes(limit)).handle((count, e) -> {
            ended(limit, start, e == null ? count : 0, e);
            if (e != null) throw Outcomes.rethrow(e);
            return count;
        });
    }

    /** Shows how the work ended: {@code e} null for the count. */
    private void ended(int limit, long start, long count, Throwable e) {
        String took = Outcomes.seconds(loop.time() - start);
        if (e == null) {
            status = String.format(Locale.ROOT, "%,d primes below %,d, in %s. The loop thread never waited.", count, limit, took);
        } else if (Outcomes.isCancellation(e)) {
            status = String.format(Locale.ROOT, "Cancelled at %d%% after %s: the worker thread was interrupted.",
                    Math.round(Math.max(0, progress.fraction()) * 100), took);
        } else {
            status = "Failed: " + Outcomes.describe(e);
        }
        changed();
    }

    /** The work itself: runs on a worker thread; reports progress after each slice. */
    private long countPrimes(int limit) throws InterruptedException {
        workersRunning.incrementAndGet();
        try {
            long count = 0;
            for (int s = 0; s < SLICES; s++) {
                int from = (int) ((long) limit * s / SLICES);
                int to = (int) ((long) limit * (s + 1) / SLICES);
                for (int n = from; n < to; n++) {
                    if (isPrime(n)) count++;
                    if ((n & INTERRUPT_CHECK_MASK) == 0 && Thread.currentThread().isInterrupted()) {
                        throw new InterruptedException("cancelled at " + n);
                    }
                }
                progress.update(s + 1, SLICES);
                progress.message(String.format(Locale.ROOT, "%,d primes so far (thread '%s')", count, Thread.currentThread().getName()));
            }
            return count;
        } finally {
            workersRunning.decrementAndGet();
            try {
                loop.execute(this::changed); // show the worker count drop to zero
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                // the loop closed meanwhile: nobody is left to see it
            }
        }
    }

    static boolean isPrime(int n) {
        if (n < 2) return false;
        if (n % 2 == 0) return n == 2;
        for (int d = 3; (long) d * d <= n; d += 2) if (n % d == 0) return false;
        return true;
    }

    /** The progress channel the worker reports to (fraction and message), for the views to bind. */
    public Progress progress() {
        return progress;
    }

    /** Worker threads busy right now: 1 while the work runs, back to 0 once the interrupt stopped it. Any thread. */
    public int workersRunning() {
        return workersRunning.get();
    }

    /** Which way the run is written. */
    public Style style() {
        return style;
    }

    /** The status line. */
    public String status() {
        return status;
    }
}
