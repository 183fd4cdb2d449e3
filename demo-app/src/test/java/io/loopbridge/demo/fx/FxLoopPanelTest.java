package io.loopbridge.demo.fx;

import io.loopbridge.core.ErrorContext;
import io.loopbridge.demo.model.Panel;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Loop, clicked through: live figures, a flood of 100,000 callbacks, and a throwing callback in the error area. */
@Timeout(60)
class FxLoopPanelTest extends FxDemoFixture {

    @Test
    void theFiguresAreLive() throws Exception {
        open(Panel.LOOP);
        waitForText("#loop-rate", s -> !s.equals("0"), "callbacks per second are counted");
        // a snapshot: timers due in the same pass as the refresh are not pending at that moment, so wait
        // for a refresh that sees the clock's, the lag probe's or its own next timer pending
        waitForText("#loop-timers", s -> Integer.parseInt(s) >= 1, "pending timers are counted");
    }

    @Test
    void theFloodRunsEveryCallbackFromFourThreads() throws Exception {
        open(Panel.LOOP);

        click("#loop-flood");

        waitForText("#loop-flood-status", s -> s.startsWith("100,000 callbacks from 4 threads ran in"), "the flood is done");
        assertEquals(100_000, (int) onFx(demo.monitor()::floodDone));
    }

    @Test
    void aThrowingCallbackLandsInTheErrorAreaAndTheLoopGoesOn() throws Exception {
        open(Panel.LOOP);

        click("#loop-throw");

        waitForText("#errors-title", s -> s.startsWith("Errors (1)"), "the error is reported");
        assertEquals("a loop callback: IllegalStateException: a callback threw on purpose; the loop reported it and kept running",
                onFx(() -> demo.errors().entries().get(0).where() + ": " + demo.errors().entries().get(0).what()));
        String clock = text("#clock");
        waitForText("#clock", s -> !s.equals(clock), "the clock still ticks");

        click("#errors-clear");
        waitForText("#errors-title", s -> s.startsWith("Errors (0)"), "the area is cleared");
    }

    @Test
    void aLongErrorRowWrapsWholeWithItsTextAsATooltip() throws Exception {
        String longText = ("a long failure message that goes on and on, ").repeat(8) + "THE END";
        onFx(() -> {
            loop.callExceptionHandler(new ErrorContext("long", new IllegalStateException(longText), null));
            return null;
        });
        waitForText("#errors-title", s -> s.startsWith("Errors (1)"), "the error is reported");
        ListView<?> list = node("#errors", ListView.class);
        waitUntil(() -> cellShowing(list) != null, () -> "a row is laid out");
        ListCell<?> cell = onFx(() -> cellShowing(list));

        assertTrue(onFx(cell::getText).endsWith("IllegalStateException: " + longText), onFx(cell::getText));
        assertTrue(onFx(cell::isWrapText), "the row wraps");
        assertEquals(onFx(cell::getText), onFx(() -> cell.getTooltip().getText()));
        double lineHeight = onFx(() -> cell.getFont().getSize());
        assertTrue(onFx(cell::getHeight) > 3 * lineHeight, "wrapped onto several lines: " + onFx(cell::getHeight));
        assertTrue(onFx(cell::getWidth) <= onFx(list::getWidth), "no wider than the list: " + onFx(cell::getWidth));
    }

    private static ListCell<?> cellShowing(ListView<?> list) {
        for (javafx.scene.Node n : list.lookupAll(".list-cell")) {
            ListCell<?> c = (ListCell<?>) n;
            if (!c.isEmpty() && c.getItem() != null && c.isVisible()) return c;
        }
        return null;
    }
}
