package io.loopbridge.test.docs;

import io.loopbridge.javafx.FxLoop;
import io.loopbridge.test.fx.FxLoopExtension;
import javafx.application.Platform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The third worked example of docs/testing.md: a button handler tested on Monocle with FxLoopExtension. */
@Timeout(60)
class SavePaneTest {

    // tag::test[]
    @RegisterExtension
    final FxLoopExtension fx = new FxLoopExtension();           // an FxLoop per test; the test runs on the FX thread

    @Test
    void theButtonIsDisabledWhileSavingAndTheLabelShowsTheOutcome(FxLoop loop) {
        CountDownLatch diskIsSlow = new CountDownLatch(1);
        SavePane pane = new SavePane(loop, () -> {
            assertFalse(Platform.isFxApplicationThread());     // the store runs off the FX thread
            diskIsSlow.await(10, TimeUnit.SECONDS);
            return 42;
        });

        pane.save.fire();
        assertTrue(pane.save.isDisabled());
        assertEquals("Saving...", pane.status.getText());

        diskIsSlow.countDown();
        fx.runUntil(() -> !pane.save.isDisabled(), Duration.ofSeconds(10));   // runs the loop meanwhile
        assertEquals("Saved 42 bytes", pane.status.getText());
    }

    @Test
    void aFailedSaveIsShownAndTheButtonComesBack(FxLoop loop) {
        SavePane pane = new SavePane(loop, () -> {
            throw new IOException("disk full");
        });
        pane.save.fire();
        fx.runUntil(() -> !pane.save.isDisabled(), Duration.ofSeconds(10));
        assertEquals("Failed: disk full", pane.status.getText());
    }
    // end::test[]
}
