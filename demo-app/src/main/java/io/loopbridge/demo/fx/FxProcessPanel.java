package io.loopbridge.demo.fx;

import io.loopbridge.demo.model.ProcessModel;
import io.loopbridge.demo.model.ProcessModel.Command;
import io.loopbridge.javafx.FxActions;
import io.loopbridge.javafx.FxLoop;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextArea;
import javafx.scene.control.ToggleGroup;
import javafx.stage.Window;

import java.util.List;

/**
 * Process: the command to run (the bundled progress printer or {@code java -version}), Run and Cancel,
 * the command line, the output as it arrives, and the status with the exit code. FX Application Thread.
 */
final class FxProcessPanel implements FxPanel {
    /** The failure switch's text (it applies to the bundled program only). */
    static final String FAIL_SWITCH = "Make ProgressPrinter exit with code " + ProcessModel.FAIL_EXIT_CODE + " (an error for the error area)";
    private final Node view;
    private final Button run = FxUi.button("process-run", "Run", "primary");
    private final CheckBox fail = new CheckBox(FAIL_SWITCH);
    /** Output lines already in the text area. FX thread. */
    private int shown;

    FxProcessPanel(FxLoop loop, ProcessModel model, Window window) {
        fail.setId("process-fail");
        ToggleGroup which = new ToggleGroup();
        RadioButton printer = new RadioButton("Bundled ProgressPrinter (a Java program printing a line per step)");
        printer.setId("process-printer");
        printer.setToggleGroup(which);
        printer.setSelected(true);
        RadioButton version = new RadioButton("java -version");
        version.setId("process-java-version");
        version.setToggleGroup(which);
        Button cancel = FxUi.button("process-cancel", "Cancel");
        Label command = FxUi.label("process-command", "", "mono", "muted");
        command.setWrapText(true);
        TextArea output = FxUi.output("process-output", 9);
        Label status = FxUi.status("process-status");

        FxActions actions = FxActions.of(loop).disableWhileRunning(run, printer, version, fail).cancelOnClose(window);
        run.setOnAction(actions.handler(e -> {
            Command c = version.isSelected() ? Command.JAVA_VERSION : Command.PROGRESS;
            command.setText("$ " + String.join(" ", model.commandLine(c, fail.isSelected() && c == Command.PROGRESS)));
            return model.run(c, fail.isSelected() && c == Command.PROGRESS);
        }));
        cancel.setOnAction(e -> actions.cancel());
        cancel.disableProperty().bind(actions.runningProperty().not());

        Runnable show = () -> {
            List<String> lines = model.lines();
            if (lines.size() < shown) {
                output.clear();
                shown = 0;
            }
            StringBuilder more = new StringBuilder();
            for (int i = shown; i < lines.size(); i++) more.append(output.getLength() == 0 && more.length() == 0 ? "" : "\n").append(lines.get(i));
            if (more.length() > 0) output.appendText(more.toString());
            shown = lines.size();
            status.setText(model.status());
        };
        model.onChange(show);
        show.run();

        view = FxUi.card(printer, version, fail, FxUi.row(run, cancel), command, output, status,
                FxUi.style("process-style", model.style()));
    }

    @Override
    public Node view() {
        return view;
    }

    @Override
    public Button primaryButton() {
        return run;
    }

    @Override
    public CheckBox failSwitch() {
        return fail;
    }
}
