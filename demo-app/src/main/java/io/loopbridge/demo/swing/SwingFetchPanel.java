package io.loopbridge.demo.swing;

import io.loopbridge.demo.model.FetchModel;
import io.loopbridge.swing.SwingActions;
import io.loopbridge.swing.SwingLoop;

import java.awt.Font;
import java.awt.GridBagConstraints;
import java.awt.GridBagLayout;
import java.awt.Insets;
import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import javax.swing.JButton;
import javax.swing.JCheckBox;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JSlider;
import javax.swing.JTextArea;

/** Fetch: two sliders (server delay, timeout, in tenths of a second), Fetch and Cancel, the status and the body. EDT only. */
final class SwingFetchPanel implements SwingPanel {
    final JSlider delay = tenths(0, 60, 20);
    final JSlider timeout = tenths(5, 60, 30);
    final JCheckBox fails = new JCheckBox("The server answers HTTP 500 (an error for the error area)");
    final JButton fetch = SwingUi.button("Fetch", true);
    final JButton cancel = SwingUi.button("Cancel", false);
    final WrapText status = SwingUi.wrapping(SwingUi.TEXT_SOFT);
    final JTextArea body = new JTextArea(4, 60);
    private final SwingActions actions;
    private final JComponent view;

    SwingFetchPanel(SwingLoop loop, FetchModel model) {
        fails.setOpaque(false);
        body.setEditable(false);
        body.setLineWrap(true);
        body.setWrapStyleWord(true);
        body.setFont(SwingUi.mono(13));

        actions = SwingActions.of(loop).disableWhileRunning(fetch);
        SwingUi.startAndCancel(fetch, actions, cancel, () -> model.fetch(millis(delay), millis(timeout), fails.isSelected()));

        Runnable show = () -> {
            status.setText(model.status());
            body.setText(model.body());
        };
        model.onChange(show);
        show.run();

        JPanel grid = new JPanel(new GridBagLayout());
        grid.setOpaque(false);
        addRow(grid, 0, "Server delay", delay);
        addRow(grid, 1, "Timeout", timeout);
        JScrollPane bodyScroll = new JScrollPane(body);
        view = SwingUi.card(SwingUi.muted("Server: " + model.serverAddress() + "  (inside this demo, 127.0.0.1 only)"),
                grid, fails, SwingUi.row(fetch, cancel), status, bodyScroll, SwingUi.style(model.style()));
    }

    private static JSlider tenths(int min, int max, int value) {
        JSlider s = new JSlider(min, max, value);
        s.setMajorTickSpacing(10);
        s.setMinorTickSpacing(5);
        s.setSnapToTicks(true);
        s.setPaintTicks(true);
        s.setPaintLabels(true);
        s.setOpaque(false);
        Hashtable<Integer, JLabel> labels = new Hashtable<>();
        for (int t = 0; t <= max; t += 10) if (t >= min) labels.put(t, SwingUi.muted(t / 10 + " s"));
        s.setLabelTable(labels);
        s.setPreferredSize(new java.awt.Dimension(340, s.getPreferredSize().height));
        return s;
    }

    private static void addRow(JPanel grid, int row, String caption, JSlider slider) {
        JLabel value = SwingUi.label("", SwingUi.mono(13), SwingUi.TEXT_SOFT);
        Runnable show = () -> value.setText(String.format(Locale.ROOT, "%.1f s", slider.getValue() / 10.0));
        slider.addChangeListener(e -> show.run());
        show.run();
        GridBagConstraints c = new GridBagConstraints();
        c.gridy = row;
        c.insets = new Insets(2, 0, 2, 12);
        c.anchor = GridBagConstraints.WEST;
        grid.add(SwingUi.label(caption, SwingUi.font(Font.PLAIN, 14), SwingUi.TEXT_SOFT), c);
        grid.add(slider, c);
        c.weightx = 1; // the free width goes to the right of the row
        grid.add(value, c);
    }

    private static Duration millis(JSlider s) {
        return Duration.ofMillis(s.getValue() * 100L);
    }

    @Override
    public JComponent view() {
        return view;
    }

    @Override
    public JButton primaryButton() {
        return fetch;
    }

    @Override
    public JCheckBox failSwitch() {
        return fails;
    }

    @Override
    public List<SwingActions> actions() {
        return List.of(actions);
    }
}
