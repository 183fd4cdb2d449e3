package io.loopbridge.demo.swing;

import io.loopbridge.core.LoopFuture;
import io.loopbridge.demo.model.ModalModel;
import io.loopbridge.swing.SwingActions;
import io.loopbridge.swing.SwingLoop;

import java.awt.Component;
import java.awt.Font;
import java.util.List;
import javax.swing.JButton;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JOptionPane;

/**
 * Modal: the counter, and a button whose task opens a {@link JOptionPane} with {@link SwingLoop#runModal}
 * and awaits the answer. EDT only.
 */
final class SwingModalPanel implements SwingPanel {
    final JLabel ticks = SwingUi.label("0", SwingUi.font(Font.BOLD, 72), SwingUi.TEXT);
    final JButton open = SwingUi.button("Open dialog", true);
    final WrapText status = SwingUi.wrapping(SwingUi.TEXT_SOFT);
    private final SwingActions modal;
    private final JComponent view;

    /** {@code dialogs} opens the dialog: {@link #confirm} in the window, a stand-in in headless tests. */
    SwingModalPanel(SwingLoop loop, ModalModel model, ModalModel.Dialogs dialogs) {
        modal = SwingActions.of(loop).disableWhileRunning(open);
        open.addActionListener(modal.handler(e -> model.run(dialogs)));

        Runnable show = () -> {
            ticks.setText(Integer.toString(model.ticks()));
            status.setText(model.status());
        };
        model.onChange(show);
        show.run();

        view = SwingUi.card(SwingUi.muted("Counter (a repeating loop timer)"), ticks, SwingUi.row(open), status);
    }

    /** A modal Yes/No {@link JOptionPane} over {@code owner}, opened with {@code runModal}: the future of the answer. */
    static LoopFuture<Boolean> confirm(SwingLoop loop, Component owner, String title, String question) {
        return loop.runModal(() -> JOptionPane.showConfirmDialog(owner, question, title,
                JOptionPane.YES_NO_OPTION, JOptionPane.QUESTION_MESSAGE) == JOptionPane.YES_OPTION);
    }

    @Override
    public JComponent view() {
        return view;
    }

    @Override
    public JButton primaryButton() {
        return open;
    }

    @Override
    public List<SwingActions> actions() {
        return List.of(modal);
    }
}
