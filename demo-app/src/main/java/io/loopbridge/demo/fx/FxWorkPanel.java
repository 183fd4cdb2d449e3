package io.loopbridge.demo.fx;

import io.loopbridge.demo.model.ClockModel;
import io.loopbridge.demo.model.WorkModel;
import io.loopbridge.javafx.FxActions;
import io.loopbridge.javafx.FxLoop;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Slider;
import javafx.stage.Window;

import java.util.Locale;

/**
 * Work: a progress bar bound to {@link FxActions#progressProperty()}, the worker's message, a big clock
 * driven by a loop timer, Start and Cancel. FX Application Thread.
 */
final class FxWorkPanel implements FxPanel {
    private final Node view;
    private final Button start = FxUi.button("work-start", "Start", "primary");

    FxWorkPanel(FxLoop loop, WorkModel model, ClockModel clock, Window window) {
        Slider size = new Slider(5, 50, 20);
        size.setId("work-size");
        size.setMajorTickUnit(5);
        size.setMinorTickCount(4);
        size.setShowTickMarks(true);
        size.setSnapToTicks(true);
        size.setPrefWidth(320);
        Label sizeValue = FxUi.label("work-size-value", "", "mono");
        sizeValue.textProperty().bind(size.valueProperty().asString(Locale.ROOT, "%.0f million"));
        Button cancel = FxUi.button("work-cancel", "Cancel");
        ProgressBar bar = new ProgressBar(0);
        bar.setId("work-progress");
        bar.setMaxWidth(Double.MAX_VALUE);
        Label message = FxUi.label("work-message", "", "muted");
        Label workers = FxUi.label("work-workers", "", "muted");
        Label status = FxUi.status("work-status");
        Label bigClock = FxUi.label("work-clock", clock.text(), "big-clock");

        FxActions work = FxActions.of(loop)
                .disableWhileRunning(start, size)
                .cancelOnClose(window)
                .progress(model.progress());
        start.setOnAction(work.handler(e -> model.run((int) Math.round(size.getValue()) * 1_000_000)));
        cancel.setOnAction(e -> work.cancel());
        cancel.disableProperty().bind(work.runningProperty().not());
        bar.progressProperty().bind(work.progressProperty());
        message.textProperty().bind(work.messageProperty());

        Runnable show = () -> {
            status.setText(model.status());
            workers.setText("Worker threads busy: " + model.workersRunning());
        };
        model.onChange(show);
        show.run();
        clock.onChange(() -> bigClock.setText(clock.text()));

        view = FxUi.card(
                FxUi.row(FxUi.label(null, "Primes below", "field-label"), size, sizeValue),
                FxUi.row(start, cancel),
                bar, FxUi.row(message, FxUi.grow(), workers), status,
                FxUi.row(FxUi.label(null, "Clock (a loop timer, every 100 ms):", "muted"), bigClock),
                FxUi.style("work-style", model.style()));
    }

    @Override
    public Node view() {
        return view;
    }

    @Override
    public Button primaryButton() {
        return start;
    }
}
