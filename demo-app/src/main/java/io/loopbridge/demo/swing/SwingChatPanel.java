package io.loopbridge.demo.swing;

import io.loopbridge.demo.model.ChatModel;
import io.loopbridge.demo.model.ChatServer;
import io.loopbridge.swing.SwingActions;
import io.loopbridge.swing.SwingLoop;

import java.awt.event.ActionListener;
import java.util.List;
import javax.swing.JButton;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JTextArea;
import javax.swing.JTextField;

/**
 * Chat: a line to send (Send or Enter), the transcript, Disconnect, and the chat server's address. Send is
 * disabled while a line is on its way (a stream has one reader). EDT only.
 */
final class SwingChatPanel implements SwingPanel {
    final JTextField input = new JTextField(36);
    final JButton send = SwingUi.button("Send", true);
    final JButton disconnect = SwingUi.button("Disconnect", false);
    final JLabel address = SwingUi.muted("Chat server: starting\u2026");
    final JTextArea transcript = new JTextArea();
    final WrapText status = SwingUi.wrapping(SwingUi.TEXT_SOFT);
    private final SwingActions actions;
    private final JComponent view;

    SwingChatPanel(SwingLoop loop, ChatModel model, ChatServer server) {
        actions = SwingActions.of(loop).disableWhileRunning(input, send).onSucceeded(input::requestFocusInWindow);
        ActionListener sendLine = actions.handler(e -> {
            String text = input.getText();
            if (text.isBlank()) return loop.completedFuture(null);
            input.setText("");
            return model.send(text);
        });
        send.addActionListener(sendLine);
        input.addActionListener(sendLine);
        disconnect.addActionListener(e -> model.disconnect());
        server.address().thenAccept(a -> address.setText("Chat server: " + a.getAddress().getHostAddress() + ":" + a.getPort()
                + " (loop.startServer, inside this demo, 127.0.0.1 only)"));

        Runnable show = () -> {
            StringBuilder text = new StringBuilder();
            for (ChatModel.Line l : model.transcript()) text.append(text.length() == 0 ? "" : "\n").append(l);
            transcript.setText(text.toString());
            transcript.setCaretPosition(text.length());
            status.setText(model.status());
            disconnect.setEnabled(model.connected() && !model.sending());
        };
        model.onChange(show);
        show.run();

        view = SwingUi.card(address, SwingUi.row(input, send, disconnect), SwingUi.output(transcript, 8), status,
                SwingUi.style(model.style()));
    }

    /** Sends a first line, as a person would. */
    @Override
    public void autostart(boolean fail) {
        input.setText("Hello, loop!");
        send.doClick(0);
    }

    @Override
    public JComponent view() {
        return view;
    }

    @Override
    public JButton primaryButton() {
        return send;
    }

    @Override
    public List<SwingActions> actions() {
        return List.of(actions);
    }
}
