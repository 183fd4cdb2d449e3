package io.loopbridge.demo.fx;

import io.loopbridge.core.LoopFuture;
import io.loopbridge.demo.model.ModalModel;
import io.loopbridge.javafx.FxActions;
import io.loopbridge.javafx.FxLoop;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.stage.Window;

/**
 * Modal: the counter, and a button whose task opens an {@link Alert} with {@link FxLoop#runModal} and
 * awaits the answer. FX Application Thread.
 */
final class FxModalPanel implements FxPanel {
    private final Node view;
    private final Button open = FxUi.button("modal-open", "Open dialog", "primary");

    FxModalPanel(FxLoop loop, ModalModel model, Window window) {
        Label ticks = FxUi.label("modal-ticks", "0", "big-number");
        Label status = FxUi.status("modal-status");

        ModalModel.Dialogs dialogs = (title, question) -> confirm(loop, window, title, question);
        FxActions modal = FxActions.of(loop).disableWhileRunning(open).cancelOnClose(window);
        open.setOnAction(modal.handler(e -> model.run(dialogs)));

        Runnable show = () -> {
            ticks.setText(Integer.toString(model.ticks()));
            status.setText(model.status());
        };
        model.onChange(show);
        show.run();

        view = FxUi.card(FxUi.label(null, "Counter (a repeating loop timer)", "muted"), ticks, open, status);
    }

    /** A modal Yes/No alert over {@code owner}, opened with {@code runModal}: the future of the answer. */
    static LoopFuture<Boolean> confirm(FxLoop loop, Window owner, String title, String question) {
        return loop.runModal(() -> {
            Alert alert = new Alert(Alert.AlertType.CONFIRMATION, question, ButtonType.YES, ButtonType.NO);
            alert.initOwner(owner);
            alert.setTitle(title);
            alert.setHeaderText("A modal dialog, opened by a task");
            return alert.showAndWait().orElse(ButtonType.NO) == ButtonType.YES;
        });
    }

    @Override
    public Node view() {
        return view;
    }

    @Override
    public Button primaryButton() {
        return open;
    }
}
