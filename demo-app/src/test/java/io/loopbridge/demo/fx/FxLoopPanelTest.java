package io.loopbridge.demo.fx;

import io.loopbridge.demo.model.Panel;
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
        assertTrue(Integer.parseInt(text("#loop-timers")) >= 2, "the clock, the probe and the refresh are pending timers: " + text("#loop-timers"));
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
}
