package io.loopbridge.javafx;

import io.loopbridge.core.EventLoop;
import io.loopbridge.core.ForwardingEventLoop;
import io.loopbridge.core.GuestLoop;
import io.loopbridge.core.LoopFuture;
import io.loopbridge.core.host.DeadlineTimer;
import io.loopbridge.core.host.ModalCalls;
import io.loopbridge.core.host.ParkingDeadlineTimer;
import io.loopbridge.core.host.RunStack;
import io.loopbridge.core.host.TimeSlicedDriver;
import javafx.application.Platform;

import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
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
 * <p><b>How it is hosted</b> (the core's host kit, {@code io.loopbridge.core.host}). A wake-up posts one
 * {@code Platform.runLater} turn (at most one is queued, however many threads submit work). A turn runs
 * ready callbacks and due timers for at most {@link #TURN_BUDGET}, then yields with another
 * {@code runLater} if work is left, so rendering and input go on during a flood. One deadline timer is
 * armed for the earliest deadline ({@link Timers}); it only posts the turn, so loop callbacks never run
 * inside animation or layout processing. Modal dialogs opened from a callback ({@code showAndWait}) keep
 * the loop running: their nested event loop runs the turns. Runs and {@code stop()} follow the kit's
 * {@code RunStack}, the same rules as every host's.
 *
 * <p><b>Lifecycle.</b> {@link #create()} starts the JavaFX toolkit if nobody has. {@link #close()} stops
 * the host timer, cancels pending tasks, timers and futures, and releases the FX thread (on it,
 * {@code EventLoop.current()} then reports the most recently created loop still open, or none). When the
 * toolkit exits ({@code Platform.exit()}, or implicitly when the last window closes while
 * {@code Platform.isImplicitExit()}), JavaFX drops {@code runLater} silently; a daemon thread notices that
 * the FX thread has ended and closes the loop, so nothing waits for it forever. The loop leaves no
 * non-daemon thread behind. A {@code close()} from another thread waits for the FX thread's cleanup at
 * most {@link #CLOSE_WAIT} (the FX thread may be blocked on the closing thread); after that the cleanup
 * happens at the FX thread's next turn.
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

    /** How long {@link #close()} called off the FX thread waits for the FX thread's cleanup (the kit's close policy). */
    public static final Duration CLOSE_WAIT = Duration.ofSeconds(1);

    /** How a loop's timers meet the toolkit; see {@code docs/javafx-timers.md} for the measurements. */
    public enum Timers {
        /**
         * The default: a daemon thread parks until the earliest deadline, then posts the turn (the kit's
         * {@code ParkingDeadlineTimer}). A timer runs a fraction of a millisecond late, independently of
         * the frame rate.
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

    private final String name;
    private final TimeSlicedDriver driver;
    /** The runUntilComplete/runForever calls in progress, and the stop() rule. */
    private final RunStack runs;
    /** The runs whose nested event loop is entered. FX thread only. */
    private final Set<RunStack.Run> entered = new HashSet<>();

    private FxLoop(String name, TimeSlicedDriver driver) {
        super(new GuestLoop(driver));
        this.name = name;
        this.driver = driver;
        core.setName(name); // worker threads read FxLoop-1-worker-1
        this.runs = new RunStack(this, core, new ToolkitNesting());
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
        String name = "FxLoop-" + IDS.incrementAndGet();
        TimeSlicedDriver driver = new TimeSlicedDriver(name, Platform::runLater, TURN_BUDGET);
        FxLoop loop = new FxLoop(name, driver);
        GuestLoop core = loop.core;
        // an await from inside a dialog the coroutine opened fails, not freezes: checked at each suspend
        // (the fallback, for a JavaFX without the nested-loop entry the check looks for: a probe read at resumes too)
        core.setNestedLoopCheck(FxNesting.check());
        core.setNestingProbe(FxNesting.probe());
        DeadlineTimer timer = timers == Timers.PRECISE
                ? new ParkingDeadlineTimer(core::time, driver::post, loop.timerThreadName())
                : new FrameTimer(core::time, driver::post);
        driver.start(core, timer, loop.new Hooks());
        FxPlatform.runAndWait(() -> {
            core.attachThread(loop); // EventLoop.current() on the FX thread is this loop from now on
            FxPlatform.register(loop, core);
        });
        return loop;
    }

    /**
     * Runs a blocking modal call ({@code alert::showAndWait}, {@code () -> chooser.showOpenDialog(stage)})
     * in an FX event of its own, outside any loop callback, and completes the returned future with its
     * result or failure (the kit's {@code ModalCalls} policy, as on every bridge). The loop keeps running
     * while the dialog is open. Cancelling the future before the call starts skips it; once the dialog is
     * open, cancelling does not close it. Loop thread only.
     */
    public <T> LoopFuture<T> runModal(Supplier<? extends T> modal) {
        Objects.requireNonNull(modal, "modal: null (expected: non-null)");
        return ModalCalls.run(this, Platform::runLater, modal);
    }

    // ---------------------------------------------------------------------------------------------
    // Running
    // ---------------------------------------------------------------------------------------------

    /**
     * Runs the loop until {@code stage} is done and returns its value, or throws as
     * {@link java.util.concurrent.CompletableFuture#join()} does. On the FX thread it nests
     * ({@code Platform.enterNestedEventLoop}): events, rendering and the loop go on, and it returns once
     * the stage is done. On another thread it waits (the FX thread runs the loop anyway).
     *
     * @throws IllegalStateException    if the loop is closed or stopped before the stage is done, or if
     *                                  called on the FX thread inside animation or layout processing, where
     *                                  JavaFX cannot nest event loops
     * @throws IllegalArgumentException if {@code stage} is a future of another loop that no thread runs
     * @throws CompletionException      with an {@link InterruptedException} cause if a waiting thread is interrupted
     */
    @Override
    public <T> T runUntilComplete(CompletionStage<T> stage) {
        Objects.requireNonNull(stage, "stage: null (expected: non-null)");
        checkCanNest("runUntilComplete");
        return runs.runUntilComplete(stage);
    }

    /**
     * Runs until {@link #stop()} (or {@link #close()}): nests on the FX thread, waits elsewhere. After a
     * {@code stop()} made while nothing ran, returns after one turn of the loop.
     *
     * @throws IllegalStateException as {@link #runUntilComplete}
     */
    @Override
    public void runForever() {
        checkCanNest("runForever");
        runs.runForever();
    }

    /**
     * Makes the innermost {@code runForever}/{@code runUntilComplete} on the FX thread return after the
     * current turn; with none there, the runs waiting on other threads; with none at all, makes the next
     * run return after one turn. Safe from any thread.
     */
    @Override
    public void stop() {
        runs.stop();
    }

    /**
     * Whether a {@code runForever}/{@code runUntilComplete} is in progress on any thread, or a callback
     * runs (the same rule on every host). Safe from any thread.
     */
    @Override
    public boolean isRunning() {
        return runs.isRunning();
    }

    private void checkCanNest(String what) {
        if (isClosed()) throw new IllegalStateException("loop is closed: cannot " + what + " on " + this);
        if (Platform.isFxApplicationThread() && !Platform.canStartNestedEventLoop()) {
            throw new IllegalStateException(what + "() cannot run here: the JavaFX Application Thread is inside"
                    + " animation or layout processing, where JavaFX forbids nested event loops"
                    + " (await the stage with thenAccept/thenCompose instead)");
        }
    }

    /** A run on the FX thread is a nested event loop keyed by its run; Glass can leave a loop that is not the innermost. */
    private final class ToolkitNesting implements RunStack.Nesting {
        @Override
        public boolean isLoopThread() {
            return Platform.isFxApplicationThread();
        }

        @Override
        public void enter(RunStack.Run run) {
            entered.add(run); // an exit racing in from another thread posts itself, and runs inside the loop
            try {
                driver.post(); // inside a callback the outer turn is on hold: make sure the loop is driven
                Platform.enterNestedEventLoop(run);
            } finally {
                entered.remove(run);
            }
        }

        @Override
        public void exit(RunStack.Run run) {
            if (Platform.isFxApplicationThread()) {
                if (entered.contains(run)) Platform.exitNestedEventLoop(run, null); // (not entered yet: it will not enter)
            } else {
                Platform.runLater(() -> {
                    if (entered.contains(run)) Platform.exitNestedEventLoop(run, null);
                });
            }
        }

        @Override
        public void requestIteration() {
            driver.post();
        }

        @Override
        public boolean isDriven() {
            return !FxPlatform.exited();
        }
    }

    /** What this host adds to the kit's turns. */
    private final class Hooks implements TimeSlicedDriver.Hooks {
        @Override
        public boolean isLoopThread() {
            return Platform.isFxApplicationThread();
        }

        @Override
        public void afterTurn() {
            runs.afterIteration();
        }

        @Override
        public void released() {
            FxPlatform.release(FxLoop.this, core); // current() on the FX thread: the newest loop still open
            runs.endAll();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Closing
    // ---------------------------------------------------------------------------------------------

    /**
     * Closes the loop (idempotent): stops the host timer, cancels queued callbacks, timers, pending tasks
     * and futures, ends runs in progress, and releases the FX thread. From another thread it returns once
     * the FX thread has done its half, the toolkit has exited, or after {@link #CLOSE_WAIT} (then the FX
     * thread finishes at its next turn). Afterwards scheduling throws
     * {@link java.util.concurrent.RejectedExecutionException}. Safe from any thread.
     */
    @Override
    public void close() {
        core.close(); // with a dead FX thread (toolkit exited) this cleans up on the calling thread
        runs.endAll(); // at once: a nested run on the FX thread must unwind before the core can clean up
        driver.closeAndWait(CLOSE_WAIT, FxPlatform::exited);
    }

    /** The name of this loop's {@link Timers#PRECISE} timer thread (for tests). */
    String timerThreadName() {
        return name + "-timer";
    }

    /** How many runs are in progress (for tests). */
    int runsInProgress() {
        return runs.size();
    }

    /** The longest host turn so far, in nanoseconds (a turn whose callback opened a modal dialog lasts as long as it). */
    long longestTurnNanos() {
        return driver.longestTurnNanos();
    }

    /** Turns queued with {@code runLater} so far (for tests of wake-up coalescing). */
    long turnsPosted() {
        return driver.posts();
    }

    @Override
    public String toString() {
        return name + "[" + (isClosed() ? "closed" : "open") + ", " + core + "]";
    }
}
