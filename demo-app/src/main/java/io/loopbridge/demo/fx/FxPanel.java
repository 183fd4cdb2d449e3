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
}
