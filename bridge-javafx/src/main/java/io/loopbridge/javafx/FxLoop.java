package io.loopbridge.javafx;

import io.loopbridge.core.EventLoop;
import io.loopbridge.core.ForwardingEventLoop;
import io.loopbridge.core.GuestLoop;
import io.loopbridge.core.LoopFuture;
import javafx.application.Platform;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The {@link EventLoop} of a JavaFX application: its loop thread is the JavaFX Application Thread, so
 * callbacks, continuations and tasks may touch the scene graph directly.
 *
 * <pre>{@code
 * FxLoop loop = FxLoop.create();
 * button.setOnAction(FxActions.of(loop).handler(e ->
 *         loop.sleep(Duration.ofSeconds(1)).thenRun(() -> label.setText("Done"))));
 * }</pre>
 *
 * <p><b>How it is hosted.</b> A wake-up posts one {@code Platform.runLater} turn (at most one is queued,
 * however many threads submit work). A turn runs ready callbacks and due timers for at most
 * {@link #TURN_BUDGET}, then yields with another {@code runLater} if work is left, so rendering and input
 * go on during a flood. One host timer is armed for the earliest deadline ({@link Timers}); it only posts
 * the turn, so loop callbacks never run inside animation or layout processing. Modal dialogs opened from
 * a callback ({@code showAndWait}) keep the loop running: their nested event loop runs the turns.
 *
 * <p><b>Lifecycle.</b> {@link #create()} starts the JavaFX toolkit if nobody has. {@link #close()} stops
 * the host timer, cancels pending tasks, timers and futures, and releases the FX thread (on it,
 * {@code EventLoop.current()} then reports the most recently created loop still open, or none). When the
 * toolkit exits ({@code Platform.exit()}, or implicitly when the last window closes while
 * {@code Platform.isImplicitExit()}), JavaFX drops {@code runLater} silently; a daemon thread notices that
 * the FX thread has ended and closes the loop, so nothing waits for it forever. The loop leaves no
 * non-daemon thread behind.
 *
 * <p><b>Threading.</b> As {@link EventLoop}: scheduling ({@code callSoon}, {@code execute},
 * {@code callLater}, {@code callAt}, {@code createTask}), {@link #stop()}, {@link #close()} and the queries
 * are safe from any thread; the rest is for the FX Application Thread. {@link #runUntilComplete} and
 * {@link #runForever()} work on any thread: on the FX thread they nest, elsewhere they wait.
 */
public final class FxLoop extends ForwardingEventLoop {

    /**
     * The most a host turn spends running callbacks before it yields to the toolkit: 2 ms. A pulse (a
     * frame) that comes due during a turn waits for the turn to end, so under a flood of callbacks the
     * longest gap between frames is a frame plus this budget (plus one callback, which is never
     * interrupted): 2 ms keeps it under 20 ms at 60 Hz. Each yield costs one {@code runLater}, under 1% of
     * the turn. (It was 8 ms, half a frame; the UI benchmark measured 25-30 ms frame gaps under a flood with
     * it; see {@code docs/performance.md}.)
     */
    public static final Duration TURN_BUDGET = Duration.ofMillis(2);

    /** How a loop's timers meet the toolkit; see {@code docs/javafx-timers.md} for the measurements. */
    public enum Timers {
        /**
         * The default: a daemon thread parks until the earliest deadline, then posts the turn. A timer
         * runs a fraction of a millisecond late, independently of the frame rate.
         */
        PRECISE,
        /**
         * Frame-aligned: the earliest deadline is checked on each JavaFX pulse (an {@code AnimationTimer}),
         * which posts the turn. Timers run on the first frame after their deadline (up to a frame late)
         * and keep the pulse running while one is pending; no thread of its own.
         */
        FRAME_ALIGNED
    }

    private static final AtomicInteger IDS = new AtomicInteger();

    private final int id = IDS.incrementAndGet();
    private final FxHost host;
    /** The runUntilComplete/runForever calls in progress. */
    private final NestedRuns runs = new NestedRuns();
    /** Set once the close cleanup ({@link #afterCleanup()}) has run; never cleared. */
    private final AtomicBoolean cleanedUp = new AtomicBoolean();
    private final CountDownLatch cleanedUpLatch = new CountDownLatch(1);

    private FxLoop(FxHost host) {
        super(new GuestLoop(host));
        this.host = host;
    }

    /** A new loop with {@link Timers#PRECISE} timers; starts the JavaFX toolkit if needed. Safe from any thread. */
    public static FxLoop create() {
        return create(Timers.PRECISE);
    }

    /**
     * A new loop with the given timer strategy; starts the JavaFX toolkit if needed. Safe from any thread
     * (off the FX thread it waits until the loop is attached to the FX thread).
     *
     * @throws IllegalStateException if the toolkit cannot start (no display) or has exited
     */
    public static FxLoop create(Timers timers) {
        Objects.requireNonNull(timers, "timers: null (expected: a FxLoop.Timers)");
        FxPlatform.startup();
        FxHost host = new FxHost(TURN_BUDGET.toNanos());
        FxLoop loop = new FxLoop(host);
        GuestLoop core = loop.core;
        core.setNestingProbe(FxNesting.probe()); // an await from inside a dialog the coroutine opened fails, not freezes
        HostTimer timer = timers == Timers.PRECISE
                ? new PreciseTimer(core::time, host::post, loop.timerThreadName())
                : new FrameTimer(core::time, host::post);
        host.init(core, timer, loop::afterCleanup);
        FxPlatform.runAndWait(() -> {
            core.attachThread(loop); // EventLoop.current() on the FX thread is this loop from now on
            FxPlatform.register(loop);
        });
        return loop;
    }

    /**
     * Runs a blocking modal call ({@code alert::showAndWait}, {@code () -> chooser.showOpenDialog(stage)})
     * in an FX event of its own, outside any loop callback, and completes the returned future with its
     * result or failure. The loop keeps running while the dialog is open. Cancelling the future before the
     * call starts skips it; once the dialog is open, cancelling does not close it. Loop thread only.
     */
    public <T> LoopFuture<T> runModal(Supplier<? extends T> modal) {
        Objects.requireNonNull(modal, "modal: null (expected: non-null)");
        LoopFuture<T> result = createFuture();
        Platform.runLater(() -> {
            if (result.isDone()) return;
            try {
                result.complete(modal.get());
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
                if (e instanceof VirtualMachineError) throw e; // out of memory and the like are not results
            }
        });
        return result;
    }

    // ---------------------------------------------------------------------------------------------
    // Running
    // ---------------------------------------------------------------------------------------------

    /** The outcome of a runUntilComplete stage; {@link #done} publishes the rest. */
    private static final class Outcome {
        Object value;
        Throwable failure;
        volatile boolean done;
    }

    /**
     * Runs the loop until {@code stage} is done and returns its value, or throws as
     * {@link java.util.concurrent.CompletableFuture#join()} does. On the FX thread it nests
     * ({@code Platform.enterNestedEventLoop}): events, rendering and the loop go on, and it returns once
     * the stage is done. On another thread it waits (the FX thread runs the loop anyway).
     *
     * @throws IllegalStateException if the loop is closed or stopped before the stage is done, or if called
     *                               on the FX thread inside animation or layout processing, where JavaFX
     *                               cannot nest event loops
     */
    @Override
    public <T> T runUntilComplete(CompletionStage<T> stage) {
        Objects.requireNonNull(stage, "stage: null (expected: non-null)");
        checkCanRun("runUntilComplete");
        Outcome out = new Outcome();
        NestedRuns.Run run = runs.begin();
        stage.whenComplete((v, e) -> {
            out.value = v;
            out.failure = e;
            out.done = true;
            runs.end(run);
        });
        runs.await(run);
        if (!out.done) {
            throw new IllegalStateException("the event loop stopped before the stage completed: " + stage
                    + (isClosed() ? " (the loop was closed)" : ""));
        }
        if (out.failure == null) {
            @SuppressWarnings("unchecked") T v = (T) out.value;
            return v;
        }
        Throwable cause = out.failure instanceof CompletionException && out.failure.getCause() != null
                ? out.failure.getCause() : out.failure;
        if (cause instanceof CancellationException) throw (CancellationException) cause;
        throw new CompletionException(cause);
    }

    /**
     * Runs until {@link #stop()} (or {@link #close()}): nests on the FX thread, waits elsewhere. After a
     * {@code stop()} made while nothing ran, returns after one pass of the loop.
     *
     * @throws IllegalStateException as {@link #runUntilComplete}
     */
    @Override
    public void runForever() {
        checkCanRun("runForever");
        if (runs.takeStopPending()) {
            if (Platform.isFxApplicationThread()) core.runOnce();
            return;
        }
        runs.await(runs.begin());
    }

    /**
     * Makes the innermost {@code runForever}/{@code runUntilComplete} return once the current event is
     * handled; with none in progress, makes the next {@code runForever} return after one pass. Safe from
     * any thread.
     */
    @Override
    public void stop() {
        runs.stopInnermost();
    }

    /** Whether a {@code runForever}/{@code runUntilComplete} is in progress on any thread. Safe from any thread. */
    @Override
    public boolean isRunning() {
        return runs.size() > 0;
    }

    private void checkCanRun(String what) {
        if (isClosed()) throw new IllegalStateException("loop is closed: cannot " + what + " on " + this);
        if (Platform.isFxApplicationThread() && !Platform.canStartNestedEventLoop()) {
            throw new IllegalStateException(what + "() cannot run here: the JavaFX Application Thread is inside"
                    + " animation or layout processing, where JavaFX forbids nested event loops"
                    + " (await the stage with thenAccept/thenCompose instead)");
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Closing
    // ---------------------------------------------------------------------------------------------

    /**
     * Closes the loop (idempotent): stops the host timer, cancels queued callbacks, timers, pending tasks
     * and futures, ends runs in progress, and releases the FX thread. From another thread it returns once
     * the FX thread has done its half (or the toolkit has exited). Afterwards scheduling throws
     * {@link java.util.concurrent.RejectedExecutionException}. Safe from any thread.
     */
    @Override
    public void close() {
        core.close(); // with a dead FX thread (toolkit exited) this cleans up on the calling thread
        host.timer().close();
        runs.endAll(); // at once: a nested run on the FX thread must unwind before the core can clean up
        if (cleanedUp.get()) return;
        if (Platform.isFxApplicationThread()) {
            // outside runOnce the core cleaned up just now; inside a callback the turn finishes it
            if (core.nextTimeout() < 0) afterCleanup();
            return;
        }
        boolean interrupted = false;
        try {
            while (!cleanedUp.get()) {
                if (FxPlatform.exited()) {
                    core.close(); // the FX thread died meanwhile: clean up here
                    afterCleanup();
                    break;
                }
                try {
                    cleanedUpLatch.await(20, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    /** The host half of close, once the core has cleaned up: on the FX thread, or anywhere once it died. */
    private void afterCleanup() {
        if (!cleanedUp.compareAndSet(false, true)) return;
        host.timer().close();
        FxLoop next = FxPlatform.unregister(this);
        if (Platform.isFxApplicationThread() && core.loopThread() == Thread.currentThread()) {
            core.detachThread();
            if (next != null) next.core.attachThread(next);
        }
        runs.endAll();
        cleanedUpLatch.countDown();
    }

    /** The name of this loop's {@link Timers#PRECISE} timer thread (for tests). */
    String timerThreadName() {
        return "loopbridge-fx-timer-" + id;
    }

    /** How many runs are in progress (for tests). */
    int runsInProgress() {
        return runs.size();
    }

    /** The longest host turn so far, in nanoseconds (a turn whose callback opened a modal dialog lasts as long as it). */
    long longestTurnNanos() {
        return host.longestTurnNanos;
    }

    /** Turns queued with {@code runLater} so far (for tests of wake-up coalescing). */
    long turnsPosted() {
        return host.posts.get();
    }

    @Override
    public String toString() {
        return "FxLoop-" + id + "[" + (isClosed() ? "closed" : "open") + ", " + core + "]";
    }
}
