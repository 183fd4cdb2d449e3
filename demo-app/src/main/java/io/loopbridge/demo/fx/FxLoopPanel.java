package io.loopbridge.demo.fx;

import io.loopbridge.demo.model.LoopMonitor;
import io.loopbridge.javafx.FxActions;
import io.loopbridge.javafx.FxLoop;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

import java.time.Duration;
import java.util.Locale;

/** Loop: four live figures, the flood with its progress, and two buttons that misbehave on purpose. FX Application Thread. */
final class FxLoopPanel implements FxPanel {
    /** Callbacks per flood, and the threads that submit them. */
    static final int FLOOD_CALLBACKS = 100_000;
    static final int FLOOD_THREADS = 4;

    private final Node view;
    private final Button flood = FxUi.button("loop-flood", String.format(Locale.ROOT, "Flood: %,d callbacks", FLOOD_CALLBACKS), "primary");

    FxLoopPanel(FxLoop loop, LoopMonitor monitor, Window window) {
        Label ready = FxUi.label("loop-ready", "0", "figure-value");
        Label timers = FxUi.label("loop-timers", "0", "figure-value");
        Label rate = FxUi.label("loop-rate", "0", "figure-value");
        Label lag = FxUi.label("loop-lag", "0", "figure-value");
        ProgressBar floodBar = new ProgressBar(0);
        floodBar.setId("loop-flood-progress");
        floodBar.setPrefWidth(260);
        Label floodStatus = FxUi.status("loop-flood-status");
        Button raise = FxUi.button("loop-throw", "Throw from a callback", "danger");
        Button block = FxUi.button("loop-block", "Block the UI thread for 0.5 s", "danger");

        FxActions floods = FxActions.of(loop).disableWhileRunning(flood).cancelOnClose(window);
        flood.setOnAction(floods.handler(e -> monitor.flood(FLOOD_CALLBACKS, FLOOD_THREADS)));
        raise.setOnAction(e -> monitor.throwFromCallback());
        block.setOnAction(e -> monitor.blockLoopThread(Duration.ofMillis(500)));

        Runnable show = () -> {
            ready.setText(String.format(Locale.ROOT, "%,d", monitor.stats().readyCallbacks()));
            timers.setText(String.format(Locale.ROOT, "%,d", monitor.stats().pendingTimers()));
            rate.setText(String.format(Locale.ROOT, "%,.0f", monitor.callbacksPerSecond()));
            lag.setText(LoopMonitor.millis(monitor.worstLagNanos()));
            floodBar.setProgress(monitor.floodTotal() == 0 ? 0 : (double) monitor.floodDone() / monitor.floodTotal());
            floodStatus.setText(monitor.floodStatus());
        };
        monitor.onChange(show);
        show.run();

        HBox figures = new HBox(12,
                figure(ready, "ready callbacks"), figure(timers, "pending timers"),
                figure(rate, "callbacks / s"), figure(lag, "worst timer lag, last 1 s"));
        view = FxUi.card(figures,
                FxUi.row(flood, floodBar), floodStatus,
                FxUi.row(raise, block),
                note("The first sends its exception to the loop's handler (see Errors); the second is what "
                        + "never to do: the clock stops and the lag shows it."));
    }

    private static Label note(String text) {
        Label l = FxUi.label(null, text, "muted");
        l.setWrapText(true);
        return l;
    }

    private static VBox figure(Label value, String caption) {
        VBox v = new VBox(value, FxUi.label(null, caption, "figure-caption"));
        v.getStyleClass().add("figure");
        return v;
    }

    @Override
    public Node view() {
        return view;
    }

    @Override
    public Button primaryButton() {
        return flood;
    }
}
