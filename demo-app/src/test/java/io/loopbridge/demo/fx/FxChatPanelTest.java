package io.loopbridge.demo.fx;

import io.loopbridge.demo.model.ChatServer;
import io.loopbridge.demo.model.Panel;
import javafx.scene.control.Button;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Chat, typed into: a line and its answer over a real loopback connection; /bye and the server hangs up. */
@Timeout(60)
class FxChatPanelTest extends FxDemoFixture {

    private String transcript() throws Exception {
        return onFx(node("#chat-transcript", TextArea.class)::getText);
    }

    @Test
    void aTypedLineGetsItsAnswerFromTheDemosServer() throws Exception {
        open(Panel.CHAT);
        waitForText("#chat-server", s -> s.startsWith("Chat server: 127.0.0.1:"), "the server listens");

        click("#chat-input");
        robot.write("hello").type(KeyCode.ENTER);

        waitUntil(() -> node("#chat-transcript", TextArea.class).getText().contains(ChatServer.answer("hello", 1)), () -> "the answer");
        assertTrue(transcript().contains("Welcome, client #1"), transcript());
        assertTrue(transcript().contains("you:    hello"), transcript());
        assertEquals("", onFx(node("#chat-input", TextField.class)::getText), "the field is cleared");
        waitUntil(() -> !node("#chat-send", Button.class).isDisabled(), () -> "Send is enabled again");
    }

    @Test
    void byeMakesTheServerHangUp() throws Exception {
        open(Panel.CHAT);
        robot.interact(() -> node("#chat-input", TextField.class).setText(ChatServer.BYE));

        click("#chat-send");

        waitForText("#chat-status", s -> s.startsWith("Disconnected by the server"), "the hang-up");
        assertTrue(transcript().endsWith("the server closed the connection (end of stream)"), transcript());
        assertFalse(onFx(demo.chat()::connected));
        assertTrue(onFx(node("#chat-disconnect", Button.class)::isDisabled));
    }
}
