package io.loopbridge.demo.fx;

import io.loopbridge.demo.model.DemoServer;
import io.loopbridge.demo.model.Panel;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Slider;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Search, typed into as a person does: results as you type, a keystroke cancelling a request in flight, an HTTP error. */
@Timeout(60)
class FxSearchPanelTest extends FxDemoFixture {

    @Test
    void typingShowsTheMatchesOfTheLastText() throws Exception {
        open(Panel.SEARCH);
        robot.interact(() -> node("#search-delay", Slider.class).setValue(0));

        click("#search-query");
        robot.write("land");

        String expected = DemoServer.matches("land").size() + " matches for \u201cland\u201d";
        waitForText("#search-status", s -> s.startsWith(expected), "the results for land");
        assertEquals(DemoServer.matches("land"), onFx(() -> List.copyOf(node("#search-results", ListView.class).getItems())));
        assertFalse(onFx(node("#search-spinner", ProgressIndicator.class)::isVisible), "the spinner stopped");
        assertTrue(onFx(demo.search()::requestsSent) <= 4, "at most one request per keystroke");
        assertTrue(text("#search-style").startsWith("Runs as a " + (demo.style() == io.loopbridge.demo.model.Style.COROUTINE ? "coroutine" : "chain")),
                text("#search-style"));
    }

    @Test
    void autostartTypesALetterAtATimeAndSendsOneRequest() throws Exception {
        open(Panel.SEARCH);

        onFx(() -> {
            window.autostart(false);
            return null;
        });

        String expected = DemoServer.matches("land").size() + " matches for \u201cland\u201d";
        waitForText("#search-status", s -> s.startsWith(expected), "the results for land");
        assertEquals("4 keystrokes, 3 debounced (no request), 1 request sent, 0 cancelled in flight", onFx(demo.search()::figures));
        assertTrue(text("#search-figures").startsWith("4 keystrokes, 3 debounced"), text("#search-figures"));
    }

    @Test
    void aKeystrokeWhileTheSpinnerTurnsCancelsThatRequest() throws Exception {
        open(Panel.SEARCH);
        robot.interact(() -> {
            node("#search-delay", Slider.class).setValue(2);
            node("#search-query", TextField.class).setText("fin");
        });
        ProgressIndicator spinner = node("#search-spinner", ProgressIndicator.class);
        waitUntil(spinner::isVisible, () -> "the spinner turns while the request is in flight");

        robot.interact(() -> {
            node("#search-delay", Slider.class).setValue(0);
            node("#search-query", TextField.class).setText("finl");
        });

        waitForText("#search-status", s -> s.startsWith("1 match for \u201cfinl\u201d"), "the newer search answered");
        assertEquals(1, (int) onFx(demo.search()::cancelledInFlight));
        assertEquals(List.of("Finland"), onFx(() -> List.copyOf(node("#search-results", ListView.class).getItems())));
        assertFalse(onFx(spinner::isVisible));
        assertTrue(onFx(() -> demo.errors().entries().isEmpty()), "a cancelled search is no error");
    }

    @Test
    void aFailingServerShowsInTheErrorArea() throws Exception {
        open(Panel.SEARCH);
        robot.interact(() -> {
            node("#search-delay", Slider.class).setValue(0);
            node("#search-fail", CheckBox.class).setSelected(true);
            node("#search-query", TextField.class).setText("x");
        });

        waitForText("#errors-title", s -> s.startsWith("Errors (1)"), "one error reported");
        assertEquals("Search: IOException: GET /search?q=x answered HTTP 500",
                onFx(() -> demo.errors().entries().get(0).where() + ": " + demo.errors().entries().get(0).what()));
        assertTrue(text("#search-status").startsWith("The search for \u201cx\u201d failed with HTTP 500"), text("#search-status"));
    }
}
