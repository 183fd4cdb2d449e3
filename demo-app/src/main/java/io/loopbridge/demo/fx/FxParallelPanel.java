package io.loopbridge.demo.fx;

import io.loopbridge.demo.model.ParallelModel;
import io.loopbridge.javafx.FxActions;
import io.loopbridge.javafx.FxLoop;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.stage.Window;

import java.util.List;

/** Parallel: one row per download (name, bar, state), the fail switch, Start and Cancel. FX Application Thread. */
final class FxParallelPanel implements FxPanel {
    private static final List<String> STATE_STYLES = List.of("done", "failed", "cancelled");

    private final Node view;
    private final Button start = FxUi.button("parallel-start", "Start", "primary");
    private final CheckBox fail;

    FxParallelPanel(FxLoop loop, ParallelModel model, Window window) {
        fail = new CheckBox(ParallelModel.FAIL_SWITCH);
        fail.setId("parallel-fail");
        Button cancel = FxUi.button("parallel-cancel", "Cancel");
        Label status = FxUi.status("parallel-status");

        GridPane grid = new GridPane();
        grid.setHgap(14);
        grid.setVgap(10);
        int n = model.downloads().size();
        ProgressBar[] bars = new ProgressBar[n];
        Label[] details = new Label[n];
        for (int i = 0; i < n; i++) {
            bars[i] = new ProgressBar(0);
            bars[i].setId("parallel-bar-" + i);
            bars[i].setMaxWidth(Double.MAX_VALUE);
            GridPane.setHgrow(bars[i], Priority.ALWAYS);
            details[i] = FxUi.label("parallel-detail-" + i, "", "muted");
            details[i].setMinWidth(150);
            grid.addRow(i, FxUi.label(null, model.downloads().get(i).name(), "mono"), bars[i], details[i]);
        }

        FxActions parallel = FxActions.of(loop).disableWhileRunning(start, fail).cancelOnClose(window);
        start.setOnAction(parallel.handler(e -> model.run(fail.isSelected())));
        cancel.setOnAction(e -> parallel.cancel());
        cancel.disableProperty().bind(parallel.runningProperty().not());

        Runnable show = () -> {
            for (int i = 0; i < n; i++) {
                ParallelModel.Download d = model.downloads().get(i);
                bars[i].setProgress(d.fraction());
                details[i].setText(d.describe());
                String style = switch (d.state()) {
                    case DONE -> "done";
                    case FAILED -> "failed";
                    case CANCELLED -> "cancelled";
                    default -> null;
                };
                bars[i].getStyleClass().removeAll(STATE_STYLES);
                details[i].getStyleClass().removeAll("state-done", "state-failed", "state-cancelled");
                if (style != null) {
                    bars[i].getStyleClass().add(style);
                    details[i].getStyleClass().add("state-" + style);
                }
            }
            status.setText(model.status());
        };
        model.onChange(show);
        show.run();

        view = FxUi.card(FxUi.row(start, cancel, fail), grid, status);
    }

    @Override
    public Node view() {
        return view;
    }

    @Override
    public Button primaryButton() {
        return start;
    }

    @Override
    public CheckBox failSwitch() {
        return fail;
    }
}
