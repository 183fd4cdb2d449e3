package io.loopbridge.javafx.docs;

import io.loopbridge.javafx.FxActions;
import io.loopbridge.javafx.FxLoop;
import javafx.application.Platform;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import org.junit.jupiter.api.BeforeAll;
import org.testfx.api.FxToolkit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The README's JavaFX usage, compiled and run as it is printed there (between the tag comments). */
@Timeout(30)
class ReadmeExampleTest {

    @BeforeAll
    static void theToolkitRunsAsInAnApplication() throws Exception {
        FxToolkit.registerPrimaryStage(); // TestFX launches an Application (see FxTesting.startToolkit)
        Platform.setImplicitExit(false);
    }

    @Test
    void theReadmeSnippetSetsTheLabelASecondAfterTheClick() throws Exception {
        Button button = new Button("Go");
        Label label = new Label();

        // tag::fx-usage[]
        FxLoop loop = FxLoop.create();
        button.setOnAction(FxActions.of(loop).handler(e ->
                loop.sleep(Duration.ofSeconds(1)).thenRun(() -> label.setText("Done"))));
        // end::fx-usage[]

        try {
            Platform.runLater(button::fire);
            CompletableFuture<String> text = new CompletableFuture<>();
            label.textProperty().addListener((o, was, now) -> text.complete(now));
            assertEquals("Done", text.get(10, TimeUnit.SECONDS));
        } finally {
            loop.close();
        }
    }
}
