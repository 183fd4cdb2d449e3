package io.loopbridge.test.docs;

import io.loopbridge.javafx.FxActions;
import io.loopbridge.javafx.FxLoop;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;

import java.util.concurrent.Callable;

// tag::pane[]
/** A Save button: saves off the FX thread, disabled while saving, the outcome in a label. */
public final class SavePane extends HBox {
    final Button save = new Button("Save");
    final Label status = new Label("Not saved");

    public SavePane(FxLoop loop, Callable<Integer> store) {       // store: blocking I/O, returns bytes written
        getChildren().addAll(save, status);
        FxActions actions = FxActions.of(loop)
                .disableWhileRunning(save)
                .onFailure(e -> status.setText("Failed: " + e.getMessage()));
        save.setOnAction(actions.handler(e -> {
            status.setText("Saving...");
            return loop.runInExecutor(store)
                    .thenAccept(bytes -> status.setText("Saved " + bytes + " bytes"));
        }));
    }
}
// end::pane[]
