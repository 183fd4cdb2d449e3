package io.loopbridge.demo.fx;

import io.loopbridge.demo.model.ChatModel;
import io.loopbridge.demo.model.ChatServer;
import io.loopbridge.javafx.FxActions;
import io.loopbridge.javafx.FxLoop;
import javafx.event.ActionEvent;
import javafx.event.EventHandler;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.stage.Window;

import java.util.List;

/**
 * Chat: a line to send (Send or Enter), the transcript, Disconnect, and the chat server's address. Send is
 * disabled while a line is on its way (a stream has one reader). FX Application Thread.
 */
final class FxChatPanel implements FxPanel {
    private final Node view;
    private final TextField input = new TextField();
    private final Button send = FxUi.button("chat-send", "Send", "primary");

    FxChatPanel(FxLoop loop, ChatModel model, ChatServer server, Window window) {
        input.setId("chat-input");
        input.setPromptText("type a line, then Enter");
        input.setPrefColumnCount(36);
        Button disconnect = FxUi.button("chat-disconnect", "Disconnect");
        Label address = FxUi.label("chat-server", "Chat server: starting\u2026", "muted");
        TextArea transcript = FxUi.output("chat-transcript", 10);
        Label status = FxUi.status("chat-status");

        FxActions actions = FxActions.of(loop).disableWhileRunning(input, send).cancelOnClose(window).onSucceeded(input::requestFocus);
        EventHandler<ActionEvent> sendLine = actions.handler(e -> {
            String text = input.getText();
            if (text.isBlank()) return loop.completedFuture(null);
            input.clear();
            return model.send(text);
        });
        send.setOnAction(sendLine);
        input.setOnAction(sendLine);
        disconnect.setOnAction(e -> model.disconnect());
        server.address().thenAccept(a -> address.setText("Chat server: " + a.getAddress().getHostAddress() + ":" + a.getPort()
                + " (loop.startServer, inside this demo, 127.0.0.1 only)"));

        Runnable show = () -> {
            List<ChatModel.Line> lines = model.transcript();
            StringBuilder text = new StringBuilder();
            for (ChatModel.Line l : lines) text.append(text.length() == 0 ? "" : "\n").append(l);
            transcript.setText(text.toString());
            transcript.positionCaret(transcript.getLength());
            transcript.setScrollTop(Double.MAX_VALUE);
            status.setText(model.status());
            disconnect.setDisable(!model.connected() || model.sending());
        };
        model.onChange(show);
        show.run();

        view = FxUi.card(address, FxUi.row(input, send, disconnect), transcript, status, FxUi.style("chat-style", model.style()));
    }

    /** Sends a first line, as a person would. */
    @Override
    public void autostart(boolean fail) {
        input.setText("Hello, loop!");
        send.fire();
    }

    @Override
    public Node view() {
        return view;
    }

    @Override
    public Button primaryButton() {
        return send;
    }
}
