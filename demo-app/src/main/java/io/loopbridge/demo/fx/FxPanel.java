package io.loopbridge.demo.fx;

import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;

/** One panel of the JavaFX window. FX Application Thread. */
interface FxPanel {
    /** The panel's content, below the heading. */
    Node view();

    /** The button {@code --autostart} presses. */
    Button primaryButton();

    /** The switch that makes the panel's work fail on purpose, if it has one (for {@code --fail}). */
    default CheckBox failSwitch() {
        return null;
    }

    /**
     * What {@code --autostart} does: ticks the failure switch if {@code fail} (and there is one), then
     * presses the main button. A panel without a main action (Search: it starts as you type) overrides it.
     */
    default void autostart(boolean fail) {
        if (fail && failSwitch() != null) failSwitch().setSelected(true);
        primaryButton().fire();
    }
}
