package io.loopbridge.javafx;

import io.loopbridge.core.Await;
import io.loopbridge.core.EventLoop;
import io.loopbridge.core.Progress;
import io.loopbridge.core.Task;
import io.loopbridge.core.host.ActionState;
import io.loopbridge.core.testkit.ActionsContractTest;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Button;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The actions' contract on {@link FxActions}: controls are {@link Button}s (triggered with
 * {@code fire()}, through {@link FxActions#handler}), the view is the JavaFX properties, which must change
 * on the FX Application Thread only.
 */
@Timeout(60)
class FxActionsContractTest extends ActionsContractTest {
    /** Property changes seen off the FX thread. */
    private final List<String> offThread = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeAll
    static void theToolkitRuns() {
        FxTesting.startToolkit();
    }

    /** Whether the bodies run as coroutines ({@link FxActions#launch}): {@link FxCoroutineActionsContractTest}. */
    protected boolean coroutineBodies() {
        return false;
    }

    @AfterEach
    void propertiesChangedOnTheFxThreadOnly() {
        assertEquals(List.of(), offThread);
    }

    private final class Fx implements Actions {
        final FxActions a = FxActions.of((FxLoop) loop);
        final List<Boolean> runningChanges = new ArrayList<>();

        Fx() {
            a.runningProperty().addListener((o, was, now) -> {
                runningChanges.add(now);
                check("running");
            });
            a.stateProperty().addListener((o, was, now) -> check("state"));
            a.progressProperty().addListener((o, was, now) -> check("progress"));
            a.messageProperty().addListener((o, was, now) -> check("message"));
        }

        private void check(String property) {
            if (!Platform.isFxApplicationThread()) offThread.add(property + " on " + Thread.currentThread().getName());
        }

        @Override public Actions disableWhileRunning(Object control) { a.disableWhileRunning((Node) control); return this; }
        @Override public Actions enableWhileRunning(Object control) { a.enableWhileRunning((Node) control); return this; }
        @Override public Actions latestWins() { a.latestWins(); return this; }
        @Override public Actions onFailure(Consumer<? super Throwable> handler) { a.onFailure(handler); return this; }
        @Override public Actions onSucceeded(Runnable hook) { a.onSucceeded(hook); return this; }
        @Override public Actions onCancelled(Runnable hook) { a.onCancelled(hook); return this; }
        @Override public Actions progress(Progress progress) { a.progress(progress); return this; }

        @Override
        public <T> void trigger(Supplier<? extends CompletionStage<T>> body) {
            Button b = new Button("go");
            if (coroutineBodies()) b.setOnAction(a.launch(e -> { Await.await(body.get()); }));
            else b.setOnAction(a.handler(e -> body.get()));
            b.fire();
        }

        @Override
        public <T> Task<T> start(Supplier<? extends CompletionStage<T>> body) {
            if (!coroutineBodies()) return a.start(body);
            return a.launch(body == null ? null : () -> Await.await(body.get()));
        }
        @Override public void cancel() { a.cancel(); }
        @Override public boolean isRunning() { return a.isRunning(); }
        @Override public ActionState getState() { return a.getState(); }
        @Override public double getProgress() { return a.getProgress(); }
        @Override public String getMessage() { return a.getMessage(); }

        @Override
        public Shown shown() {
            return new Shown(a.runningProperty().get(), a.stateProperty().get(), a.progressProperty().get(), a.messageProperty().get());
        }

        @Override public List<Boolean> runningChanges() { return List.copyOf(runningChanges); }
    }

    @Override
    protected EventLoop createLoop() {
        return FxLoop.create();
    }

    @Override
    protected Actions createActions() {
        return new Fx();
    }

    @Override
    protected Object createControl(boolean enabled) {
        Button b = new Button("control");
        b.setDisable(!enabled);
        return b;
    }

    @Override
    protected boolean isEnabled(Object control) {
        return !((Node) control).isDisable();
    }

    @Override
    protected <T> T onUiThread(Callable<T> action) {
        try {
            return FxTesting.onFx(action);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
