package io.loopbridge.demo.model;

import io.loopbridge.core.StandaloneLoop;
import io.loopbridge.demo.model.ChatModel.Line;
import io.loopbridge.demo.model.ChatModel.Who;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Chat panel's client and the demo's chat server over real sockets on 127.0.0.1, on a standalone loop,
 * in each style this JVM runs (both ends in the same style).
 */
@Timeout(30)
class ChatModelTest {
    private final StandaloneLoop loop = StandaloneLoop.create();

    @AfterEach
    void close() {
        loop.close();
    }

    private ChatServer server(Style style) {
        return loop.runUntilComplete(loop.createTask(() -> loop.completedFuture(ChatServer.start(loop, style))));
    }

    private String send(ChatModel model, String text) {
        return loop.runUntilComplete(loop.createTask(() -> model.send(text)));
    }

    @ParameterizedTest
    @MethodSource("io.loopbridge.demo.model.Styles#available")
    void aLineGetsItsAnswerOnOneConnectionThatStaysOpen(Style style) {
        ChatServer server = server(style);
        ChatModel model = new ChatModel(loop, server, style);

        assertEquals(ChatServer.answer("hello", 1), send(model, "hello"));
        assertEquals(ChatServer.answer("h\u00e9 \u263a", 2), send(model, "h\u00e9 \u263a"));

        List<Line> t = model.transcript();
        assertEquals(Who.NOTE, t.get(0).who());
        assertTrue(t.get(1).text().startsWith("Welcome, client #1 (127.0.0.1:"), t.get(1).text());
        assertEquals(List.of(new Line(Who.YOU, "hello"), new Line(Who.SERVER, ChatServer.answer("hello", 1)),
                new Line(Who.YOU, "h\u00e9 \u263a"), new Line(Who.SERVER, ChatServer.answer("h\u00e9 \u263a", 2))), t.subList(2, 6));
        assertTrue(model.connected());
        assertEquals(1, server.connections(), "one connection for both lines");
        assertEquals("echo #2: \u201ch\u00e9 \u263a\u201d (4 characters, backwards: \u201c\u263a \u00e9h\u201d)", ChatServer.answer("h\u00e9 \u263a", 2));
    }

    @ParameterizedTest
    @MethodSource("io.loopbridge.demo.model.Styles#available")
    void byeMakesTheServerHangUpAndTheNextLineReconnects(Style style) {
        ChatServer server = server(style);
        ChatModel model = new ChatModel(loop, server, style);
        send(model, "hi");

        assertEquals(ChatServer.answer(ChatServer.BYE, 2), send(model, ChatServer.BYE));

        assertFalse(model.connected(), "the server hung up after its goodbye");
        List<Line> t = model.transcript();
        assertEquals(List.of(new Line(Who.SERVER, ChatServer.answer(ChatServer.BYE, 2)),
                new Line(Who.NOTE, "the server closed the connection (end of stream)")), t.subList(t.size() - 2, t.size()));

        assertEquals(ChatServer.answer("again", 1), send(model, "again"));
        assertEquals(2, server.connections());
    }

    @ParameterizedTest
    @MethodSource("io.loopbridge.demo.model.Styles#available")
    void aCancelledSendsLateAnswerIsNeverTakenForTheNextOne(Style style) {
        ChatServer server = server(style);
        ChatModel model = new ChatModel(loop, server, style);
        send(model, "one");
        io.loopbridge.core.Task<String> second = loop.createTask(() -> model.send("two"));
        loop.callSoon(() -> second.cancel(true)); // most likely before the answer is back

        loop.runUntilComplete(second.handle((v, e) -> null));
        String third = send(model, "three");

        assertTrue(third.startsWith("echo #") && third.contains("\u201cthree\u201d"), third);
        if (second.isCancelled()) {
            assertEquals(ChatServer.answer("three", 1), third, "a fresh connection: " + model.transcript());
            assertEquals(2, server.connections());
        }
        assertFalse(model.sending());
    }

    @Test
    void oneSendAtATimeAndNoBlankOrMultiLineText() {
        ChatServer server = server(Style.CHAIN);
        ChatModel model = new ChatModel(loop, server, Style.CHAIN);
        IllegalStateException second = loop.runUntilComplete(loop.createTask(() -> {
            model.send("one");
            return loop.completedFuture(assertThrows(IllegalStateException.class, () -> model.send("two")));
        }));
        assertEquals("a line is still being sent (expected: one send at a time)", second.getMessage());
        assertThrows(IllegalArgumentException.class, () -> model.send("  "));
        assertThrows(IllegalArgumentException.class, () -> model.send("a\nb"));
    }

    @ParameterizedTest
    @MethodSource("io.loopbridge.demo.model.Styles#available")
    void theServerSpeaksItsLineProtocolToAPlainBlockingClient(Style style) throws Exception {
        ChatServer server = server(style);
        InetSocketAddress at = loop.runUntilComplete(server.address());
        io.loopbridge.core.LoopFuture<Void> done = loop.createFuture();
        Thread driver = new Thread(() -> loop.runUntilComplete(done), "loop-driver");
        driver.setDaemon(true);
        driver.start(); // the loop runs on this thread while the test talks to it as any client would
        try (Socket s = new Socket(at.getAddress(), at.getPort())) {
            s.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = s.getOutputStream();
            assertTrue(in.readLine().startsWith("Welcome, client #1"));
            out.write("ping\n".getBytes(StandardCharsets.UTF_8));
            assertEquals(ChatServer.answer("ping", 1), in.readLine());
            out.write((ChatServer.BYE + "\n").getBytes(StandardCharsets.UTF_8));
            assertEquals(ChatServer.answer(ChatServer.BYE, 2), in.readLine());
            assertNull(in.readLine(), "then the server closes the connection");
        }
        loop.execute(() -> done.complete(null));
        driver.join(10_000);
        assertFalse(driver.isAlive(), "the loop driver ended");
    }
}
