package io.loopbridge.javafx;

import io.loopbridge.core.LoopFuture;
import javafx.application.Platform;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import javafx.event.Event;
import javafx.event.EventHandler;
import javafx.event.EventType;
import javafx.scene.Node;
import javafx.scene.control.Dialog;
import javafx.scene.control.DialogEvent;
import javafx.stage.Window;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * UI events as futures, so that UI code never needs a nested event loop: a dialog's result without
 * {@code showAndWait()}, the next change of an {@link ObservableValue}, the first time a condition on it
 * holds, the next event of a type on a node. Each returns a {@link LoopFuture} of the loop, to chain or to
 * {@code await} in a coroutine:
 *
 * <pre>{@code
 * loop.launch(() -> {
 *     Optional<ButtonType> answer = await(FxAwait.dialog(loop, new Alert(CONFIRMATION, "Delete?")));
 *     if (answer.orElse(ButtonType.CANCEL) != ButtonType.OK) return;
 *     await(FxAwait.when(loop, progressBar.progressProperty(), p -> p.doubleValue() >= 1));
 *     MouseEvent click = await(FxAwait.nextEvent(loop, canvas, MouseEvent.MOUSE_CLICKED));
 * });
 * }</pre>
 *
 * <p>What each one promises:
 * <ul>
 *   <li>It completes on the FX thread, inside the toolkit's own notification (the listener or handler),
 *       so the value is the one that fired; what depends on it runs as for any {@code LoopFuture} (on the
 *       loop thread; an {@code await} resumes in a later loop iteration).</li>
 *   <li>Its listener or handler is removed when it completes <b>or is cancelled</b> (by the caller, by the
 *       task that created it being cancelled, or by the loop closing: the future belongs to the task that
 *       was running when it was made, like every future of the loop's own); nothing stays registered.</li>
 *   <li>Cancelling a {@link #dialog} future also closes the dialog.</li>
 *   <li>A {@code condition} that throws fails the future with what it threw (and removes the listener).</li>
 * </ul>
 *
 * <p><b>Threading.</b> Every method is for the FX Application Thread (the loop thread), like the scene
 * graph it observes; off it they throw {@link IllegalStateException}. The futures may be cancelled from
 * any thread: the clean-up then runs on the FX thread.
 */
public final class FxAwait {
    private FxAwait() {}

    /**
     * Shows {@code dialog} ({@link Dialog#show()}, not {@code showAndWait()}: no nested event loop, the
     * window and the rest of the application stay live) and completes with its result when it closes:
     * what {@code showAndWait()} returns, {@code Optional.empty()} when it closed without one. Cancelling
     * the future closes the dialog (hiding its window if the dialog refuses to close, as one without a
     * cancel button does).
     *
     * @throws IllegalStateException off the FX thread, or if {@code dialog} is already showing
     */
    public static <R> LoopFuture<Optional<R>> dialog(FxLoop loop, Dialog<R> dialog) {
        notNull(loop, "loop");
        notNull(dialog, "dialog");
        onFxThread("dialog");
        if (dialog.isShowing()) throw new IllegalStateException("dialog: already showing (expected: a dialog that is not shown yet)");
        LoopFuture<Optional<R>> result = loop.createFuture();
        EventHandler<DialogEvent> hidden = e -> result.complete(Optional.ofNullable(dialog.getResult()));
        dialog.addEventHandler(DialogEvent.DIALOG_HIDDEN, hidden);
        whenDone(result, () -> {
            dialog.removeEventHandler(DialogEvent.DIALOG_HIDDEN, hidden);
            if (result.isCancelled() && dialog.isShowing()) close(dialog);
        });
        try {
            dialog.show();
        } catch (RuntimeException | Error e) {
            result.cancel(false); // the caller gets the exception; the future goes quietly (whenDone removes the handler)
            throw e;
        }
        return result;
    }

    private static void close(Dialog<?> dialog) {
        dialog.close(); // refused (result null, no cancel button): then hide the window itself
        if (dialog.isShowing()) {
            Window w = dialog.getDialogPane().getScene() == null ? null : dialog.getDialogPane().getScene().getWindow();
            if (w != null) w.hide();
        }
    }

    /**
     * Completes with the new value at the next change of {@code value} (a {@link ChangeListener}: an
     * invalidation without a change does not count).
     *
     * @throws IllegalStateException off the FX thread
     */
    public static <T> LoopFuture<T> nextChange(FxLoop loop, ObservableValue<T> value) {
        notNull(loop, "loop");
        notNull(value, "value");
        onFxThread("nextChange");
        LoopFuture<T> result = loop.createFuture();
        ChangeListener<T> l = (o, was, now) -> result.complete(now);
        value.addListener(l);
        whenDone(result, () -> value.removeListener(l));
        return result;
    }

    /**
     * Completes with the value of {@code value} once {@code condition} holds for it: at once (a completed
     * future) if it holds now, else at the first change after which it holds.
     *
     * @throws IllegalStateException off the FX thread
     */
    public static <T> LoopFuture<T> when(FxLoop loop, ObservableValue<T> value, Predicate<? super T> condition) {
        notNull(loop, "loop");
        notNull(value, "value");
        notNull(condition, "condition");
        onFxThread("when");
        LoopFuture<T> result = loop.createFuture();
        T now = value.getValue();
        if (holds(condition, now, result)) {
            result.complete(now);
            return result;
        }
        if (result.isDone()) return result; // the condition threw
        ChangeListener<T> l = (o, was, v) -> {
            if (holds(condition, v, result)) result.complete(v);
        };
        value.addListener(l);
        whenDone(result, () -> value.removeListener(l));
        return result;
    }

    private static <T> boolean holds(Predicate<? super T> condition, T value, LoopFuture<?> result) {
        try {
            return condition.test(value);
        } catch (RuntimeException | Error e) {
            result.completeExceptionally(e);
            return false;
        }
    }

    /**
     * Completes with the next event of {@code type} (or a subtype) that reaches {@code node}'s handlers
     * (an {@link EventHandler} in the bubbling phase, as {@code node.addEventHandler} adds one; a consumed
     * event that never bubbles to the node does not count). The event is not consumed.
     *
     * @throws IllegalStateException off the FX thread
     */
    public static <E extends Event> LoopFuture<E> nextEvent(FxLoop loop, Node node, EventType<E> type) {
        notNull(loop, "loop");
        notNull(node, "node");
        notNull(type, "type");
        onFxThread("nextEvent");
        LoopFuture<E> result = loop.createFuture();
        EventHandler<E> h = result::complete;
        node.addEventHandler(type, h);
        whenDone(result, () -> node.removeEventHandler(type, h));
        return result;
    }

    /**
     * Runs {@code cleanUp} on the FX thread once {@code f} is done, without counting as observing it (a
     * failure nobody sees is still reported as never retrieved).
     */
    private static void whenDone(LoopFuture<?> f, Runnable cleanUp) {
        CompletableFuture.allOf(f).whenComplete((v, e) -> {
            if (Platform.isFxApplicationThread()) cleanUp.run();
            else Platform.runLater(cleanUp); // cancelled from another thread
        });
    }

    private static void onFxThread(String method) {
        if (!Platform.isFxApplicationThread()) {
            throw new IllegalStateException("FxAwait." + method + "() is for the JavaFX Application Thread, but was called on thread '"
                    + Thread.currentThread().getName() + "'");
        }
    }

    private static void notNull(Object value, String name) {
        if (value == null) throw new NullPointerException(name + ": null (expected: non-null)");
    }
}
