package io.loopbridge.demo.swing;

import io.loopbridge.demo.model.CountdownModel;
import io.loopbridge.swing.SwingActions;
import io.loopbridge.swing.SwingLoop;

import java.awt.Font;
import java.util.List;
import javax.swing.JButton;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JSpinner;
import javax.swing.SpinnerNumberModel;

/** Countdown: Start awaits {@link CountdownModel#run}; Cancel cancels the task. EDT only. */
final class SwingCountdownPanel implements SwingPanel {
    final JLabel value = SwingUi.label("10", SwingUi.font(Font.BOLD, 72), SwingUi.TEXT);
    final WrapText status = SwingUi.wrapping(SwingUi.TEXT_SOFT);
    final JSpinner from = new JSpinner(new SpinnerNumberModel(10, 1, 60, 1));
    final JButton start = SwingUi.button("Start", true);
    final JButton cancel = SwingUi.button("Cancel", false);
    private final SwingActions countdown;
    private final JComponent view;

    SwingCountdownPanel(SwingLoop loop, CountdownModel model) {
        countdown = SwingActions.of(loop).disableWhileRunning(start, from);
        SwingUi.startAndCancel(start, countdown, cancel, () -> model.run((Integer) from.getValue()));

        Runnable show = () -> {
            value.setText(Integer.toString(model.remaining()));
            status.setText(model.status());
        };
        model.onChange(show);
        show.run();
        value.setText(from.getValue().toString());
        from.addChangeListener(e -> {
            if (!countdown.isRunning()) value.setText(from.getValue().toString());
        });

        view = SwingUi.card(value, status, SwingUi.row(SwingUi.muted("Count from"), from, start, cancel), SwingUi.style(model.style()));
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
    public List<SwingActions> actions() {
        return List.of(countdown);
    }
}
