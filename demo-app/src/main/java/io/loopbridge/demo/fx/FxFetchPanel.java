package io.loopbridge.demo.fx;

import io.loopbridge.demo.model.FetchModel;
import io.loopbridge.javafx.FxActions;
import io.loopbridge.javafx.FxLoop;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.TextArea;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

import java.time.Duration;

/** Fetch: two sliders (server delay, timeout), Fetch and Cancel, the status and the body. FX Application Thread. */
final class FxFetchPanel implements FxPanel {
    private final Node view;
    private final Button fetch = FxUi.button("fetch-start", "Fetch", "primary");
    private final CheckBox fails = new CheckBox("The server answers HTTP 500 (an error for the error area)");

    FxFetchPanel(FxLoop loop, FetchModel model, Window window) {
        Slider delay = seconds("fetch-delay", 0, 6, 2);
        Slider timeout = seconds("fetch-timeout", 0.5, 6, 3);
        fails.setId("fetch-fail");
        Button cancel = FxUi.button("fetch-cancel", "Cancel");
        Label status = FxUi.status("fetch-status");
        TextArea body = new TextArea();
        body.setId("fetch-body");
        body.setEditable(false);
        body.setWrapText(true);
        body.setPrefRowCount(4);
        body.getStyleClass().add("mono");

        FxActions actions = FxActions.of(loop).disableWhileRunning(fetch).cancelOnClose(window);
        fetch.setOnAction(actions.handler(e -> model.fetch(millis(delay), millis(timeout), fails.isSelected())));
        cancel.setOnAction(e -> actions.cancel());
        cancel.disableProperty().bind(actions.runningProperty().not());

        Runnable show = () -> {
            status.setText(model.status());
            body.setText(model.body());
        };
        model.onChange(show);
        show.run();

        GridPane grid = new GridPane();
        grid.setHgap(12);
        grid.setVgap(8);
        grid.addRow(0, FxUi.label(null, "Server delay", "field-label"), delay, valueLabel(delay));
        grid.addRow(1, FxUi.label(null, "Timeout", "field-label"), timeout, valueLabel(timeout));
        view = FxUi.card(
                FxUi.label("fetch-server", "Server: " + model.serverAddress() + "  (inside this demo, 127.0.0.1 only)", "muted"),
                grid, fails, FxUi.row(fetch, cancel), status, body, FxUi.style("fetch-style", model.style()));
    }

    private static Slider seconds(String id, double min, double max, double value) {
        Slider s = new Slider(min, max, value);
        s.setId(id);
        s.setMajorTickUnit(1);
        s.setMinorTickCount(1);
        s.setBlockIncrement(0.5);
        s.setSnapToTicks(true);
        s.setShowTickMarks(true);
        s.setPrefWidth(320);
        return s;
    }

    private static Label valueLabel(Slider s) {
        Label l = FxUi.label(s.getId() + "-value", "", "mono");
        l.textProperty().bind(s.valueProperty().asString(java.util.Locale.ROOT, "%.1f s"));
        return l;
    }

    private static Duration millis(Slider s) {
        return Duration.ofMillis(Math.round(s.getValue() * 1000));
    }

    @Override
    public Node view() {
        return view;
    }

    @Override
    public Button primaryButton() {
        return fetch;
    }

    @Override
    public CheckBox failSwitch() {
        return fails;
    }
}
