package io.loopbridge.javafx;

import io.loopbridge.core.ErrorContext;
import io.loopbridge.core.Progress;
import io.loopbridge.core.Task;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.event.Event;
import javafx.event.EventHandler;
import javafx.scene.Node;
import javafx.stage.Window;
import javafx.stage.WindowEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Async event handlers: each event (a {@code Button}'s or {@code MenuItem}'s {@code onAction}, or any
 * other) starts an async body as a {@link Task} on an {@link FxLoop}, and the state of those tasks shows
 * as JavaFX properties, the way {@code javafx.concurrent.Worker}'s do.
 *
 * <pre>{@code
 * Progress progress = new Progress(loop);
 * FxActions download = FxActions.of(loop)
 *         .disableWhileRunning(downloadButton)
 *         .cancelOnHide(stage)
 *         .progress(progress);
 * downloadButton.setOnAction(download.handler(e ->
 *         loop.runInExecutor(() -> fetch(url, progress)).thenAccept(text::setText)));
 * cancelButton.setOnAction(e -> download.cancel());
 * cancelButton.disableProperty().bind(download.runningProperty().not());
 * bar.progressProperty().bind(download.progressProperty());
 * status.textProperty().bind(download.messageProperty());
 * }</pre>
 *
 * <ul>
 *   <li>The body's synchronous start runs at once, inside the event handler (an eager task), so it can
 *       read or consume the event and change the UI before it first waits.</li>
 *   <li>A failure goes to the {@link #onFailure} callback if one is set, otherwise to the loop's
 *       exception handler with the task as source. Cancellation is not a failure.</li>
 *   <li>Each event starts a task; tasks of one {@code FxActions} may run side by side (use
 *       {@link #disableWhileRunning} to allow one at a time).</li>
 * </ul>
 *
 * <p><b>Threading.</b> Configure it ({@code disableWhileRunning}, {@code cancelOnHide},
 * {@code onFailure}, {@code progress}) before its handlers run, on any one thread, as when building a
 * scene graph. {@link #start}, the handlers and the property getters are for the FX Application Thread,
 * which is also the only thread that changes the properties (bind controls to them). {@link #cancel()}
 * is safe from any thread.
 */
public final class FxActions {
    private final FxLoop loop;
    /** The tasks started here and not done yet. FX thread only. */
    private final List<Task<?>> tasks = new ArrayList<>();
    /** Configured before use (see the class javadoc), read on the FX thread afterwards. */
    private final List<Node> disableWhileRunning = new ArrayList<>();
    /** The nodes this disabled when the first task started (and will enable again). FX thread only. */
    private final List<Node> disabledByUs = new ArrayList<>();
    /** Configured before use, read on the FX thread. */
    private Consumer<? super Throwable> onFailure;
    /** Configured before use, read on the FX thread. */
    private Progress progress;
    /** The properties: written on the FX thread only. */
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyDoubleWrapper fraction = new ReadOnlyDoubleWrapper(this, "progress", Progress.INDETERMINATE);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");

    private FxActions(FxLoop loop) {
        this.loop = loop;
    }

    /** A new set of actions whose tasks run on {@code loop}. Safe from any thread. */
    public static FxActions of(FxLoop loop) {
        return new FxActions(Objects.requireNonNull(loop, "loop: null (expected: non-null)"));
    }

    /**
     * Disables {@code nodes} while any task of these actions runs (unless their disable property is bound),
     * and enables again those it disabled. Configuration: before the handlers run.
     */
    public FxActions disableWhileRunning(Node... nodes) {
        Objects.requireNonNull(nodes, "nodes: null (expected: non-null)");
        for (Node n : nodes) disableWhileRunning.add(Objects.requireNonNull(n, "nodes: a null node (expected: non-null)"));
        return this;
    }

    /** Cancels the running tasks when {@code window} is hidden (closed). Configuration: before the handlers run. */
    public FxActions cancelOnHide(Window window) {
        Objects.requireNonNull(window, "window: null (expected: non-null)")
                .addEventHandler(WindowEvent.WINDOW_HIDDEN, e -> cancel());
        return this;
    }

    /**
     * Sends failures (not cancellations) to {@code handler}, on the FX thread, instead of the loop's
     * exception handler. Configuration: before the handlers run.
     */
    public FxActions onFailure(Consumer<? super Throwable> handler) {
        this.onFailure = Objects.requireNonNull(handler, "handler: null (expected: non-null)");
        return this;
    }

    /**
     * Shows {@code progress} in {@link #progressProperty()} and {@link #messageProperty()}; it is reset
     * when a task starts while none runs. {@code progress} must deliver on this loop. Configuration: before
     * the handlers run.
     */
    public FxActions progress(Progress progress) {
        Objects.requireNonNull(progress, "progress: null (expected: non-null)");
        this.progress = progress;
        progress.onChange(() -> {
            fraction.set(progress.fraction());
            message.set(progress.message());
        });
        return this;
    }

    /**
     * An event handler that starts {@code body} with its event as a task of these actions (see
     * {@link #start}). Safe from any thread; the handler itself runs on the FX thread, as JavaFX calls it.
     */
    public <E extends Event, T> EventHandler<E> handler(Function<? super E, ? extends CompletionStage<T>> body) {
        Objects.requireNonNull(body, "body: null (expected: non-null)");
        return event -> start(() -> body.apply(event));
    }

    /**
     * Starts {@code body} now as a task of these actions: its synchronous start runs before this returns.
     * FX Application Thread only.
     *
     * @return the task, to await or cancel
     * @throws RejectedExecutionException if the loop is closed
     */
    public <T> Task<T> start(Supplier<? extends CompletionStage<T>> body) {
        Objects.requireNonNull(body, "body: null (expected: non-null)");
        if (loop.isClosed()) throw new RejectedExecutionException("loop is closed: cannot start an action task on " + loop);
        if (!loop.inEventLoop()) {
            throw new IllegalStateException("start() is for the JavaFX Application Thread of " + loop
                    + ", but was called on thread '" + Thread.currentThread().getName() + "'");
        }
        if (tasks.isEmpty() && progress != null) progress.reset();
        Task<T> task = loop.createEagerTask(body);
        if (task.isDone()) { // finished within its synchronous start: never shown as running
            task.whenComplete((v, e) -> failed(e, task));
            return task;
        }
        tasks.add(task);
        update();
        task.whenComplete((v, e) -> {
            tasks.remove(task);
            update();
            failed(e, task);
        });
        return task;
    }

    /** Cancels every running task of these actions (not an error for them). Safe from any thread. */
    public void cancel() {
        if (!loop.inEventLoop()) {
            if (!loop.isClosed()) loop.execute(this::cancel); // (a closed loop has cancelled them)
            return;
        }
        for (Task<?> t : new ArrayList<>(tasks)) t.cancel(true);
    }

    /** Whether a task of these actions is running. FX thread. */
    public boolean isRunning() {
        return running.get();
    }

    /** True while a task of these actions is running. FX thread. */
    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** The {@link #progress} fraction, 0..1, or -1 (indeterminate, as {@code ProgressBar} shows it). FX thread. */
    public ReadOnlyDoubleProperty progressProperty() {
        return fraction.getReadOnlyProperty();
    }

    /** The {@link #progress} message, never null. FX thread. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    private void update() {
        boolean now = !tasks.isEmpty();
        if (now == running.get()) return;
        running.set(now);
        if (now) {
            for (Node n : disableWhileRunning) {
                if (!n.isDisable() && !n.disableProperty().isBound()) {
                    n.setDisable(true);
                    disabledByUs.add(n);
                }
            }
        } else {
            for (Node n : disabledByUs) if (!n.disableProperty().isBound()) n.setDisable(false);
            disabledByUs.clear();
        }
    }

    private void failed(Throwable e, Task<?> task) {
        if (e == null) return;
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof CancellationException) return; // cancelling is not failing
        Consumer<? super Throwable> h = onFailure;
        if (h != null) {
            try {
                h.accept(cause);
                return;
            } catch (RuntimeException thrown) {
                loop.callExceptionHandler(new ErrorContext("Exception in the onFailure callback of " + this, thrown, task));
            }
        }
        loop.callExceptionHandler(new ErrorContext("Exception in the action task " + task, cause, task));
    }

    @Override
    public String toString() {
        return "FxActions[" + tasks.size() + " running, " + loop + "]";
    }
}
