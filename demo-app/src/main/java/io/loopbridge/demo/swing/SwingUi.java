package io.loopbridge.demo.swing;

import io.loopbridge.demo.model.Style;
import io.loopbridge.swing.SwingActions;

import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.Component;
import java.awt.Dimension;
import java.awt.Font;
import javax.swing.BorderFactory;
import javax.swing.Box;
import javax.swing.BoxLayout;
import javax.swing.JButton;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JProgressBar;
import javax.swing.JScrollPane;
import javax.swing.JTextArea;
import javax.swing.ScrollPaneConstants;
import javax.swing.UIManager;
import javax.swing.border.Border;
import javax.swing.plaf.basic.BasicProgressBarUI;

/** Colours, fonts and small builders for the Swing window (the same palette as the JavaFX one). EDT only. */
final class SwingUi {
    private SwingUi() {}

    static final Color BACKGROUND = new Color(0xf1f5f9);
    static final Color SIDEBAR = new Color(0x0f172a);
    static final Color SIDEBAR_HOVER = new Color(0x1e293b);
    static final Color ACCENT = new Color(0x1d4ed8);
    static final Color TEXT = new Color(0x0f172a);
    static final Color TEXT_SOFT = new Color(0x334155);
    static final Color MUTED = new Color(0x64748b);
    static final Color BORDER = new Color(0xe2e8f0);
    static final Color ERROR = new Color(0xb91c1c);
    static final Color OK = new Color(0x15803d);
    static final Color SIDEBAR_TEXT = new Color(0xcbd5e1);
    static final Color BAR = new Color(0x2563eb);
    static final Color BAR_DONE = new Color(0x16a34a);
    static final Color BAR_FAILED = new Color(0xdc2626);
    static final Color BAR_CANCELLED = new Color(0x94a3b8);

    static Font font(int style, float size) {
        Font base = UIManager.getFont("Label.font");
        if (base == null) base = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
        return base.deriveFont(style, size);
    }

    static Font mono(float size) {
        return new Font(Font.MONOSPACED, Font.PLAIN, Math.round(size));
    }

    static JLabel label(String text, Font font, Color color) {
        JLabel l = new JLabel(text);
        l.setFont(font);
        l.setForeground(color);
        return l;
    }

    static JLabel muted(String text) {
        return label(text, font(Font.PLAIN, 13), MUTED);
    }

    /** A text that wraps to the width of its container. */
    static WrapText wrapping(Color color) {
        return new WrapText(font(Font.PLAIN, 14), color);
    }

    /** The line saying which {@link Style} the panel's logic runs in (and how to see the coroutine one). */
    static JComponent style(Style style) {
        boolean co = style == Style.COROUTINE;
        WrapText t = new WrapText(font(Font.PLAIN, 12), co ? new Color(0x166534) : new Color(0x92400e));
        t.setText(style.explanation());
        JPanel p = new JPanel(new BorderLayout());
        p.setBackground(co ? new Color(0xf0fdf4) : new Color(0xfffbeb));
        p.setBorder(BorderFactory.createEmptyBorder(6, 10, 6, 10));
        p.add(t, BorderLayout.CENTER);
        return p;
    }

    /** A read-only, wrapping, monospaced text area of {@code rows} rows, in a scroll pane. */
    static JScrollPane output(JTextArea area, int rows) {
        area.setEditable(false);
        area.setLineWrap(true);
        area.setWrapStyleWord(true);
        area.setRows(rows);
        area.setFont(mono(13));
        return new JScrollPane(area, ScrollPaneConstants.VERTICAL_SCROLLBAR_ALWAYS, ScrollPaneConstants.HORIZONTAL_SCROLLBAR_NEVER);
    }

    /** A flat progress bar (the basic UI, so that its colour can follow a state), 0..{@code max}. */
    static JProgressBar bar(int max) {
        JProgressBar b = new JProgressBar(0, max) {
            @Override
            public void updateUI() {
                setUI(new BasicProgressBarUI());
            }
        };
        b.setForeground(BAR);
        b.setBackground(new Color(0xe2e8f0));
        b.setBorderPainted(false);
        b.setPreferredSize(new Dimension(420, 16));
        return b;
    }

    static JButton button(String text, boolean primary) {
        JButton b = new JButton(text);
        b.setFont(font(primary ? Font.BOLD : Font.PLAIN, 14));
        if (primary) {
            b.setBackground(ACCENT); // Nimbus tints the button with it
            b.setForeground(Color.WHITE);
        }
        return b;
    }

    /** A white card with a rounded border and padding; children stacked top to bottom, left-aligned. */
    static JPanel card(JComponent... children) {
        JPanel p = new JPanel();
        p.setLayout(new BoxLayout(p, BoxLayout.Y_AXIS));
        p.setBackground(Color.WHITE);
        p.setBorder(cardBorder());
        for (int i = 0; i < children.length; i++) {
            if (i > 0) p.add(Box.createVerticalStrut(12));
            children[i].setAlignmentX(Component.LEFT_ALIGNMENT);
            p.add(children[i]);
        }
        return p;
    }

    static Border cardBorder() {
        return BorderFactory.createCompoundBorder(BorderFactory.createLineBorder(BORDER, 1, true),
                BorderFactory.createEmptyBorder(16, 18, 16, 18));
    }

    /** A left-aligned row with 10 px gaps, transparent, as tall as its tallest child. */
    static JPanel row(JComponent... children) {
        JPanel p = new JPanel();
        p.setLayout(new BoxLayout(p, BoxLayout.X_AXIS));
        p.setOpaque(false);
        for (int i = 0; i < children.length; i++) {
            if (i > 0) p.add(Box.createHorizontalStrut(10));
            children[i].setAlignmentY(Component.CENTER_ALIGNMENT);
            if (!(children[i] instanceof JLabel)) children[i].setMaximumSize(children[i].getPreferredSize()); // a label follows its text
            p.add(children[i]);
        }
        p.add(Box.createHorizontalGlue());
        p.setAlignmentX(Component.LEFT_ALIGNMENT);
        return p;
    }

    /**
     * Wires a Start/Cancel pair: a click on {@code start} starts {@code body} as a task of {@code action}
     * (its {@code disableWhileRunning} components are disabled meanwhile); {@code cancel} is enabled while
     * a task runs, and cancels it.
     */
    static <T> void startAndCancel(JButton start, SwingActions action, JButton cancel, Supplier<? extends CompletionStage<T>> body) {
        cancel.setEnabled(false);
        action.enableWhileRunning(cancel);
        start.addActionListener(action.handler(e -> body.get()));
        cancel.addActionListener(e -> action.cancel());
    }

    /** {@code c} in a transparent panel at the top, so a card keeps its natural height. */
    static JPanel top(JComponent c) {
        JPanel p = new JPanel(new BorderLayout());
        p.setOpaque(false);
        p.add(c, BorderLayout.NORTH);
        return p;
    }
}
