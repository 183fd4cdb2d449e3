package io.loopbridge.javafx;

import io.loopbridge.core.ErrorContext;
import io.loopbridge.core.LoopFuture;
import io.loopbridge.core.Progress;
import io.loopbridge.core.Task;
import io.loopbridge.core.host.ActionState;
import javafx.event.ActionEvent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import static io.loopbridge.javafx.FxTesting.onFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Buttons whose handlers await: {@link FxActions} on a shown stage, clicked through TestFX. */
@Timeout(60)
@ExtendWith(ApplicationExtension.class)
class FxActionsTest {
    private FxLoop loop;
    private Stage stage;
    private Button button;
    private Label label;
    private final List<ErrorContext> errors = new CopyOnWriteArrayList<>();

    @Start
    void start(Stage stage) {
        this.stage = stage;
        button = new Button("Go");
        button.setId("go");
        label = new Label("idle");
        stage.setScene(new Scene(new VBox(button, label), 200, 100));
        stage.show();
    }

    @BeforeEach
    void createLoop() {
        javafx.application.Platform.setImplicitExit(false);
        loop = FxLoop.create();
        loop.setExceptionHandler(errors::add);
    }

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    private static void waitUntil(BooleanSupplier condition, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!onFx(condition::getAsBoolean)) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting until " + what);
            Thread.sleep(2);
        }
    }

    @Test
    void clickingAButtonWhoseHandlerAwaitsASleepSetsTheLabelAfterwards(FxRobot robot) throws Exception {
        button.setOnAction(FxActions.of(loop).handler(e ->
                loop.sleep(Duration.ofMillis(20)).thenRun(() -> label.setText("done"))));

        robot.clickOn("#go");

        waitUntil(() -> label.getText().equals("done"), "the label shows the result");
        assertTrue(errors.isEmpty(), errors.toString());
    }

    @Test
    void theBodyStartsInsideTheHandlerSoItCanReadTheEventAndDisableTheButton() throws Exception {
        AtomicReference<Object> sourceSeen = new AtomicReference<>();
        AtomicReference<Boolean> disabledInside = new AtomicReference<>();
        button.setOnAction(FxActions.of(loop).handler((ActionEvent e) -> {
            sourceSeen.set(e.getSource());
            button.setDisable(true);
            return loop.sleep(Duration.ofMillis(5)).thenRun(() -> button.setDisable(false));
        }));
        boolean disabledRightAfterFire = onFx(() -> {
            button.fire();
            disabledInside.set(button.isDisabled());
            return button.isDisabled();
        });
        assertTrue(disabledRightAfterFire, "the synchronous start ran within fire()");
        assertSame(button, sourceSeen.get());
        waitUntil(() -> !button.isDisabled(), "the body re-enables the button");
    }

    @Test
    void disableWhileRunningDisablesTheNodesUntilTheTaskEndsAndRunningFollows() throws Exception {
        FxActions actions = FxActions.of(loop).disableWhileRunning(button);
        LoopFuture<Void> gate = onFx(loop::createFuture);
        button.setOnAction(actions.handler(e -> gate));
        Boolean[] during = onFx(() -> {
            button.fire();
            return new Boolean[] {button.isDisabled(), actions.isRunning(), actions.runningProperty().get()};
        });
        assertEquals(List.of(true, true, true), List.of(during));
        onFx(() -> gate.complete(null));
        waitUntil(() -> !button.isDisabled() && !actions.isRunning(), "enabled again after the task");
    }

    @Test
    void aFailureReachesTheLoopsExceptionHandlerWithTheTaskAsSource() throws Exception {
        IllegalStateException boom = new IllegalStateException("boom");
        FxActions actions = FxActions.of(loop);
        Task<?> task = onFx(() -> actions.start(() -> loop.sleep(Duration.ofMillis(2)).thenRun(() -> {
            throw boom;
        })));
        waitUntil(() -> !errors.isEmpty(), "the failure is reported");
        assertSame(boom, errors.get(0).exception());
        assertSame(task, errors.get(0).source());
    }

    @Test
    void aFailureGoesToTheGivenCallbackInsteadWhenOneIsSet() throws Exception {
        List<Throwable> seen = new CopyOnWriteArrayList<>();
        IllegalStateException boom = new IllegalStateException("boom");
        FxActions actions = FxActions.of(loop).onFailure(seen::add);
        onFx(() -> actions.start(() -> {
            throw boom; // even a synchronous failure of the start
        }));
        waitUntil(() -> !seen.isEmpty(), "the callback got the failure");
        assertSame(boom, seen.get(0));
        assertTrue(errors.isEmpty(), errors.toString());
    }

    @Test
    void cancellingIsNotAnErrorAndCancelWorksFromAnyThread() throws Exception {
        FxActions actions = FxActions.of(loop).disableWhileRunning(button);
        Task<Void> task = onFx(() -> actions.start(() -> loop.sleep(Duration.ofHours(1))));
        assertTrue(onFx(actions::isRunning));

        actions.cancel(); // from the test thread

        waitUntil(() -> task.isCancelled() && !actions.isRunning() && !button.isDisabled(), "cancelled and idle");
        Thread.sleep(20);
        onFx(() -> null);
        assertTrue(errors.isEmpty(), "cancellation reported as an error: " + errors);
    }

    @Test
    void closingTheWindowEndsItsRunsCancelledEvenWhenTheirStageHadJustFailed() throws Exception {
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        List<String> cancelled = new CopyOnWriteArrayList<>();
        FxActions actions = FxActions.of(loop).cancelOnClose(stage).onFailure(failures::add).onCancelled(() -> cancelled.add("cancelled"));
        LoopFuture<String> reply = onFx(loop::createFuture);
        Task<String> task = onFx(() -> actions.start(() -> reply));

        onFx(() -> {
            reply.completeExceptionally(new IllegalStateException("failed just before the close"));
            stage.hide();
            return null;
        });

        waitUntil(() -> !cancelled.isEmpty(), "the run reports its cancellation");
        assertTrue(task.isDone());
        assertEquals(ActionState.CANCELLED, onFx(actions::getState));
        assertTrue(failures.isEmpty(), "onFailure fired for a run its window's close cancelled: " + failures);
        assertEquals(List.of("cancelled"), cancelled);
    }

    @Test
    void cancelOnCloseForAnyTaskCancelsItWhenTheWindowCloses() throws Exception {
        Task<Void> task = onFx(() -> FxActions.cancelOnClose(stage, loop.createTask(() -> loop.sleep(Duration.ofHours(1)))));
        Task<Void> done = onFx(() -> FxActions.cancelOnClose(stage, loop.createTask(() -> CompletableFuture.completedFuture(null))));
        waitUntil(done::isDone, "the short task ends by itself");
        onFx(() -> {
            stage.hide();
            return null;
        });
        waitUntil(task::isCancelled, "the window's task is cancelled");
        assertFalse(done.isCancelled());
        assertTrue(errors.isEmpty(), errors.toString());
    }

    @Test
    void aNodeWhoseDisablePropertyIsBoundIsLeftAloneAndEnableWhileRunningEnablesACancelButton() throws Exception {
        Button cancel = onFx(() -> {
            Button c = new Button("Cancel");
            c.setDisable(true);
            return c;
        });
        javafx.beans.property.SimpleBooleanProperty off = new javafx.beans.property.SimpleBooleanProperty(false);
        onFx(() -> {
            button.disableProperty().bind(off);
            return null;
        });
        FxActions actions = FxActions.of(loop).disableWhileRunning(button).enableWhileRunning(cancel);
        LoopFuture<Void> gate = onFx(loop::createFuture);
        List<Boolean> during = onFx(() -> {
            actions.start(() -> gate);
            return List.of(button.isDisable(), button.disableProperty().isBound(), cancel.isDisable());
        });
        assertEquals(List.of(false, true, false), during, "bound: left alone; the cancel button: enabled");
        onFx(() -> gate.complete(null));
        waitUntil(() -> !actions.isRunning() && cancel.isDisable(), "the cancel button disabled again");
        onFx(() -> {
            button.disableProperty().unbind();
            return null;
        });
        assertTrue(errors.isEmpty(), errors.toString());
    }

    @Test
    void aLabelBoundToTheStateShowsTheMostRecentRun() throws Exception {
        FxActions actions = FxActions.of(loop).onFailure(e -> { });
        onFx(() -> {
            label.textProperty().bind(actions.stateProperty().asString());
            return null;
        });
        assertEquals("READY", onFx(label::getText));
        LoopFuture<Void> gate = onFx(loop::createFuture);
        onFx(() -> actions.start(() -> gate));
        assertEquals("RUNNING", onFx(label::getText));
        onFx(() -> gate.completeExceptionally(new IllegalStateException("boom")));
        waitUntil(() -> label.getText().equals("FAILED"), "the label shows the failure");
        onFx(() -> actions.start(() -> loop.sleep(Duration.ofHours(1))));
        actions.cancel();
        waitUntil(() -> label.getText().equals("CANCELLED"), "the label shows the cancellation");
        onFx(() -> {
            label.textProperty().unbind();
            return null;
        });
    }

    @Test
    void progressAndMessagePropertiesFollowAProgressReportedFromAWorkerThread() throws Exception {
        Progress progress = new Progress(loop);
        FxActions actions = FxActions.of(loop).progress(progress);
        assertEquals(0.0, onFx(() -> actions.progressProperty().get()), "an idle bar starts empty, not indeterminate");
        CompletableFuture<Void> halfway = new CompletableFuture<>();
        CompletableFuture<Void> finish = new CompletableFuture<>();
        onFx(() -> actions.start(() -> loop.runInExecutor(() -> {
            progress.update(1, 2);
            progress.message("half");
            halfway.complete(null);
            finish.get(10, TimeUnit.SECONDS);
            progress.update(2, 2);
            return null;
        })));
        halfway.get(10, TimeUnit.SECONDS);
        waitUntil(() -> actions.progressProperty().get() == 0.5 && actions.messageProperty().get().equals("half"),
                "progress 0.5 and message 'half'");
        finish.complete(null);
        waitUntil(() -> actions.progressProperty().get() == 1.0 && !actions.isRunning(), "progress 1 and not running");
    }

    @Test
    void startOffTheFxThreadIsRefused() {
        FxActions actions = FxActions.of(loop);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> actions.start(() -> CompletableFuture.completedFuture(null)));
        assertTrue(e.getMessage().contains("JavaFX Application Thread"), e.getMessage());
        assertFalse(loop.isClosed());
    }
}
