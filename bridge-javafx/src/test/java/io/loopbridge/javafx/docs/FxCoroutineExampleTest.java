package io.loopbridge.javafx.docs;

import com.sun.net.httpserver.HttpServer;
import io.loopbridge.core.ErrorContext;
import io.loopbridge.core.Task;
import io.loopbridge.core.host.ActionState;
import io.loopbridge.core.testkit.CoroutineJdk;
import io.loopbridge.javafx.FxActions;
import io.loopbridge.javafx.FxLoop;
import javafx.application.Platform;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.testfx.api.FxToolkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.loopbridge.core.Await.await;
import static java.net.http.HttpResponse.BodyHandlers.ofString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The example of issue 14 and of {@code docs/coroutines.md} (between the tag comments, verbatim), compiled
 * and run on the FX Application Thread (Monocle) against a real HTTP server on 127.0.0.1: the handler's
 * body starts at once inside the button's event, stays on the FX thread across each await, and its finally
 * block runs on success, on failure (connection refused) and on cancel. JDK 21+; on JDK 17,
 * {@link #theHandlerIsMadeWhereCoroutinesRunAndRefusedWhenItIsMadeWhereNotNamingTheRequirement} asserts the
 * unsupported error instead.
 */
@Timeout(30)
class FxCoroutineExampleTest {
    private FxLoop loop;
    private HttpServer server;
    /** Released at the end: the "/slow" answer waits for it (the cancel case). */
    private final CountDownLatch slowRelease = new CountDownLatch(1);
    private HttpClient http;
    private HttpRequest request;
    private Button search;
    private ProgressIndicator spinner;
    private Label results;
    /** Every value spinner.visible and results.text took, with whether it changed on the FX thread. */
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final LinkedBlockingQueue<ErrorContext> errors = new LinkedBlockingQueue<>();

    @BeforeAll
    static void theToolkitRuns() throws Exception {
        FxToolkit.registerPrimaryStage();
        Platform.setImplicitExit(false);
    }

    @BeforeEach
    void serverAndUi() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hello", x -> {
            byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        server.createContext("/slow", x -> {
            try {
                slowRelease.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            x.sendResponseHeaders(200, -1);
            x.close();
        });
        server.start();
        http = HttpClient.newHttpClient();
        loop = FxLoop.create();
        loop.setExceptionHandler(errors::add);
        onFx(() -> {
            search = new Button("Search");
            spinner = new ProgressIndicator();
            spinner.setVisible(false);
            results = new Label("");
            spinner.visibleProperty().addListener((o, was, now) -> seen.add("spinner " + now + fxThread()));
            results.textProperty().addListener((o, was, now) -> seen.add("results " + now + fxThread()));
            return null;
        });
    }

    @AfterEach
    void stop() {
        slowRelease.countDown();
        loop.close();
        server.stop(0);
    }

    private static String fxThread() {
        return Platform.isFxApplicationThread() ? " on the FX thread" : " on " + Thread.currentThread().getName();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** The example, verbatim (so its actions are out of reach: the tests watch the UI and the loop's exception handler). */
    private void wire() {
        // tag::example[]
        search.setOnAction(FxActions.of(loop).launch(e -> {        // body starts at once, on the FX thread
            spinner.setVisible(true);
            try {
                HttpResponse<String> r = await(http.sendAsync(request, ofString()));
                await(loop.sleep(Duration.ofMillis(200)));
                results.setText(r.body());                          // still the FX Application Thread
            } finally {
                spinner.setVisible(false);                          // runs on success, failure and cancel
            }
        }));
        // end::example[]
    }

    /** Wires the example and clicks the button on the FX thread; returns whether the body had started by the time fire() returned. */
    private boolean wireAndClick() throws Exception {
        return onFx(() -> {
            wire();
            search.fire();
            return spinner.isVisible();
        });
    }

    private void waitUntilSeen(int n) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (seen.size() < n) {
            if (System.nanoTime() > deadline) throw new AssertionError("saw only " + seen);
            Thread.sleep(5);
        }
        onFx(() -> null); // anything the same FX event did after that
    }

    @Test
    void onSuccessTheResultIsShownOnTheFxThreadAndTheFinallyBlockHidesTheSpinner() throws Exception {
        CoroutineJdk.requireCoroutines();
        request = HttpRequest.newBuilder(uri("/hello")).build();
        assertTrue(wireAndClick(), "the body started inside the event: the spinner showed before fire() returned");
        waitUntilSeen(3);
        assertEquals(List.of("spinner true on the FX thread", "results hello on the FX thread", "spinner false on the FX thread"), seen);
        assertEquals(List.of(), List.copyOf(errors));
    }

    @Test
    void onFailureTheFinallyBlockHidesTheSpinnerAndTheFailureReachesTheExceptionHandler() throws Exception {
        CoroutineJdk.requireCoroutines();
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + closedPort + "/hello")).build();
        assertTrue(wireAndClick());
        ErrorContext c = errors.poll(10, TimeUnit.SECONDS);
        assertTrue(c != null, "the failure was reported");
        assertInstanceOf(IOException.class, c.exception(), "the run fails with the checked cause itself");
        assertInstanceOf(Task.class, c.source());
        assertEquals(List.of("spinner true on the FX thread", "spinner false on the FX thread"), seen);
    }

    @Test
    void onCancelTheFinallyBlockHidesTheSpinner() throws Exception {
        CoroutineJdk.requireCoroutines();
        request = HttpRequest.newBuilder(uri("/slow")).build();
        assertTrue(wireAndClick());
        onFx(() -> null);
        assertEquals(List.of("spinner true on the FX thread"), seen, "suspended at the request");
        loop.close(); // cancels the run: the body resumes with a CancellationException at its await
        waitUntilSeen(2);
        assertEquals(List.of("spinner true on the FX thread", "spinner false on the FX thread"), seen);
        assertEquals(List.of(), List.copyOf(errors), "a cancelled run is not a failure");
    }

    @Test
    void theBodyIsOnTheFxThreadAfterEachAwait() throws Exception {
        CoroutineJdk.requireCoroutines();
        request = HttpRequest.newBuilder(uri("/hello")).build();
        List<Boolean> afterEachAwait = new CopyOnWriteArrayList<>();
        FxActions actions = FxActions.of(loop);
        onFx(() -> {
            // the example with a check after each await (and a worker-thread completion)
            search.setOnAction(actions.launch(e -> {
                afterEachAwait.add(Platform.isFxApplicationThread());
                HttpResponse<String> r = await(http.sendAsync(request, ofString())); // completes on an HttpClient thread
                afterEachAwait.add(Platform.isFxApplicationThread());
                await(loop.sleep(Duration.ofMillis(20)));
                afterEachAwait.add(Platform.isFxApplicationThread());
                await(loop.runInExecutor(() -> r.body().length()));                // completes on a worker thread
                afterEachAwait.add(Platform.isFxApplicationThread());
                results.setText(r.body());
            }));
            return null;
        });
        onFx(() -> {
            search.fire();
            return null;
        });
        waitUntilSeen(1);
        assertEquals(ActionState.SUCCEEDED, onFx(actions::getState));
        assertEquals(List.of(true, true, true, true), afterEachAwait);
        assertEquals(List.of("results hello on the FX thread"), seen);
    }

    @Test
    void theHandlerIsMadeWhereCoroutinesRunAndRefusedWhenItIsMadeWhereNotNamingTheRequirement() throws Exception {
        if (CoroutineJdk.coroutineJdk()) {
            onFx(() -> {
                wire();
                return null;
            });
            assertTrue(onFx(() -> search.getOnAction() != null));
            return;
        }
        UnsupportedOperationException e = onFx(() -> assertThrows(UnsupportedOperationException.class, this::wire));
        assertTrue(e.getMessage().contains("FxActions.launch") && e.getMessage().contains("21"), e.getMessage());
        assertEquals(null, onFx(search::getOnAction), "no handler was set");
    }

    @Test
    void theGuideQuotesTheExampleVerbatim() throws IOException {
        Path here = Path.of("").toAbsolutePath();
        Path root = Files.exists(here.resolve("README.md")) ? here : here.getParent();
        String guide = Files.readString(root.resolve("docs/coroutines.md"));
        String source = Files.readString(root.resolve("bridge-javafx/src/test/java/io/loopbridge/javafx/docs/FxCoroutineExampleTest.java"));
        String code = tagged(source, "example");
        assertTrue(guide.contains(code), "docs/coroutines.md does not quote the example verbatim:\n" + code);
    }

    /** The lines between {@code // tag::name[]} and {@code // end::name[]}, with their common indent removed. */
    static String tagged(String source, String name) {
        String[] lines = source.split("\n", -1);
        StringBuilder out = new StringBuilder();
        boolean in = false;
        int indent = Integer.MAX_VALUE;
        List<String> body = new java.util.ArrayList<>();
        for (String l : lines) {
            if (l.trim().equals("// tag::" + name + "[]")) { in = true; continue; }
            if (l.trim().equals("// end::" + name + "[]")) break;
            if (in) {
                body.add(l);
                if (!l.isBlank()) indent = Math.min(indent, l.length() - l.stripLeading().length());
            }
        }
        for (String l : body) out.append(l.isBlank() ? "" : l.substring(indent)).append('\n');
        return out.toString();
    }

    private static <T> T onFx(java.util.concurrent.Callable<T> action) throws Exception {
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
