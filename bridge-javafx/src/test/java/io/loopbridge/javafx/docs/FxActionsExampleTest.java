package io.loopbridge.javafx.docs;

import io.loopbridge.core.Progress;
import io.loopbridge.javafx.FxActions;
import io.loopbridge.javafx.FxLoop;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.testfx.api.FxToolkit;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The FxActions example of docs/javafx.md (between the tag comments), compiled and run. */
@Timeout(30)
class FxActionsExampleTest {

    @BeforeAll
    static void theToolkitRuns() throws Exception {
        FxToolkit.registerPrimaryStage();
        Platform.setImplicitExit(false);
    }

    /** Stands in for a slow download: reports progress, then blocks until interrupted (cancelled). */
    static String fetch(String url, Progress progress) throws InterruptedException {
        progress.message("fetching " + url);
        progress.update(1, 2);
        Thread.sleep(60_000);
        return "body";
    }

    @Test
    void theDownloadExampleShowsProgressAndItsCancelButtonStopsIt() throws Exception {
        FxLoop loop = FxLoop.create();
        CompletableFuture<Object[]> ui = new CompletableFuture<>();
        Platform.runLater(() -> {
            Stage stage = new Stage();
            Button downloadButton = new Button("Download");
            Button cancelButton = new Button("Cancel");
            ProgressBar bar = new ProgressBar();
            Label status = new Label();
            Label text = new Label();
            String url = "https://example.org/";
            stage.setScene(new Scene(new VBox(downloadButton, cancelButton, bar, status, text)));
            stage.show();

            // tag::fx-actions[]
            Progress progress = new Progress(loop);
            FxActions download = FxActions.of(loop)
                    .disableWhileRunning(downloadButton)
                    .cancelOnClose(stage)
                    .progress(progress);
            downloadButton.setOnAction(download.handler(e ->
                    loop.runInExecutor(() -> fetch(url, progress)).thenAccept(text::setText)));
            cancelButton.setOnAction(e -> download.cancel());
            cancelButton.disableProperty().bind(download.runningProperty().not());
            bar.progressProperty().bind(download.progressProperty());
            status.textProperty().bind(download.messageProperty());
            // end::fx-actions[]

            ui.complete(new Object[] {downloadButton, cancelButton, bar, status, stage});
        });
        Object[] c = ui.get(10, TimeUnit.SECONDS);
        Button downloadButton = (Button) c[0];
        Button cancelButton = (Button) c[1];
        ProgressBar bar = (ProgressBar) c[2];
        Label status = (Label) c[3];
        try {
            Platform.runLater(downloadButton::fire);
            waitFor(() -> bar.getProgress() == 0.5 && status.getText().startsWith("fetching") && downloadButton.isDisabled()
                    && !cancelButton.isDisabled());
            Platform.runLater(cancelButton::fire);
            waitFor(() -> !downloadButton.isDisabled() && cancelButton.isDisabled());
        } finally {
            CompletableFuture<Void> hidden = new CompletableFuture<>();
            Platform.runLater(() -> {
                ((Stage) c[4]).hide();
                hidden.complete(null);
            });
            hidden.get(10, TimeUnit.SECONDS);
            loop.close();
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (;;) {
            CompletableFuture<Boolean> ok = new CompletableFuture<>();
            Platform.runLater(() -> ok.complete(condition.getAsBoolean()));
            if (ok.get(10, TimeUnit.SECONDS)) return;
            assertEquals(true, System.nanoTime() < deadline, "timed out");
            Thread.sleep(5);
        }
    }
}
