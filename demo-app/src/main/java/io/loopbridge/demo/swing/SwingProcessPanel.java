package io.loopbridge.demo.swing;

import io.loopbridge.demo.model.ProcessModel;
import io.loopbridge.demo.model.ProcessModel.Command;
import io.loopbridge.swing.SwingActions;
import io.loopbridge.swing.SwingLoop;

import java.util.List;
import javax.swing.ButtonGroup;
import javax.swing.JButton;
import javax.swing.JCheckBox;
import javax.swing.JComponent;
import javax.swing.JRadioButton;
import javax.swing.JTextArea;

/**
 * Process: the command to run (the bundled progress printer or {@code java -version}), Run and Cancel,
 * the command line, the output as it arrives, and the status with the exit code. EDT only.
 */
final class SwingProcessPanel implements SwingPanel {
    final JRadioButton printer = new JRadioButton("Bundled ProgressPrinter (a Java program printing a line per step)", true);
    final JRadioButton version = new JRadioButton("java -version");
    final JCheckBox fail = new JCheckBox("Make ProgressPrinter exit with code " + ProcessModel.FAIL_EXIT_CODE + " (an error for the error area)");
    final JButton run = SwingUi.button("Run", true);
    final JButton cancel = SwingUi.button("Cancel", false);
    final WrapText command = new WrapText(SwingUi.mono(12), SwingUi.MUTED);
    final JTextArea output = new JTextArea();
    final WrapText status = SwingUi.wrapping(SwingUi.TEXT_SOFT);
    private final SwingActions actions;
    private final JComponent view;
    /** Output lines already in the text area. EDT. */
    private int shown;

    SwingProcessPanel(SwingLoop loop, ProcessModel model) {
        ButtonGroup which = new ButtonGroup();
        for (JRadioButton b : new JRadioButton[] {printer, version}) {
            b.setOpaque(false);
            which.add(b);
        }
        fail.setOpaque(false);

        actions = SwingActions.of(loop).disableWhileRunning(run, printer, version, fail);
        SwingUi.startAndCancel(run, actions, cancel, () -> {
            Command c = version.isSelected() ? Command.JAVA_VERSION : Command.PROGRESS;
            boolean fails = fail.isSelected() && c == Command.PROGRESS;
            command.setText("$ " + String.join(" ", model.commandLine(c, fails)));
            return model.run(c, fails);
        });

        Runnable show = () -> {
            List<String> lines = model.lines();
            if (lines.size() < shown) {
                output.setText("");
                shown = 0;
            }
            StringBuilder more = new StringBuilder();
            for (int i = shown; i < lines.size(); i++) more.append(output.getDocument().getLength() == 0 && more.length() == 0 ? "" : "\n").append(lines.get(i));
            if (more.length() > 0) {
                output.append(more.toString());
                output.setCaretPosition(output.getDocument().getLength());
            }
            shown = lines.size();
            status.setText(model.status());
        };
        model.onChange(show);
        show.run();

        view = SwingUi.card(printer, version, fail, SwingUi.row(run, cancel), command, SwingUi.output(output, 6), status,
                SwingUi.style(model.style()));
    }

    @Override
    public JComponent view() {
        return view;
    }

    @Override
    public JButton primaryButton() {
        return run;
    }

    @Override
    public JCheckBox failSwitch() {
        return fail;
    }

    @Override
    public List<SwingActions> actions() {
        return List.of(actions);
    }
}
