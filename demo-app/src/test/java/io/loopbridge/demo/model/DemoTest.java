package io.loopbridge.demo.model;

import io.loopbridge.core.ErrorContext;
import io.loopbridge.core.StandaloneLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo as a whole, without a window: errors reach the log, and shutdown stops everything. */
@Timeout(30)
class DemoTest {

    @Test
    void aThrowingCallbackAndAReportMadeByHandBothReachTheErrorLog() {
        try (StandaloneLoop loop = StandaloneLoop.create()) {
            Demo demo = loop.runUntilComplete(loop.createTask(() -> Outcomes.completed(loop, Demo.open(loop, Timings.fast()))));
            loop.runUntilComplete(loop.createTask(() -> {
                demo.monitor().throwFromCallback();
                loop.callExceptionHandler(new ErrorContext("reported by hand", new IllegalArgumentException("x"), null));
                return loop.sleep(Duration.ofMillis(5));
            }));

            List<String> seen = demo.errors().entries().stream().map(e -> e.where() + ": " + e.what()).sorted().collect(Collectors.toList());
            assertEquals(List.of(
                    "a loop callback: IllegalStateException: a callback threw on purpose; the loop reported it and kept running",
                    "reported by hand: IllegalArgumentException: x"), seen);
            demo.shutdown();
        }
    }

    @Test
    void shutdownStopsTheServerAndClosesTheLoopOnce() throws Exception {
        StandaloneLoop loop = StandaloneLoop.create();
        Demo demo = loop.runUntilComplete(loop.createTask(() -> Outcomes.completed(loop, Demo.open(loop, Timings.fast()))));
        var uri = demo.server().uri("/slow");

        demo.shutdown();
        demo.shutdown();

        assertTrue(demo.isShutDown());
        assertTrue(loop.isClosed());
        assertThrows(ConnectException.class,
                () -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()));
    }

    @Test
    void openIsForTheLoopThread() {
        try (StandaloneLoop loop = StandaloneLoop.create()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Demo.open(loop, Timings.fast()));
            assertTrue(e.getMessage().startsWith("Demo.open() on thread '"), e.getMessage());
        }
    }
}
