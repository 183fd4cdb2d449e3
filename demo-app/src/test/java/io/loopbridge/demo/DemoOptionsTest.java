package io.loopbridge.demo;

import io.loopbridge.demo.model.Panel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo's command line, including options joined in one argument as Maven passes them. */
@Timeout(10)
class DemoOptionsTest {

    @Test
    void noArgumentsOpensTheJavaFxWindowOnTheCountdown() {
        DemoOptions o = DemoOptions.parse();
        assertEquals(DemoOptions.Toolkit.JAVAFX, o.toolkit());
        assertEquals(Panel.COUNTDOWN, o.panel());
        assertFalse(o.autostart());
        assertNull(o.screenshot());
        assertNull(o.closeAfter());
    }

    @Test
    void optionsJoinedInOneArgumentAreSplitAndAnEmptyArgumentIsIgnored() {
        DemoOptions o = DemoOptions.parse("--toolkit=swing --tab=Parallel  --autostart", "", "--close-after=250");
        assertEquals(DemoOptions.Toolkit.SWING, o.toolkit());
        assertEquals(Panel.PARALLEL, o.panel());
        assertTrue(o.autostart());
        assertEquals(Duration.ofMillis(250), o.closeAfter());
    }

    @Test
    void aScreenshotPathIsMadeAbsolute() {
        DemoOptions o = DemoOptions.parse("--screenshot=docs/x.png", "--screenshot-delay=2000");
        assertEquals(Path.of("docs/x.png").toAbsolutePath(), o.screenshot());
        assertEquals(Duration.ofMillis(2000), o.screenshotDelay());
    }

    @Test
    void badOptionsSayWhatWasExpected() {
        assertEquals("--toolkit: 'qt' (expected: javafx or swing)",
                assertThrows(IllegalArgumentException.class, () -> DemoOptions.parse("--toolkit=qt")).getMessage());
        assertEquals("unknown panel 'x' (expected one of: countdown, fetch, work, parallel, modal, search, process, chat, loop)",
                assertThrows(IllegalArgumentException.class, () -> DemoOptions.parse("--tab=x")).getMessage());
        assertEquals("--close-after: '-1' (expected: a number of milliseconds >= 0)",
                assertThrows(IllegalArgumentException.class, () -> DemoOptions.parse("--close-after=-1")).getMessage());
        assertEquals("unknown option '--fast' (see --help)",
                assertThrows(IllegalArgumentException.class, () -> DemoOptions.parse("--fast")).getMessage());
    }
}
