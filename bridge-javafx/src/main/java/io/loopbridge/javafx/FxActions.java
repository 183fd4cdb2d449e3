package io.loopbridge.javafx;

import io.loopbridge.core.Progress;
import io.loopbridge.core.Task;
import io.loopbridge.core.host.ActionCore;
import io.loopbridge.core.host.ActionState;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.event.Event;
import javafx.event.EventHandler;
import javafx.scene.Node;
import javafx.stage.Window;
import javafx.stage.WindowEvent;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Async event handlers: each event (a {@code Button}'s or {@code MenuItem}'s {@code onAction}, or any
 * other) starts an async body as a {@link Task} on an {@link FxLoop}, and the state of those runs shows
 * as JavaFX properties, the way {@code javafx.concurrent.Worker}'s do.
 *
 * <pre>{@code
 * Progress progress = new Progress(loop);
 * FxActions download = FxActions.of(loop)
 *         .disableWhileRunning(downloadButton)
 *         .enableWhileRunning(cancelButton)
 *         .cancelOnClose(stage)
 *         .progress(progress);
 * downloadButton.setOnAction(download.handler(e ->
 *         loop.runInExecutor(() -> fetch(url, progress)).thenAccept(text::setText)));
 * cancelButton.setOnAction(e -> download.cancel());
 * bar.progressProperty().bind(download.progressProperty());
 * status.textProperty().bind(download.messageProperty());
 * }</pre>
 *
 * <p><b>Coroutine bodies</b> (JDK 21+, {@code docs/coroutines.md}): {@link #launch(ActionCore.CoroutineBody)}
 * takes straight-line code that suspends at each {@code await}, with the same options:
 * <pre>{@code
 * search.setOnAction(FxActions.of(loop).latestWins().launch(e -> {   // starts at once, on the FX thread
 *     spinner.setVisible(true);
 *     try {
 *         HttpResponse<String> r = await(http.sendAsync(request, ofString()));
 *         results.setText(r.body());                                 // still the FX Application Thread
 *     } finally {
 *         spinner.setVisible(false);                                 // on success, failure and cancel
 *     }
 * }));
 * }</pre>
 *
 * <p>The options and their meaning are those of {@link ActionCore}, the toolkit-neutral core these
 * actions are built on, and the same as {@code SwingActions}' in the Swing bridge:
 * <ul>
 *   <li>The body's synchronous start runs at once, inside the event handler (an eager task), so it can
 *       read or consume the event and change the UI before it first waits.</li>
 *   <li>Each event starts a run; runs go side by side, or, with {@link #latestWins()}, a new run cancels
 *       the earlier ones (search as you type).</li>
 *   <li>Each run reports once: {@link #onSucceeded}, {@link #onCancelled}, or its failure to
 *       {@link #onFailure} (without one, to the loop's exception handler with the task as source).
 *       Cancelling is not failing, and a run these actions cancelled (by {@link #cancel()}, its window
 *       closing, or a newer run) never reaches {@code onFailure}. The full policy:
 *       {@link ActionCore}, "Outcomes".</li>
 *   <li>{@link #stateProperty()} follows the most recent run ({@link ActionState}); {@link #progressProperty()}
 *       is 0 while idle and indeterminate only while a run runs and has reported nothing.</li>
 * </ul>
 *
 * <p><b>Threading.</b> Configure it ({@code disableWhileRunning}, {@code enableWhileRunning},
 * {@code cancelOnClose}, {@code latestWins}, the hooks, {@code progress}) before its handlers run, on any
 * one thread, as when building a scene graph. {@link #start}, the handlers, the getters and the
 * properties are for the FX Application Thread, which is also the only thread that changes the
 * properties (bind controls to them). {@link #cancel()} is safe from any thread.
 */
public final class FxActions {
    private final FxLoop loop;
    private final ActionCore core;
    /** The properties: written on the FX thread only, by the core's listener. */
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyObjectWrapper<ActionState> state = new ReadOnlyObjectWrapper<>(this, "state", ActionState.READY);
    private final ReadOnlyDoubleWrapper fraction = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");

    private FxActions(FxLoop loop) {
        this.loop = loop;
        core = new ActionCore(loop, "the JavaFX Application Thread").addListener(new ActionCore.Listener() {
            @Override
            public void runningChanged(boolean now) {
                running.set(now);
            }

            @Override
            public void stateChanged(ActionState now) {
                state.set(now);
            }

            @Override
            public void progressChanged(double f, String m) {
                fraction.set(f);
                message.set(m);
            }
        });
    }

    /** A new set of actions whose runs are tasks of {@code loop}. Safe from any thread. */
    public static FxActions of(FxLoop loop) {
        if (loop == null) throw new NullPointerException("loop: null (expected: non-null)");
        return new FxActions(loop);
    }

    /**
     * Disables {@code nodes} while any run is running (those not disabled already and whose disable
     * property is not bound), and enables again those it disabled. Configuration.
     */
    public FxActions disableWhileRunning(Node... nodes) {
        for (Node n : requireNodes(nodes)) core.disableWhileRunning(control(n));
        return this;
    }

    /**
     * Enables {@code nodes} (a Cancel button, disabled while idle) while any run is running, and disables
     * again those it enabled (a node whose disable property is bound is left alone). Configuration.
     */
    public FxActions enableWhileRunning(Node... nodes) {
        for (Node n : requireNodes(nodes)) core.enableWhileRunning(control(n));
        return this;
    }

    private static Node[] requireNodes(Node[] nodes) {
        if (nodes == null) throw new NullPointerException("nodes: null (expected: non-null)");
        for (Node n : nodes) if (n == null) throw new NullPointerException("nodes: a null node (expected: non-null)");
        return nodes;
    }

    private static ActionCore.Control control(Node n) {
        return enabled -> {
            if (n.disableProperty().isBound() || n.isDisable() != enabled) return false;
            n.setDisable(!enabled);
            return true;
        };
    }

    /** Cancels the runs when {@code window} is closed (hidden); they end cancelled. Configuration. */
    public FxActions cancelOnClose(Window window) {
        if (window == null) throw new NullPointerException("window: null (expected: non-null)");
        core.cancelOnClose(cancel -> window.addEventHandler(WindowEvent.WINDOW_HIDDEN, e -> cancel.run()));
        return this;
    }

    /** Latest wins: a new run first cancels the earlier ones, which then report nothing. Configuration. */
    public FxActions latestWins() {
        core.latestWins();
        return this;
    }

    /** Sends each failed run's failure to {@code handler}, on the FX thread, instead of the loop's exception handler. Configuration. */
    public FxActions onFailure(Consumer<? super Throwable> handler) {
        core.onFailure(handler);
        return this;
    }

    /** Runs {@code hook} on the FX thread when a run succeeds. Configuration. */
    public FxActions onSucceeded(Runnable hook) {
        core.onSucceeded(hook);
        return this;
    }

    /** Runs {@code hook} on the FX thread when a run ends cancelled. Configuration. */
    public FxActions onCancelled(Runnable hook) {
        core.onCancelled(hook);
        return this;
    }

    /**
     * Shows {@code progress} in {@link #progressProperty()} and {@link #messageProperty()}; a run that
     * starts while no other runs resets it. {@code progress} must deliver on this loop. Configuration.
     */
    public FxActions progress(Progress progress) {
        core.progress(progress);
        return this;
    }

    /**
     * An event handler that starts {@code body} with its event as a run of these actions (see
     * {@link #start}). Safe from any thread; the handler itself runs on the FX thread, as JavaFX calls it.
     */
    public <E extends Event, T> EventHandler<E> handler(Function<? super E, ? extends CompletionStage<T>> body) {
        if (body == null) throw new NullPointerException("body: null (expected: non-null)");
        return event -> start(() -> body.apply(event));
    }

    /**
     * Starts {@code body} now as a run of these actions: its synchronous start runs before this returns.
     * FX Application Thread only.
     *
     * @return the run's task, to await or cancel
     * @throws RejectedExecutionException if the loop is closed
     * @throws IllegalStateException      off the FX Application Thread
     */
    public <T> Task<T> start(Supplier<? extends CompletionStage<T>> body) {
        return core.start(body);
    }

    /**
     * An event handler that starts {@code body} with its event as a coroutine run of these actions (see
     * {@link #launch(Callable)}): the body starts at once, inside the handler, on the FX thread, and stays
     * there across each {@code await}. Safe from any thread; the handler runs on the FX thread.
     *
     * @throws UnsupportedOperationException here, where coroutines are unsupported (JDK 17, or the
     *         {@code --add-exports} flag missing: the message names it), not at the first event
     */
    public <E extends Event> EventHandler<E> launch(ActionCore.CoroutineBody<? super E> body) {
        if (body == null) throw new NullPointerException("body: null (expected: non-null)");
        ActionCore.requireCoroutines("FxActions.launch");
        return event -> launch(() -> {
            body.run(event);
            return null;
        });
    }

    /**
     * Starts {@code body} now as a coroutine run of these actions ({@link ActionCore#launch}): it runs until
     * its first {@code await} that suspends before this returns; cancelling the run (by {@link #cancel()}, a
     * window closing, a newer run, the loop closing) resumes it with a {@code CancellationException} at its
     * await, so its finally blocks run. FX Application Thread only.
     *
     * @return the run's task, to await or cancel
     * @throws UnsupportedOperationException where coroutines are unsupported
     * @throws RejectedExecutionException    if the loop is closed
     * @throws IllegalStateException         off the FX Application Thread
     */
    public <T> Task<T> launch(Callable<T> body) {
        return core.launch(body);
    }

    /** Cancels every run of these actions not yet reported: they end cancelled, not failed. Safe from any thread. */
    public void cancel() {
        core.cancel();
    }

    /** Whether a run of these actions is running. FX thread. */
    public boolean isRunning() {
        return running.get();
    }

    /** True while a run of these actions is running. FX thread. */
    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** The state of the most recent run. FX thread. */
    public ActionState getState() {
        return state.get();
    }

    /** The state of the most recent run ({@link ActionState}), for a label to bind to. FX thread. */
    public ReadOnlyObjectProperty<ActionState> stateProperty() {
        return state.getReadOnlyProperty();
    }

    /** The progress fraction (see {@link #progressProperty()}). FX thread. */
    public double getProgress() {
        return fraction.get();
    }

    /**
     * The progress, as {@code ProgressBar} shows it: 0 while idle, -1 (indeterminate) while a run runs
     * and has reported nothing, else the {@link #progress} fraction, 0..1. FX thread.
     */
    public ReadOnlyDoubleProperty progressProperty() {
        return fraction.getReadOnlyProperty();
    }

    /** The progress message, never null. FX thread. */
    public String getMessage() {
        return message.get();
    }

    /** The {@link #progress} message, never null (it keeps the last one after a run). FX thread. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /**
     * Cancels {@code task} (any task) when {@code window} is closed (hidden); the handler is removed when
     * the task ends. Returns {@code task}. FX thread.
     */
    public static <T extends Task<?>> T cancelOnClose(Window window, T task) {
        if (window == null) throw new NullPointerException("window: null (expected: non-null)");
        if (task == null) throw new NullPointerException("task: null (expected: non-null)");
        EventHandler<WindowEvent> h = e -> task.cancel(true);
        window.addEventHandler(WindowEvent.WINDOW_HIDDEN, h);
        // allOf: runs when the task is done without counting as observing it (a failure nobody sees is still reported)
        CompletableFuture.allOf(task).whenComplete((v, e) -> window.removeEventHandler(WindowEvent.WINDOW_HIDDEN, h));
        return task;
    }

    @Override
    public String toString() {
        return "FxActions[" + (core.isRunning() ? "running" : "idle") + ", " + core.getState() + ", " + loop + "]";
    }
}
