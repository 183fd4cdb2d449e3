package io.loopbridge.demo.swing;

import io.loopbridge.demo.model.ParallelModel;
import io.loopbridge.swing.SwingActions;
import io.loopbridge.swing.SwingLoop;

import java.awt.Color;
import java.awt.Dimension;
import java.awt.GridBagConstraints;
import java.awt.GridBagLayout;
import java.awt.Insets;
import java.util.List;
import javax.swing.JButton;
import javax.swing.JCheckBox;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JProgressBar;

/** Parallel: one row per download (name, bar, state), the fail switch, Start and Cancel. EDT only. */
final class SwingParallelPanel implements SwingPanel {
    final JCheckBox fail;
    final JButton start = SwingUi.button("Start", true);
    final JButton cancel = SwingUi.button("Cancel", false);
    final JProgressBar[] bars;
    final JLabel[] details;
    final WrapText status = SwingUi.wrapping(SwingUi.TEXT_SOFT);
    private final SwingActions parallel;
    private final JComponent view;

    SwingParallelPanel(SwingLoop loop, ParallelModel model) {
        fail = new JCheckBox(ParallelModel.FAIL_SWITCH);
        fail.setOpaque(false);
        int n = model.downloads().size();
        bars = new JProgressBar[n];
        details = new JLabel[n];
        JPanel grid = new JPanel(new GridBagLayout());
        grid.setOpaque(false);
        for (int i = 0; i < n; i++) {
            bars[i] = SwingUi.bar(1000);
            details[i] = SwingUi.muted("");
            details[i].setPreferredSize(new Dimension(170, 22));
            GridBagConstraints c = new GridBagConstraints();
            c.gridy = i;
            c.insets = new Insets(4, 0, 4, 14);
            c.anchor = GridBagConstraints.WEST;
            grid.add(SwingUi.label(model.downloads().get(i).name(), SwingUi.mono(13), SwingUi.TEXT), c);
            c.fill = GridBagConstraints.HORIZONTAL;
            c.weightx = 1;
            grid.add(bars[i], c);
            c.fill = GridBagConstraints.NONE;
            c.weightx = 0;
            grid.add(details[i], c);
        }

        parallel = SwingActions.of(loop).disableWhileRunning(start, fail);
        SwingUi.startAndCancel(start, parallel, cancel, () -> model.run(fail.isSelected()));

        Runnable show = () -> {
            for (int i = 0; i < n; i++) {
                ParallelModel.Download d = model.downloads().get(i);
                bars[i].setValue((int) Math.round(d.fraction() * bars[i].getMaximum()));
                details[i].setText(d.describe());
                details[i].setForeground(colour(d.state()));
                bars[i].setForeground(barColour(d.state()));
            }
            status.setText(model.status());
        };
        model.onChange(show);
        show.run();

        view = SwingUi.card(SwingUi.row(start, cancel, fail), grid, status);
    }

    private static Color barColour(ParallelModel.State s) {
        switch (s) {
            case DONE: return SwingUi.BAR_DONE;
            case FAILED: return SwingUi.BAR_FAILED;
            case CANCELLED: return SwingUi.BAR_CANCELLED;
            default: return SwingUi.BAR;
        }
    }

    private static Color colour(ParallelModel.State s) {
        switch (s) {
            case DONE: return SwingUi.OK;
            case FAILED: return SwingUi.ERROR;
            default: return SwingUi.MUTED;
        }
    }

    @Override
    public JComponent view() {
        return view;
    }

    @Override
    public JButton primaryButton() {
        return start;
    }

    @Override
    public JCheckBox failSwitch() {
        return fail;
    }

    @Override
    public List<SwingActions> actions() {
        return List.of(parallel);
    }
}
