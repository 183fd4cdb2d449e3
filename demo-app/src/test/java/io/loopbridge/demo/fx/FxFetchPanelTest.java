package io.loopbridge.demo.fx;

import io.loopbridge.demo.model.Panel;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Slider;
import javafx.scene.control.TextArea;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Fetch, clicked through: the body arrives, a short timeout ends cleanly, an HTTP 500 reaches the error area. */
@Timeout(60)
class FxFetchPanelTest extends FxDemoFixture {

    private void set(double delaySeconds, double timeoutSeconds, boolean fail) {
        robot.interact(() -> {
            node("#fetch-delay", Slider.class).setValue(delaySeconds);
            node("#fetch-timeout", Slider.class).setValue(timeoutSeconds);
            node("#fetch-fail", CheckBox.class).setSelected(fail);
        });
    }

    @Test
    void fetchShowsTheBodyOfTheSlowServer() throws Exception {
        open(Panel.FETCH);
        set(0, 6, false);

        click("#fetch-start");

        waitForText("#fetch-status", s -> s.startsWith("200 OK after"), "the response");
        TextArea body = node("#fetch-body", TextArea.class);
        String shown = onFx(body::getText);
        assertTrue(shown.startsWith("Hello from the demo server on " + demo.server().authority()), shown);
    }

    @Test
    void aTimeoutShorterThanTheServerDelayEndsCleanly() throws Exception {
        open(Panel.FETCH);
        set(6, 0.5, false);

        click("#fetch-start");

        waitForText("#fetch-status", s -> s.startsWith("Timed out"), "the timeout");
        assertEquals("Timed out after 500 ms: waitFor cancelled the request, cleanly.", text("#fetch-status"));
        assertEquals("", onFx(node("#fetch-body", TextArea.class)::getText));
        assertTrue(demo.errors().entries().isEmpty(), "a timeout is not an error: " + demo.errors().entries());
    }

    @Test
    void anHttpErrorShowsInTheErrorArea() throws Exception {
        open(Panel.FETCH);
        set(0, 6, true);

        click("#fetch-start");

        waitForText("#errors-title", s -> s.startsWith("Errors (1)"), "one error reported");
        assertEquals("Fetch: IOException: GET /fail answered HTTP 500", onFx(() -> demo.errors().entries().get(0).where()
                + ": " + demo.errors().entries().get(0).what()));
        assertTrue(text("#fetch-status").startsWith("HTTP 500 after"), text("#fetch-status"));
    }
}
