package io.loopbridge.demo.fx;

import io.loopbridge.demo.model.Panel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
