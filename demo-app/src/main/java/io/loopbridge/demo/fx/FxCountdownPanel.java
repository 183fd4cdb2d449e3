package io.loopbridge.demo.fx;

import io.loopbridge.demo.model.CountdownModel;
import io.loopbridge.javafx.FxActions;
import io.loopbridge.javafx.FxLoop;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.stage.Window;

/** Countdown: Start awaits {@link CountdownModel#run}; Cancel cancels the task. FX Application Thread. */
final class FxCountdownPanel implements FxPanel {
    private final Node view;
    private final Button start = FxUi.button("countdown-start", "Start", "primary");

    FxCountdownPanel(FxLoop loop, CountdownModel model, Window window) {
        Label value = FxUi.label("countdown-value", "10", "big-number");
        Label status = FxUi.status("countdown-status");
        Spinner<Integer> from = new Spinner<>(1, 60, 10);
        from.setId("countdown-from");
        from.setPrefWidth(90);
        Button cancel = FxUi.button("countdown-cancel", "Cancel");

        FxActions countdown = FxActions.of(loop).disableWhileRunning(start, from).cancelOnClose(window);
        start.setOnAction(countdown.handler(e -> model.run(from.getValue())));
        cancel.setOnAction(e -> countdown.cancel());
        cancel.disableProperty().bind(countdown.runningProperty().not());

        Runnable show = () -> {
            value.setText(Integer.toString(model.remaining()));
            status.setText(model.status());
        };
        model.onChange(show);
        show.run();
        value.setText(Integer.toString(from.getValue()));
        from.valueProperty().addListener((o, was, now) -> {
            if (!countdown.isRunning()) value.setText(Integer.toString(now));
        });

        view = FxUi.card(value, status, FxUi.row(FxUi.label(null, "Count from", "field-label"), from, start, cancel),
                FxUi.style("countdown-style", model.style()));
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
