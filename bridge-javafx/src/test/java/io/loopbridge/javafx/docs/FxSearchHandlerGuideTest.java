package io.loopbridge.javafx.docs;

import io.loopbridge.core.LoopFuture;
import io.loopbridge.core.testkit.CoroutineJdk;
import io.loopbridge.javafx.FxActions;
import io.loopbridge.javafx.FxLoop;
import javafx.application.Platform;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.testfx.api.FxToolkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static io.loopbridge.core.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The side-by-side handler of {@code docs/coroutines.md}: search as you type (debounce, latest wins, a
 * spinner, a fallback query when nothing is found, failures shown) written as a chain and as a coroutine,
 * both run on the FX thread (Monocle) against the same fake backend, and the guide quoting both verbatim.
 * Typing five keys quickly searches once, for the last text; the spinner follows the runs.
 */
@Timeout(30)
class FxSearchHandlerGuideTest {
    private FxLoop loop;
    private TextField query;
    private ListView<String> results;
    private Label status;
    private ProgressIndicator spinner;
    private FxActions search;
    /** What the backend was asked, in order. */
    private final List<String> asked = new CopyOnWriteArrayList<>();
    private final Backend backend = new Backend();

    /** A backend whose answers arrive later, on the loop (as a wrapped HttpClient call's would). */
    final class Backend {
        LoopFuture<List<String>> find(String text) {
            asked.add("find " + text);
            if (text.equals("boom")) return loop.sleep(Duration.ofMillis(5)).thenCompose(v -> loop.failedFuture(new IllegalStateException("backend down")));
            return loop.sleep(Duration.ofMillis(5)).thenApply(v -> text.startsWith("java") ? List.of(text + "fx", text + " 25") : List.of());
        }

        LoopFuture<String> suggest(String text) {
            asked.add("suggest " + text);
            return loop.sleep(Duration.ofMillis(5)).thenApply(v -> "java" + text);
        }
    }

    @BeforeAll
    static void theToolkitRuns() throws Exception {
        FxToolkit.registerPrimaryStage();
        Platform.setImplicitExit(false);
    }

    @BeforeEach
    void ui() throws Exception {
        loop = FxLoop.create();
        onFx(() -> {
            query = new TextField();
            results = new ListView<>();
            status = new Label();
            spinner = new ProgressIndicator();
            // tag::setup[]
            FxActions search = FxActions.of(loop)
                    .latestWins()                                           // a newer key cancels the older search
                    .onFailure(e -> status.setText("search failed: " + e.getMessage()));
            spinner.visibleProperty().bind(search.runningProperty());
            // end::setup[]
            this.search = search;
            return null;
        });
    }

    @AfterEach
    void close() {
        loop.close();
    }

    private void chainHandler() {
        // tag::chain[]
        query.setOnKeyReleased(search.handler(e ->
                loop.sleep(Duration.ofMillis(300))                              // debounce
                        .thenCompose(v -> backend.find(query.getText()))
                        .thenCompose(hits -> {
                            if (!hits.isEmpty()) {
                                results.getItems().setAll(hits);
                                status.setText(hits.size() + " hits");
                                return loop.completedFuture(null);
                            }
                            return backend.suggest(query.getText())
                                    .thenAccept(s -> status.setText("no hits; try " + s));
                        })));
        // end::chain[]
    }

    private void coroutineHandler() {
        // tag::coroutine[]
        query.setOnKeyReleased(search.launch(e -> {
            await(loop.sleep(Duration.ofMillis(300)));                          // debounce
            List<String> hits = await(backend.find(query.getText()));
            if (!hits.isEmpty()) {
                results.getItems().setAll(hits);
                status.setText(hits.size() + " hits");
            } else {
                status.setText("no hits; try " + await(backend.suggest(query.getText())));
            }
        }));
        // end::coroutine[]
    }

    /** Types {@code text} one key at a time, each a KEY_RELEASED, all in one FX event (faster than the debounce). */
    private void type(String text) throws Exception {
        onFx(() -> {
            query.clear();
            for (char c : text.toCharArray()) {
                query.appendText(String.valueOf(c));
                query.fireEvent(new KeyEvent(KeyEvent.KEY_RELEASED, String.valueOf(c), String.valueOf(c), KeyCode.A, false, false, false, false));
            }
            return null;
        });
    }

    private void waitIdle() throws Exception {
        assertTrue(onFx(spinner::isVisible), "the spinner shows while the search runs");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (onFx(search::isRunning)) {
            if (System.nanoTime() > deadline) throw new AssertionError("the search never ended");
            Thread.sleep(10);
        }
        assertFalse(onFx(spinner::isVisible));
    }

    private void typingSearchesOnceForTheLastTextAndFallsBackAndShowsFailures(Runnable wire) throws Exception {
        onFx(() -> {
            wire.run();
            return null;
        });
        type("javax");
        waitIdle();
        assertEquals(List.of("find javax"), asked, "one search, for the last text: the earlier runs were cancelled in their debounce");
        assertEquals(List.of("javaxfx", "javax 25"), onFx(() -> List.copyOf(results.getItems())));
        assertEquals("2 hits", onFx(status::getText));

        asked.clear();
        type("fx");
        waitIdle();
        assertEquals(List.of("find fx", "suggest fx"), asked);
        assertEquals("no hits; try javafx", onFx(status::getText));

        type("boom");
        waitIdle();
        assertEquals("search failed: backend down", onFx(status::getText));
    }

    @Test
    void theChainVersionWorks() throws Exception {
        typingSearchesOnceForTheLastTextAndFallsBackAndShowsFailures(this::chainHandler);
    }

    @Test
    void theCoroutineVersionWorksTheSame() throws Exception {
        CoroutineJdk.requireCoroutines();
        typingSearchesOnceForTheLastTextAndFallsBackAndShowsFailures(this::coroutineHandler);
    }

    @Test
    void theGuideQuotesAllThreeVerbatim() throws IOException {
        Path here = Path.of("").toAbsolutePath();
        Path root = Files.exists(here.resolve("README.md")) ? here : here.getParent();
        String guide = Files.readString(root.resolve("docs/coroutines.md"));
        String source = Files.readString(root.resolve("bridge-javafx/src/test/java/io/loopbridge/javafx/docs/FxSearchHandlerGuideTest.java"));
        for (String tag : new String[] {"setup", "chain", "coroutine"}) {
            String code = FxCoroutineExampleTest.tagged(source, tag);
            assertTrue(guide.contains(code), "docs/coroutines.md does not quote [" + tag + "] verbatim:\n" + code);
        }
    }

    private static <T> T onFx(Callable<T> action) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(action.call());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        return f.get(10, TimeUnit.SECONDS);
    }
}
