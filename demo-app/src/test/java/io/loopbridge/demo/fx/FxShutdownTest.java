package io.loopbridge.demo.fx;

import io.loopbridge.demo.model.Panel;
import javafx.scene.control.Slider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Closing the window while work runs: the worker is interrupted, the server stops, the loop closes. */
@Timeout(60)
class FxShutdownTest extends FxDemoFixture {

    @Test
    void closingTheWindowCancelsRunningTasksAndStopsTheServerAndTheLoop() throws Exception {
        open(Panel.WORK);
        robot.interact(() -> node("#work-size", Slider.class).setValue(50));
        click("#work-start");
        waitUntil(() -> demo.work().workersRunning() == 1, () -> "the worker runs");
        open(Panel.COUNTDOWN);
        click("#countdown-start");
        URI server = demo.server().uri("/slow");

        onFx(() -> {
            stage.hide(); // what the window's close button does
            return null;
        });

        assertEquals(1, closed.get(), "the close action ran once");
        assertTrue(loop.isClosed(), "the loop is closed");
        waitUntil(() -> demo.work().workersRunning() == 0, () -> "the worker was interrupted and stopped");
        assertThrows(ConnectException.class,
                () -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(server).build(), HttpResponse.BodyHandlers.ofString()));
    }
}
