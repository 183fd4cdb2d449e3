package io.loopbridge.javafx.docs;

import io.loopbridge.core.CancelSignal;
import io.loopbridge.core.Progress;
import io.loopbridge.core.Task;
import io.loopbridge.javafx.FxActions;
import io.loopbridge.javafx.FxLoop;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.testfx.api.FxToolkit;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The FxActions examples of docs/javafx.md (between the tag comments), compiled and run; {@link #theGuideShowsTheExamplesAsTheyAre} keeps the guide in step. */
@Timeout(30)
class FxActionsExampleTest {

    @BeforeAll
    static void theToolkitRuns() throws Exception {
        FxToolkit.registerPrimaryStage();
        Platform.setImplicitExit(false);
    }

    /**
     * Stands in for a slow download (the real one, with HttpClient, is in docs/javafx.md and in bridge-core's
     * CancellableWorkTest): reports progress, then blocks, in a call that ignores interrupts, until its
     * close action unblocks it.
     */
    static String fetch(String url, Progress progress, CancelSignal cancel) throws InterruptedException {
        progress.message("fetching " + url);
        progress.update(1, 2);
        java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
        cancel.onCancel(closed::countDown);
        while (!closed.await(10, TimeUnit.MILLISECONDS)) Thread.interrupted(); // deaf to interrupts, like a response stream
        progress.update(2, 2); // after the cancel: dropped, the run's channel is silenced
        throw new java.util.concurrent.CancellationException("download closed");
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
            Label state = new Label();
            Label text = new Label();
            String url = "https://example.org/";
            stage.setScene(new Scene(new VBox(downloadButton, cancelButton, bar, status, state, text)));
            stage.show();

            // tag::fx-actions[]
            Progress progress = new Progress(loop);
            FxActions download = FxActions.of(loop)
                    .disableWhileRunning(downloadButton)
                    .cancelOnClose(stage)
                    .progress(progress);
            downloadButton.setOnAction(download.handler(e -> {
                Progress mine = progress.forTask(Task.current());   // a cancelled run's worker cannot move the bar
                return loop.runInExecutor(cancel -> fetch(url, mine, cancel)).thenAccept(text::setText);
            }));
            cancelButton.setOnAction(e -> download.cancel());
            cancelButton.disableProperty().bind(download.runningProperty().not());
            bar.progressProperty().bind(download.progressProperty());          // 0 while idle
            status.textProperty().bind(download.messageProperty());
            state.textProperty().bind(download.stateProperty().asString());    // READY, RUNNING, SUCCEEDED, ...
            // end::fx-actions[]

            ui.complete(new Object[] {downloadButton, cancelButton, bar, status, stage, state});
        });
        Object[] c = ui.get(10, TimeUnit.SECONDS);
        Button downloadButton = (Button) c[0];
        Button cancelButton = (Button) c[1];
        ProgressBar bar = (ProgressBar) c[2];
        Label status = (Label) c[3];
        Label state = (Label) c[5];
        try {
            waitFor(() -> bar.getProgress() == 0 && state.getText().equals("READY"));
            Platform.runLater(downloadButton::fire);
            waitFor(() -> bar.getProgress() == 0.5 && status.getText().startsWith("fetching") && downloadButton.isDisabled()
                    && !cancelButton.isDisabled());
            Platform.runLater(cancelButton::fire);
            waitFor(() -> !downloadButton.isDisabled() && cancelButton.isDisabled() && state.getText().equals("CANCELLED"));
            Thread.sleep(100); // the worker's last update, made after the cancel, would show by now
            assertEquals(0.5, bar.getProgress(), "the cancelled run's worker moved the bar");
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

    /** The queries {@link #find} was asked. */
    private final List<String> asked = new CopyOnWriteArrayList<>();

    /** Stands in for a search service (blocking, on a worker thread): records the queries it was asked. */
    String find(String query) {
        asked.add(query);
        return "results for " + query;
    }

    @Test
    void theSearchAsYouTypeExampleRunsOnlyTheLastQuery() throws Exception {
        FxLoop loop = FxLoop.create();
        CompletableFuture<Object[]> ui = new CompletableFuture<>();
        Platform.runLater(() -> {
            TextField query = new TextField();
            Label results = new Label();

            // tag::fx-latest-wins[]
            FxActions search = FxActions.of(loop)
                    .latestWins()                          // a new keystroke cancels the last search
                    .onFailure(e -> results.setText("Search failed: " + e.getMessage()));
            query.textProperty().addListener((o, was, text) -> search.start(() ->
                    loop.sleep(Duration.ofMillis(200))     // debounce: cancelled by the next keystroke
                        .thenCompose(v -> loop.runInExecutor(() -> find(text)))
                        .thenAccept(results::setText)));
            // end::fx-latest-wins[]

            query.setText("l");
            query.setText("lo");
            query.setText("loop");
            ui.complete(new Object[] {results, search});
        });
        Object[] c = ui.get(10, TimeUnit.SECONDS);
        Label results = (Label) c[0];
        FxActions search = (FxActions) c[1];
        try {
            waitFor(() -> results.getText().equals("results for loop") && !search.isRunning());
            assertEquals(List.of("loop"), asked, "the replaced searches never reached the service");
        } finally {
            loop.close();
        }
    }

    @Test
    void theGuideShowsTheExamplesAsTheyAre() throws Exception {
        java.nio.file.Path here = java.nio.file.Path.of("").toAbsolutePath();
        java.nio.file.Path root = java.nio.file.Files.exists(here.resolve("docs")) ? here : here.getParent();
        String guide = java.nio.file.Files.readString(root.resolve("docs/javafx.md"));
        List<String> source = java.nio.file.Files.readAllLines(
                root.resolve("bridge-javafx/src/test/java/io/loopbridge/javafx/docs/FxActionsExampleTest.java"));
        for (String tag : List.of("fx-actions", "fx-latest-wins")) {
            String snippet = region(source, tag);
            org.junit.jupiter.api.Assertions.assertTrue(guide.contains("```java\n" + snippet + "```"),
                    "docs/javafx.md does not show [" + tag + "] as it is:\n" + snippet);
        }
    }

    /** The lines between {@code tag::name[]} and {@code end::name[]}, without their common indentation. */
    private static String region(List<String> lines, String tag) {
        List<String> body = new java.util.ArrayList<>();
        boolean in = false;
        for (String l : lines) {
            if (l.contains("end::" + tag + "[]")) break;
            if (in) body.add(l);
            if (l.contains("tag::" + tag + "[]")) in = true;
        }
        int indent = Integer.MAX_VALUE;
        for (String l : body) if (!l.isBlank()) indent = Math.min(indent, l.length() - l.stripLeading().length());
        StringBuilder sb = new StringBuilder();
        for (String l : body) sb.append(l.isBlank() ? "" : l.substring(indent)).append('\n');
        return sb.toString();
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
