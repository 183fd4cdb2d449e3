package io.loopbridge.demo.model;

import io.loopbridge.core.ErrorContext;
import io.loopbridge.core.StandaloneLoop;
import io.loopbridge.core.Task;
import io.loopbridge.core.host.ActionCore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.loopbridge.demo.model.Styles.runUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Search as you type against the real demo server, on a standalone loop, driven as the views drive it: each
 * keystroke starts a run of a latest-wins {@link ActionCore} (the core of FxActions and SwingActions). In
 * each style this JVM runs: the debounce sends one request for fast typing, a keystroke cancels a request
 * in flight, an HTTP error reaches the exception handler, a blank query clears.
 */
@Timeout(30)
class SearchModelTest {
    private static final Duration DEBOUNCE = Duration.ofMillis(80);
    private final StandaloneLoop loop = StandaloneLoop.create();
    private final DemoServer server = start();
    private final List<ErrorContext> errors = new CopyOnWriteArrayList<>();
    private final ActionCore actions = new ActionCore(loop, "the test loop's thread").latestWins();
    private final List<Task<?>> runs = new ArrayList<>();

    private static DemoServer start() {
        try {
            return DemoServer.start();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    SearchModelTest() {
        loop.setExceptionHandler(errors::add);
    }

    @AfterEach
    void close() {
        server.close();
        loop.close();
    }

    /** Types {@code texts} as successive contents of the field, all within one loop iteration (fast typing). */
    private void type(SearchModel model, Duration serverDelay, boolean fails, String... texts) {
        loop.runUntilComplete(loop.createTask(() -> {
            for (String t : texts) runs.add(actions.start(() -> model.search(t, serverDelay, fails)));
            return loop.completedFuture(null);
        }));
    }

    @ParameterizedTest
    @MethodSource("io.loopbridge.demo.model.Styles#available")
    void fastTypingSendsOneRequestForTheLastKeystroke(Style style) {
        SearchModel model = new SearchModel(loop, server, HttpClient.newHttpClient(), DEBOUNCE, style);

        type(model, Duration.ZERO, false, "l", "la", "lan", "land");
        runUntil(loop, () -> !actions.isRunning());

        assertEquals(DemoServer.matches("land"), model.results());
        assertTrue(model.results().contains("Finland") && model.results().contains("Iceland"), model.results().toString());
        assertEquals(List.of(4, 3, 1, 0), List.of(model.keystrokes(), model.debounced(), model.requestsSent(), model.cancelledInFlight()));
        assertEquals(1, server.searches(), "only the last keystroke reached the server");
        assertFalse(model.searching());
        assertTrue(model.status().startsWith(DemoServer.matches("land").size() + " matches for \u201cland\u201d"), model.status());
        for (int i = 0; i < 3; i++) assertTrue(runs.get(i).isCancelled(), "run " + i + " was cancelled by the next keystroke");
        assertTrue(errors.isEmpty(), errors.toString());
    }

    @ParameterizedTest
    @MethodSource("io.loopbridge.demo.model.Styles#available")
    void aKeystrokeWhileTheRequestIsInFlightCancelsIt(Style style) {
        SearchModel model = new SearchModel(loop, server, HttpClient.newHttpClient(), DEBOUNCE, style);
        type(model, Duration.ofSeconds(20), false, "fin");
        runUntil(loop, model::searching);
        assertEquals(1, model.requestsSent());

        type(model, Duration.ZERO, false, "finl");
        runUntil(loop, () -> !actions.isRunning());

        assertEquals(List.of("Finland"), model.results());
        assertEquals(1, model.cancelledInFlight());
        assertEquals(2, model.requestsSent());
        assertTrue(runs.get(0).isCancelled());
        assertFalse(model.searching(), "the spinner stopped");
        assertTrue(errors.isEmpty(), errors.toString());
    }

    @ParameterizedTest
    @MethodSource("io.loopbridge.demo.model.Styles#available")
    void anHttpErrorReachesTheExceptionHandlerAndTheStatusSaysSo(Style style) {
        SearchModel model = new SearchModel(loop, server, HttpClient.newHttpClient(), DEBOUNCE, style);

        type(model, Duration.ZERO, true, "x");
        runUntil(loop, () -> !actions.isRunning() && !errors.isEmpty());

        assertEquals(1, errors.size(), errors.toString());
        IOException e = assertInstanceOf(IOException.class, errors.get(0).exception());
        assertEquals("GET /search?q=x answered HTTP 500", e.getMessage());
        assertEquals("Search", ((Task<?>) errors.get(0).source()).getName());
        assertTrue(model.status().startsWith("The search for \u201cx\u201d failed with HTTP 500"), model.status());
        assertEquals(List.of(), model.results());
    }

    @ParameterizedTest
    @MethodSource("io.loopbridge.demo.model.Styles#available")
    void clearingTheFieldClearsTheResultsWithoutARequest(Style style) {
        SearchModel model = new SearchModel(loop, server, HttpClient.newHttpClient(), DEBOUNCE, style);
        type(model, Duration.ZERO, false, "ice");
        runUntil(loop, () -> !actions.isRunning());
        assertEquals(List.of("Iceland"), model.results());

        type(model, Duration.ZERO, false, "");

        assertEquals(List.of(), model.results());
        assertEquals(1, server.searches());
        assertTrue(model.status().startsWith("Type to search 192 country names"), model.status());
    }
}
