package io.loopbridge.demo.fx;

import javafx.scene.Node;
import javafx.scene.control.Button;

/** One panel of the JavaFX window. FX Application Thread. */
interface FxPanel {
    /** The panel's content, below the heading. */
    Node view();

    /** The button {@code --autostart} presses. */
    Button primaryButton();
}
