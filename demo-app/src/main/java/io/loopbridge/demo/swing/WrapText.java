package io.loopbridge.demo.swing;

import java.awt.Color;
import java.awt.Component;
import java.awt.Font;
import javax.swing.BorderFactory;
import javax.swing.JTextArea;
import javax.swing.plaf.basic.BasicTextAreaUI;

/**
 * A read-only, transparent text that wraps at word boundaries to the width its layout gives it (what a
 * {@code JLabel} cannot do without fixing a width in HTML). EDT only, as any component.
 */
final class WrapText extends JTextArea {
    WrapText(Font font, Color color) {
        setFont(font);
        setForeground(color);
        setEditable(false);
        setFocusable(false);
        setLineWrap(true);
        setWrapStyleWord(true);
        setOpaque(false);
        setBorder(BorderFactory.createEmptyBorder());
        setAlignmentX(Component.LEFT_ALIGNMENT);
    }

    /** The basic UI: Nimbus would paint a text field's box behind the text. */
    @Override
    public void updateUI() {
        setUI(new BasicTextAreaUI());
    }
}
