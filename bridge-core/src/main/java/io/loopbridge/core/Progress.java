package io.loopbridge.core;

import io.loopbridge.core.internal.Checks;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How far a piece of work got, reported from any thread and delivered to the loop thread, coalesced:
 * what {@code javafx.concurrent.Worker}'s {@code updateProgress}/{@code updateMessage} do, for any
 * host. The JavaFX and Swing bridges bind it to a progress bar and a label.
 *
 * <pre>{@code
 * Progress progress = new Progress(loop);
 * progress.onChange(() -> bar.setProgress(progress.fraction()));      // runs on the loop thread
 * loop.runInExecutor(() -> {
 *     for (int i = 1; i <= n; i++) { crunch(i); progress.update(i, n); }  // from a worker thread
 *     return null;
 * });
 * }</pre>
 *
 * <p><b>Coalescing.</b> Any number of updates between two deliveries cost one {@code callSoon}; the
 * listeners then see the latest values only. Updates after the loop closed are dropped (nobody is
 * left to show them).
 *
 * <p><b>Threading.</b> {@link #update}, {@link #message(String)} and {@link #reset()} are safe from any
 * thread; {@link #fraction()}, {@link #message()}, {@link #onChange} and the listeners are loop thread.
 * An update happens-before the delivery that shows it.
 */
public final class Progress {
    /** {@link #fraction()} while nothing was reported: indeterminate, like {@code ProgressBar}'s -1. */
    public static final double INDETERMINATE = -1;

    private final EventLoop loop;
    /** For a {@link #forTask} channel: the progress it reports into, and the task whose end silences it; else null. */
    private final Progress parent;
    private final CompletionStage<?> task;
    /** Latest reported values; written by any thread, read by the delivery on the loop thread. */
    private volatile double pendingFraction = INDETERMINATE;
    private volatile String pendingMessage = "";
    /** Whether a delivery is queued; cleared by the delivery before it reads the values. */
    private final AtomicBoolean scheduled = new AtomicBoolean();
    /** What listeners see. Loop thread only. */
    private double fraction = INDETERMINATE;
    private String message = "";
    private final CopyOnWriteArrayList<Runnable> listeners = new CopyOnWriteArrayList<>();

    /** A progress channel delivering on {@code loop}'s thread. */
    public Progress(EventLoop loop) {
        this.loop = Checks.notNull(loop, "loop");
        this.parent = null;
        this.task = null;
    }

    private Progress(Progress parent, CompletionStage<?> task) {
        this.loop = parent.loop;
        this.parent = parent;
        this.task = task;
    }

    /**
     * A channel into this progress for the worker code of one task: what it reports reaches this progress
     * while {@code task} is pending and is dropped once the task is done. So the worker of a cancelled
     * download that has not noticed yet (a blocking read in progress), or of a run replaced by a newer one,
     * never moves a bar that now shows something else. Give each run its own channel:
     *
     * <pre>{@code
     * Progress mine = progress.forTask(Task.current());
     * loop.runInExecutor(cancel -> download(url, mine, cancel));
     * }</pre>
     *
     * The channel has no listeners and no values of its own: read this progress. Safe from any thread.
     */
    public Progress forTask(CompletionStage<?> task) {
        Checks.notNull(task, "task");
        return new Progress(this, task);
    }

    /** Whether a {@link #forTask} channel's task is done: then it drops what it is told. */
    private boolean silenced() {
        if (task == null) return false;
        // isDone() of the future itself: toCompletableFuture() would count as observing a task's failure
        if (task instanceof java.util.concurrent.CompletableFuture) return ((java.util.concurrent.CompletableFuture<?>) task).isDone();
        try {
            return task.toCompletableFuture().isDone();
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }

    /**
     * Reports {@code done} out of {@code total} (clamped to 0..1; a non-positive or non-finite
     * {@code total} means indeterminate). Safe from any thread.
     */
    public void update(double done, double total) {
        if (parent != null) {
            if (!silenced()) parent.update(done, total);
            return;
        }
        double f;
        if (!(total > 0) || Double.isInfinite(total) || Double.isNaN(done)) f = INDETERMINATE;
        else f = Math.max(0, Math.min(1, done / total));
        pendingFraction = f;
        schedule();
    }

    /** Reports a message (null means empty). Safe from any thread. */
    public void message(String text) {
        if (parent != null) {
            if (!silenced()) parent.message(text);
            return;
        }
        pendingMessage = text == null ? "" : text;
        schedule();
    }

    /** Back to indeterminate with no message. Safe from any thread. */
    public void reset() {
        if (parent != null) {
            if (!silenced()) parent.reset();
            return;
        }
        pendingFraction = INDETERMINATE;
        pendingMessage = "";
        schedule();
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            try {
                loop.callSoon(this::deliver);
            } catch (RejectedExecutionException closed) {
                // the loop is closed: nobody is left to show progress
            }
        }
    }

    private void deliver() {
        scheduled.set(false); // before reading: an update racing with us schedules a new delivery
        fraction = pendingFraction;
        message = pendingMessage;
        for (Runnable l : listeners) {
            try {
                l.run();
            } catch (RuntimeException e) {
                loop.callExceptionHandler(new ErrorContext("Exception in a Progress listener " + l, e, this));
            }
        }
    }

    /** The latest delivered fraction, 0..1, or {@link #INDETERMINATE}. Loop thread. */
    public double fraction() {
        return parent != null ? parent.fraction() : fraction;
    }

    /** The latest delivered message, never null. Loop thread. */
    public String message() {
        return parent != null ? parent.message() : message;
    }

    /** Calls {@code listener} on the loop thread after each delivery. Loop thread. */
    public void onChange(Runnable listener) {
        if (parent != null) throw new IllegalStateException("onChange(): a forTask() channel has no listeners of its own (expected: listen to the progress it reports into)");
        listeners.add(Checks.notNull(listener, "listener"));
    }

    @Override
    public String toString() {
        return "Progress[" + (fraction < 0 ? "indeterminate" : Math.round(fraction * 100) + "%")
                + (message.isEmpty() ? "" : ", " + message) + "]";
    }
}
