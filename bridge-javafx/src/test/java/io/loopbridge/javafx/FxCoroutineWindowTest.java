package io.loopbridge.javafx;

import io.loopbridge.core.host.ActionState;
import io.loopbridge.core.testkit.CoroutineJdk;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static io.loopbridge.core.Await.await;
import static io.loopbridge.javafx.FxTesting.onFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coroutine handlers tied to a real window (Monocle): closing the window cancels the run, which resumes
 * the body with a {@code CancellationException} at its await, so its finally block runs on the FX thread;
 * the button disabled while it ran is enabled again and the run reports cancelled, not failed. JDK 21+.
 */
@Timeout(30)
class FxCoroutineWindowTest {
    private FxLoop loop;

    @BeforeAll
    static void startToolkit() {
        FxTesting.startToolkit();
    }

    @BeforeEach
    void createLoop() {
        CoroutineJdk.requireCoroutines();
        loop = FxLoop.create();
    }

    @AfterEach
    void closeLoop() {
        if (loop != null) loop.close();
    }

    @Test
    void closingTheWindowCancelsTheSuspendedBodyItsFinallyRunsAndTheButtonComesBack() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        CompletableFuture<String> reported = new CompletableFuture<>();
        Object[] ui = onFx(() -> {
            Stage stage = new Stage();
            Button go = new Button("go");
            stage.setScene(new Scene(new javafx.scene.layout.VBox(go, new Label("coroutine")), 200, 100));
            stage.show();
            FxActions actions = FxActions.of(loop).disableWhileRunning(go).cancelOnClose(stage)
                    .onCancelled(() -> reported.complete("cancelled"))
                    .onFailure(e -> reported.complete("failed: " + e))
                    .onSucceeded(() -> reported.complete("succeeded"));
            go.setOnAction(actions.launch(e -> {
                try {
                    await(loop.sleep(Duration.ofSeconds(30)));
                    seen.add("slept");
                } finally {
                    seen.add("finally on the FX thread: " + javafx.application.Platform.isFxApplicationThread());
                }
            }));
            go.fire();
            return new Object[] {stage, go, actions};
        });
        Stage stage = (Stage) ui[0];
        Button go = (Button) ui[1];
        FxActions actions = (FxActions) ui[2];
        assertTrue(onFx(go::isDisabled), "disabled while the body is suspended");
        assertEquals(ActionState.RUNNING, onFx(actions::getState));
        onFx(() -> {
            stage.hide();
            return null;
        });
        assertEquals("cancelled", reported.get(10, TimeUnit.SECONDS));
        assertEquals(List.of("finally on the FX thread: true"), seen);
        assertFalse(onFx(go::isDisabled));
        assertEquals(ActionState.CANCELLED, onFx(actions::getState));
    }
}
