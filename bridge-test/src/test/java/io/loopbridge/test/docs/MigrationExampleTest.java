package io.loopbridge.test.docs;

import io.loopbridge.core.LoopFuture;
import io.loopbridge.core.Progress;
import io.loopbridge.core.host.ActionState;
import io.loopbridge.javafx.FxActions;
import io.loopbridge.javafx.FxLoop;
import io.loopbridge.test.fx.FxLoopExtension;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The "after" side of docs/migration.md's Task example, run on Monocle, and the guide quoting it verbatim. */
@Timeout(60)
class MigrationExampleTest {
    @RegisterExtension
    final FxLoopExtension fx = new FxLoopExtension();

    /** The snippet's surroundings: the controls and the loop it names. */
    static final class ProgressPane {
        final FxLoop loop;
        final Button start = new Button("Start");
        final ProgressBar bar = new ProgressBar();
        final Label label = new Label();
        final FxActions actions;

        ProgressPane(FxLoop loop) {
            this.loop = loop;
            // tag::after[]
            Progress progress = new Progress(loop);
            FxActions actions = FxActions.of(loop).progress(progress).disableWhileRunning(start);
            bar.progressProperty().bind(actions.progressProperty());
            start.setOnAction(actions.handler(e -> step(1, progress)
                    .thenRun(() -> label.setText("done"))));           // on the FX thread
            // end::after[]
            this.actions = actions;
        }

        // tag::step[]
        LoopFuture<Void> step(int i, Progress progress) {
            if (i > 10) return loop.completedFuture(null);
            return loop.sleep(Duration.ofMillis(200)).thenCompose(v -> {
                progress.update(i, 10);
                return step(i + 1, progress);
            });
        }
        // end::step[]
    }

    @Test
    void theLoopBridgeVersionReportsProgressAndFinishesOnTheFxThread(FxLoop loop) {
        ProgressPane pane = new ProgressPane(loop);
        assertEquals(0.0, pane.bar.getProgress(), "an idle bar is empty, not indeterminate");
        List<Double> seen = new ArrayList<>();
        pane.bar.progressProperty().addListener((o, a, b) -> seen.add(b.doubleValue()));
        pane.start.fire();
        assertTrue(pane.start.isDisabled());
        fx.runUntil(() -> "done".equals(pane.label.getText()), Duration.ofSeconds(20));
        fx.runUntil(() -> pane.actions.getState() == ActionState.SUCCEEDED, Duration.ofSeconds(5));
        assertTrue(seen.contains(0.5), "progress went through 5/10: " + seen);
        assertTrue(!pane.start.isDisabled());
    }

    @Test
    void cancellingStopsTheTicksAndEndsCancelled(FxLoop loop) {
        ProgressPane pane = new ProgressPane(loop);
        pane.start.fire();
        fx.runUntil(() -> pane.bar.getProgress() >= 0.2, Duration.ofSeconds(20));
        pane.actions.cancel();
        fx.runUntil(() -> pane.actions.getState() == ActionState.CANCELLED, Duration.ofSeconds(5));
        double at = pane.bar.getProgress();
        assertEquals("", pane.label.getText());
        assertTrue(loop.pendingWork().isEmpty(), "the pending sleep was not cancelled: " + loop.pendingWork());
        assertTrue(at < 1.0, "progress: " + at);
    }

    @Test
    void theMigrationGuideQuotesTheExampleVerbatim() throws IOException {
        Path here = Path.of("").toAbsolutePath();
        Path root = Files.exists(here.resolve("README.md")) ? here : here.getParent();
        String guide = Files.readString(root.resolve("docs/migration.md"));
        Path source = root.resolve("bridge-test/src/test/java/io/loopbridge/test/docs/MigrationExampleTest.java");
        String code = TestingGuideTest.tagged(source, "after") + "\n" + TestingGuideTest.tagged(source, "step");
        assertTrue(guide.contains("```java\n" + code + "```"), "docs/migration.md does not quote the example verbatim:\n" + code);
    }
}
