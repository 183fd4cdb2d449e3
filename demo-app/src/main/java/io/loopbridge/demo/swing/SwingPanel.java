package io.loopbridge.demo.swing;

import io.loopbridge.swing.SwingActions;

import java.util.List;
import javax.swing.JButton;
import javax.swing.JCheckBox;
import javax.swing.JComponent;

/** One panel of the Swing window. EDT only. */
interface SwingPanel {
    /** The panel's content, below the heading. */
    JComponent view();

    /** The button {@code --autostart} presses. */
    JButton primaryButton();

    /** The switch that makes the panel's work fail on purpose, if it has one (for {@code --fail}). */
    default JCheckBox failSwitch() {
        return null;
    }

    /** The panel's action listeners, whose tasks the window cancels when it closes. */
    List<SwingActions> actions();
}
