package io.loopbridge.demo.fx;

import io.loopbridge.demo.model.Panel;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Slider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Work, clicked through: the bar fills and the result shows; the clock ticks meanwhile; Cancel stops the worker. */
@Timeout(60)
class FxWorkPanelTest extends FxDemoFixture {

    @Test
    void theWorkRunsToItsResultWithTheBarFull() throws Exception {
        open(Panel.WORK);
        robot.interact(() -> node("#work-size", Slider.class).setValue(5));
        assertEquals(0.0, node("#work-progress", ProgressBar.class).getProgress(), "an idle bar is empty, not animating");

        click("#work-start");

        waitForText("#work-status", s -> s.startsWith("348,513 primes below 5,000,000"), "the result");
        ProgressBar bar = node("#work-progress", ProgressBar.class);
        waitUntil(() -> bar.getProgress() == 1.0, () -> "the bar is full (" + bar.getProgress() + ")");
    }

    @Test
    void theClockTicksWhileTheWorkRunsAndCancelInterruptsTheWorker() throws Exception {
        open(Panel.WORK);
        robot.interact(() -> node("#work-size", Slider.class).setValue(50));
        click("#work-start");
        ProgressBar bar = node("#work-progress", ProgressBar.class);
        waitUntil(() -> bar.getProgress() > 0 && demo.work().workersRunning() == 1, () -> "the work is under way");

        String before = text("#work-clock");
        waitUntil(() -> !node("#work-clock", javafx.scene.control.Label.class).getText().equals(before)
                && demo.work().workersRunning() == 1, () -> "the clock ticks while the worker runs");

        click("#work-cancel");

        waitForText("#work-status", s -> s.startsWith("Cancelled at "), "the cancellation");
        waitForText("#work-workers", s -> s.equals("Worker threads busy: 0"), "the interrupted worker has stopped");
        assertEquals(0, demo.work().workersRunning());
        assertTrue(demo.errors().entries().isEmpty(), demo.errors().entries().toString());
    }
}
