package io.loopbridge.demo.model;

import io.loopbridge.core.StandaloneLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Fetch against the real demo server, on a standalone loop, in each style this JVM runs: a body, a clean timeout, an HTTP error. */
@Timeout(30)
class FetchModelTest {
    private final StandaloneLoop loop = StandaloneLoop.create();
    private final DemoServer server = start();

    private static DemoServer start() {
        try {
            return DemoServer.start();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @AfterEach
    void close() {
        server.close();
        loop.close();
    }

    private FetchModel model(Style style) {
        return new FetchModel(loop, server, HttpClient.newHttpClient(), style);
    }

    @ParameterizedTest
    @MethodSource("io.loopbridge.demo.model.Styles#available")
    void aFetchWithinTheTimeoutShowsTheBody(Style style) {
        FetchModel model = model(style);
        String body = loop.runUntilComplete(loop.createTask(() -> model.fetch(Duration.ofMillis(50), Duration.ofSeconds(10), false)));

        assertTrue(body.startsWith("Hello from the demo server on " + server.authority()), body);
        assertEquals(body, model.body());
        assertTrue(model.status().startsWith("200 OK after"), model.status());
    }

    @ParameterizedTest
    @MethodSource("io.loopbridge.demo.model.Styles#available")
    void aServerSlowerThanTheTimeoutEndsCleanlyWithNoBody(Style style) {
        FetchModel model = model(style);
        String body = loop.runUntilComplete(loop.createTask(() -> model.fetch(Duration.ofSeconds(20), Duration.ofMillis(100), false)));

        assertNull(body);
        assertEquals("", model.body());
        assertEquals("Timed out after 100 ms: waitFor cancelled the request, cleanly.", model.status());
        assertEquals(0, loop.stats().pendingTimers(), "waitFor left its timer behind");
    }

    @ParameterizedTest
    @MethodSource("io.loopbridge.demo.model.Styles#available")
    void anHttpErrorFailsTheFetch(Style style) {
        FetchModel model = model(style);
        CompletionException e = assertThrows(CompletionException.class,
                () -> loop.runUntilComplete(loop.createTask(() -> model.fetch(Duration.ZERO, Duration.ofSeconds(10), true))));

        IOException cause = assertInstanceOf(IOException.class, e.getCause());
        assertEquals("GET /fail answered HTTP 500", cause.getMessage());
        assertTrue(model.status().startsWith("HTTP 500 after"), model.status());
        assertTrue(model.body().startsWith("The demo server failed on purpose"), model.body());
    }
}
