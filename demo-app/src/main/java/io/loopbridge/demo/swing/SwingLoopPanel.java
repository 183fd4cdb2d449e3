package io.loopbridge.demo.swing;

import io.loopbridge.demo.model.LoopMonitor;
import io.loopbridge.swing.SwingActions;
import io.loopbridge.swing.SwingLoop;

import java.awt.Color;
import java.awt.Font;
import java.awt.GridLayout;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import javax.swing.BorderFactory;
import javax.swing.BoxLayout;
import javax.swing.JButton;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JProgressBar;

/** Loop: four live figures, the flood with its progress, and two buttons that misbehave on purpose. EDT only. */
final class SwingLoopPanel implements SwingPanel {
    /** Callbacks per flood, and the threads that submit them. */
    static final int FLOOD_CALLBACKS = 100_000;
    static final int FLOOD_THREADS = 4;

    final JLabel ready = figureValue();
    final JLabel timers = figureValue();
    final JLabel rate = figureValue();
    final JLabel lag = figureValue();
    final JButton flood = SwingUi.button(String.format(Locale.ROOT, "Flood: %,d callbacks", FLOOD_CALLBACKS), true);
    final JProgressBar floodBar = SwingUi.bar(FLOOD_CALLBACKS);
    final WrapText floodStatus = SwingUi.wrapping(SwingUi.TEXT_SOFT);
    final JButton raise = SwingUi.button("Throw from a callback", false);
    final JButton block = SwingUi.button("Block the UI thread for 0.5 s", false);
    private final SwingActions floods;
    private final JComponent view;

    SwingLoopPanel(SwingLoop loop, LoopMonitor monitor) {
        floods = SwingActions.of(loop).disableWhileRunning(flood);
        flood.addActionListener(floods.handler(e -> monitor.flood(FLOOD_CALLBACKS, FLOOD_THREADS)));
        raise.addActionListener(e -> monitor.throwFromCallback());
        block.addActionListener(e -> monitor.blockLoopThread(Duration.ofMillis(500)));
        raise.setForeground(SwingUi.ERROR);
        block.setForeground(SwingUi.ERROR);
        floodBar.setPreferredSize(new java.awt.Dimension(260, 16));

        Runnable show = () -> {
            ready.setText(String.format(Locale.ROOT, "%,d", monitor.stats().readyCallbacks()));
            timers.setText(String.format(Locale.ROOT, "%,d", monitor.stats().pendingTimers()));
            rate.setText(String.format(Locale.ROOT, "%,.0f", monitor.callbacksPerSecond()));
            lag.setText(LoopMonitor.millis(monitor.worstLagNanos()));
            floodBar.setMaximum(Math.max(1, monitor.floodTotal()));
            floodBar.setValue(monitor.floodDone());
            floodStatus.setText(monitor.floodStatus());
        };
        monitor.onChange(show);
        show.run();

        JPanel figures = new JPanel(new GridLayout(1, 4, 12, 0));
        figures.setOpaque(false);
        figures.add(figure(ready, "ready callbacks"));
        figures.add(figure(timers, "pending timers"));
        figures.add(figure(rate, "callbacks / s"));
        figures.add(figure(lag, "worst timer lag, last 1 s"));
        WrapText note = SwingUi.wrapping(SwingUi.MUTED);
        note.setText("The first sends its exception to the loop's handler (see Errors); the second is what never "
                + "to do: the clock stops and the lag shows it.");
        view = SwingUi.card(figures, SwingUi.row(flood, floodBar), floodStatus, SwingUi.row(raise, block), note);
    }

    private static JLabel figureValue() {
        return SwingUi.label("0", SwingUi.font(Font.BOLD, 26), SwingUi.TEXT);
    }

    private static JPanel figure(JLabel value, String caption) {
        JPanel p = new JPanel();
        p.setLayout(new BoxLayout(p, BoxLayout.Y_AXIS));
        p.setBackground(new Color(0xf8fafc));
        p.setBorder(BorderFactory.createCompoundBorder(BorderFactory.createLineBorder(SwingUi.BORDER, 1, true),
                BorderFactory.createEmptyBorder(8, 12, 8, 12)));
        p.add(value);
        p.add(SwingUi.muted(caption));
        return p;
    }

    @Override
    public JComponent view() {
        return view;
    }

    @Override
    public JButton primaryButton() {
        return flood;
    }

    @Override
    public List<SwingActions> actions() {
        return List.of(floods);
    }
}
