package io.loopbridge.demo.swing;

import io.loopbridge.demo.model.ClockModel;
import io.loopbridge.demo.model.WorkModel;
import io.loopbridge.swing.SwingActions;
import io.loopbridge.swing.SwingLoop;

import java.util.Hashtable;
import java.util.List;
import javax.swing.JButton;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JProgressBar;
import javax.swing.JSlider;

/** Work: a progress bar following the worker's {@code Progress} through {@code SwingActions.progress}, the worker's message, a big clock, Start and Cancel. EDT only. */
final class SwingWorkPanel implements SwingPanel {
    final JSlider size = new JSlider(5, 50, 20);
    final JButton start = SwingUi.button("Start", true);
    final JButton cancel = SwingUi.button("Cancel", false);
    final JProgressBar bar = SwingUi.bar(1000);
    final JLabel message = SwingUi.muted(" ");
    final JLabel workers = SwingUi.muted(" ");
    final WrapText status = SwingUi.wrapping(SwingUi.TEXT_SOFT);
    final JLabel clockLabel = SwingUi.label("", SwingUi.mono(40), SwingUi.TEXT);
    private final SwingActions work;
    private final JComponent view;

    SwingWorkPanel(SwingLoop loop, WorkModel model, ClockModel clock) {
        size.setMajorTickSpacing(5);
        size.setSnapToTicks(true);
        size.setPaintTicks(true);
        size.setOpaque(false);
        Hashtable<Integer, JLabel> labels = new Hashtable<>();
        for (int m = 5; m <= 50; m += 5) labels.put(m, SwingUi.muted(m + "M"));
        size.setLabelTable(labels);
        size.setPaintLabels(true);
        size.setPreferredSize(new java.awt.Dimension(340, size.getPreferredSize().height));
        JLabel sizeValue = SwingUi.label("", SwingUi.mono(13), SwingUi.TEXT_SOFT);
        Runnable showSize = () -> sizeValue.setText(size.getValue() + " million");
        size.addChangeListener(e -> showSize.run());
        showSize.run();
        bar.setPreferredSize(new java.awt.Dimension(640, 18));
        bar.setMaximumSize(new java.awt.Dimension(Integer.MAX_VALUE, 18));

        // the actions drive the bar: empty while idle, indeterminate only until the worker reports
        work = SwingActions.of(loop).disableWhileRunning(start, size).progress(model.progress(), bar, null);
        SwingUi.startAndCancel(start, work, cancel, () -> model.run(size.getValue() * 1_000_000));

        Runnable show = () -> {
            message.setText(model.progress().message().isEmpty() ? " " : model.progress().message());
            workers.setText("Worker threads busy: " + model.workersRunning());
            status.setText(model.status());
        };
        model.onChange(show);
        show.run();
        clock.onChange(() -> clockLabel.setText(clock.text()));
        clockLabel.setText(clock.text());

        view = SwingUi.card(
                SwingUi.row(SwingUi.muted("Primes below"), size, sizeValue),
                SwingUi.row(start, cancel),
                bar, SwingUi.row(message, workers), status,
                SwingUi.row(SwingUi.muted("Clock (a loop timer, every 100 ms):"), clockLabel), SwingUi.style(model.style()));
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
        return List.of(work);
    }
}
