package io.loopbridge.test.fx;

import io.loopbridge.javafx.FxLoop;
import io.loopbridge.test.junit.UiLoopExtension;
import javafx.application.Platform;

/**
 * A JUnit 5 extension for JavaFX code: per test, an {@link FxLoop} (or, with {@link #virtualTime()}, a
 * {@code TestLoop} on the JavaFX Application Thread); the test method runs on the FX Application Thread; the
 * test fails if it leaves timers, futures or tasks pending (naming them) or if anything reached the loop's
 * exception handler; the loop is closed after each test.
 *
 * <pre>{@code
 * class SavePaneTest {
 *     @RegisterExtension
 *     final FxLoopExtension fx = new FxLoopExtension();
 *
 *     @Test
 *     void saving(FxLoop loop) {            // on the FX Application Thread
 *         SavePane pane = new SavePane(loop, store);
 *         pane.saveButton().fire();
 *         fx.runUntil(() -> !pane.saveButton().isDisabled(), Duration.ofSeconds(5));
 *     }
 * }
 * }</pre>
 *
 * <p><b>Headless.</b> On a machine without a display (CI), run JavaFX on Monocle: add
 * {@code org.testfx:openjfx-monocle} (17.0.10 for JavaFX 17-21) as a test dependency and start the test
 * JVM with {@code -Dglass.platform=Monocle -Dmonocle.platform=Headless -Dprism.order=sw} (and
 * {@code -Djava.awt.headless=true}); see {@code docs/testing.md}. The extension starts the toolkit if
 * nothing has, and turns implicit exit off, so a test that closes its last window does not end the
 * toolkit for the tests after it.
 *
 * <p><b>Threading.</b> As {@link UiLoopExtension}: JUnit drives it from the test thread; test methods run on
 * the FX Application Thread.
 */
public final class FxLoopExtension extends UiLoopExtension<FxLoop> {
    public FxLoopExtension() {
        super(FxLoop.class);
    }

    @Override
    public FxLoopExtension virtualTime() {
        super.virtualTime();
        return this;
    }

    @Override
    public FxLoopExtension allowLeaks() {
        super.allowLeaks();
        return this;
    }

    @Override
    protected FxLoop createToolkitLoop() {
        FxLoop loop = FxLoop.create(); // starts the toolkit if nobody has
        Platform.setImplicitExit(false);
        return loop;
    }

    @Override
    protected void postToUiThread(Runnable action) {
        try {
            Platform.runLater(action);
        } catch (IllegalStateException notStarted) {
            FxLoop.create().close(); // starts the toolkit (FxLoop's start-up handles every case), then post
            Platform.setImplicitExit(false);
            Platform.runLater(action);
        }
    }

    @Override
    protected boolean onUiThread() {
        return Platform.isFxApplicationThread();
    }

    @Override
    protected String uiThreadName() {
        return "the JavaFX Application Thread";
    }
}
