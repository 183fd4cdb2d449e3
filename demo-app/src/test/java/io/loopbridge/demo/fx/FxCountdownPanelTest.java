package io.loopbridge.demo.fx;

import io.loopbridge.demo.model.Panel;
import javafx.scene.control.Button;
import javafx.scene.control.Spinner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Countdown, clicked through: the label counts down to lift-off, and Cancel stops it where it is. */
@Timeout(60)
class FxCountdownPanelTest extends FxDemoFixture {

    @Test
    void startCountsDownToZeroAndEnablesStartAgain() throws Exception {
        open(Panel.COUNTDOWN);
        Spinner<?> from = node("#countdown-from", Spinner.class);
        robot.interact(() -> from.getValueFactory().setValue(cast(5)));

        click("#countdown-start");

        assertTrue(onFx(() -> node("#countdown-start", Button.class).isDisabled()), "Start is disabled while counting");
        waitForText("#countdown-status", s -> s.startsWith("Lift-off"), "lift-off");
        assertEquals("0", text("#countdown-value"));
        assertFalse(onFx(() -> node("#countdown-start", Button.class).isDisabled()));
        assertTrue(onFx(() -> node("#countdown-cancel", Button.class).isDisabled()), "Cancel is disabled when idle");
    }

    @Test
    void cancelStopsTheCountWhereItIs() throws Exception {
        open(Panel.COUNTDOWN);
        Spinner<?> from = node("#countdown-from", Spinner.class);
        robot.interact(() -> from.getValueFactory().setValue(cast(60)));
        click("#countdown-start");
        waitForText("#countdown-value", s -> Integer.parseInt(s) <= 57, "the count is under way");

        click("#countdown-cancel");

        waitForText("#countdown-status", s -> s.startsWith("Cancelled at "), "the cancellation is shown");
        String stoppedAt = text("#countdown-value");
        assertTrue(text("#countdown-status").startsWith("Cancelled at " + stoppedAt + ":"), text("#countdown-status"));
        Thread.sleep(300); // several steps of the fast pace: a timer left behind would change the label
        assertEquals(stoppedAt, text("#countdown-value"));
        assertTrue(demo.errors().entries().isEmpty(), "a cancellation is not an error: " + demo.errors().entries());
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object o) {
        return (T) o;
    }
}
