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

    /**
     * What {@code --autostart} does: ticks the failure switch if {@code fail} (and there is one), then
     * presses the main button. A panel without a main action (Search: it starts as you type) overrides it.
     */
    default void autostart(boolean fail) {
        if (fail && failSwitch() != null) failSwitch().setSelected(true);
        primaryButton().doClick(0);
    }

    /** The panel's action listeners, whose tasks the window cancels when it closes. */
    List<SwingActions> actions();
}
