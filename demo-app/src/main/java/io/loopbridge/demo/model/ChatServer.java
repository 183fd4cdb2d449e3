package io.loopbridge.demo.model;

import io.loopbridge.core.EventLoop;
import io.loopbridge.core.LoopFuture;
import io.loopbridge.core.StreamConnection;
import io.loopbridge.core.StreamServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.CompletionException;

import static io.loopbridge.core.Await.await;

/**
 * The Chat panel's server: a line protocol on {@code loop.startServer(handler, "127.0.0.1", 0)}, so on
 * this machine only. Each connection is greeted with one line, then every line it sends is answered with
 * one line; {@value #BYE} makes the server say goodbye and close the connection. The handler runs on the
 * loop thread, like everything else of the demo; one I/O thread serves every connection.
 *
 * <p>Written as a coroutine per connection (a loop over {@code await(readLine())}) or as a recursive chain,
 * as {@link Style} says.
 *
 * <p><b>Threading.</b> Loop thread only, except {@link #address()}'s value once known.
 */
public final class ChatServer {
    /** The line that makes the server close the connection. */
    public static final String BYE = "/bye";

    private final EventLoop loop;
    private final Style style;
    /** Completes with the bound address once listening. Loop thread. */
    private final LoopFuture<InetSocketAddress> address;
    /** Connections accepted so far. Loop thread. */
    private int connections;

    private ChatServer(EventLoop loop, Style style) {
        this.loop = loop;
        this.style = style;
        address = loop.createFuture();
    }

    /** Starts listening on 127.0.0.1 and a free port. Loop thread only. */
    public static ChatServer start(EventLoop loop, Style style) {
        Objects.requireNonNull(loop, "loop: null (expected: non-null)");
        Objects.requireNonNull(style, "style: null (expected: non-null)");
        ChatServer s = new ChatServer(loop, style);
        LoopFuture<StreamServer> server = loop.startServer(s::serve, "127.0.0.1", 0); // the loop closes it when it closes
        server.whenComplete((srv, e) -> {
            if (e == null) s.address.complete(srv.address());
            else s.address.completeExceptionally(e);
        });
        return s;
    }

    /** The address the server listens on, once it does (it fails if the server could not start). Loop thread. */
    public LoopFuture<InetSocketAddress> address() {
        return address;
    }

    /** The handler: one conversation per accepted connection. */
    private void serve(StreamConnection c) {
        int client = ++connections;
        if (style == Style.COROUTINE) loop.launchEager(() -> converseAsCoroutine(c, client));
        else converseAsChain(c, client, 0);
    }

    /** A conversation as a coroutine: greet, then answer line by line until the end of the stream or {@value #BYE}. */
    private void converseAsCoroutine(StreamConnection c, int client) {
        try {
            send(c, greeting(c, client));
            int n = 0;
            for (String line; (line = await(c.reader().readLine())) != null; ) {
                send(c, answer(line, ++n));
                await(c.writer().drain()); // backpressure: wait while the peer is slow to read
                if (line.equals(BYE)) break;
            }
        } catch (CompletionException e) {
            if (!(e.getCause() instanceof IOException)) throw e; // the client vanished (reset): nothing to answer
        } finally {
            c.close();
        }
    }

    /** The same conversation as a chain: one read, one answer, then the next. */
    private void converseAsChain(StreamConnection c, int client, int n) {
        if (n == 0) send(c, greeting(c, client));
        c.reader().readLine().thenCompose(line -> {
            if (line == null) return loop.completedFuture(false);
            send(c, answer(line, n + 1));
            return c.writer().drain().thenApply(v -> !line.equals(BYE));
        }).whenComplete((more, e) -> {
            if (e == null && more) converseAsChain(c, client, n + 1);
            else c.close(); // the end, BYE, or the client vanished (reset)
        });
    }

    private static String greeting(StreamConnection c, int client) {
        return "Welcome, client #" + client + " (" + c.remoteAddress().getAddress().getHostAddress() + ":" + c.remoteAddress().getPort()
                + "). Every line you send gets one line back; " + BYE + " ends the conversation.";
    }

    /** The answer to the {@code n}-th line of a connection. */
    public static String answer(String line, int n) {
        if (line.equals(BYE)) return "Goodbye! (the server closes the connection now)";
        return "echo #" + n + ": \u201c" + line + "\u201d (" + line.codePointCount(0, line.length()) + " characters, backwards: \u201c"
                + new StringBuilder(line).reverse() + "\u201d)";
    }

    private static void send(StreamConnection c, String line) {
        c.writer().write((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Connections accepted so far. Loop thread. */
    public int connections() {
        return connections;
    }
}
