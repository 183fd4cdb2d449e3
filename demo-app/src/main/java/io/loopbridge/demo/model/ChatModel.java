package io.loopbridge.demo.model;

import io.loopbridge.core.EventLoop;
import io.loopbridge.core.LoopFuture;
import io.loopbridge.core.StreamConnection;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;

import static io.loopbridge.core.Await.await;

/**
 * Chat: a loopback conversation with the demo's own {@link ChatServer}. The first {@link #send} connects
 * with {@code loop.openConnection("127.0.0.1", port)} and reads the greeting; each send writes one line,
 * awaits {@code drain()}, then reads the one-line answer with {@code readLine()}. The connection stays open
 * between sends; {@link #disconnect()} closes it, and so does the server after {@value ChatServer#BYE}
 * (the client sees the end of the stream). No external network.
 *
 * <p>Written as a coroutine or as a chain, as {@link Style} says. One send at a time (a stream has one
 * reader): the view disables Send while one runs; a second one is refused.
 *
 * <p><b>Threading.</b> Loop thread only, as every {@link Model}.
 */
public final class ChatModel extends Model {
    /** Who said a line of the transcript. */
    public enum Who { YOU, SERVER, NOTE }

    /** One line of the transcript. */
    public record Line(Who who, String text) {
        @Override
        public String toString() {
            return switch (who) {
                case YOU -> "you:    " + text;
                case SERVER -> "server: " + text;
                case NOTE -> "\u2014 " + text;
            };
        }
    }

    /** At most this many transcript lines are kept (the oldest go first). */
    static final int MAX_LINES = 500;

    private final ChatServer server;
    private final Style style;
    /** The transcript, oldest first. Loop thread. */
    private final List<Line> transcript = new ArrayList<>();
    /** The open connection, else null. Loop thread. */
    private StreamConnection connection;
    /** Whether a send runs. Loop thread. */
    private boolean sending;
    /** Sends so far: the one running is {@code sends}. Loop thread. */
    private int sends;
    /** Loop thread. */
    private String status = "Type a line and press Send: the first one connects to the demo's chat server.";

    public ChatModel(EventLoop loop, ChatServer server, Style style) {
        super(loop);
        this.server = Objects.requireNonNull(server, "server: null (expected: non-null)");
        this.style = Objects.requireNonNull(style, "style: null (expected: non-null)");
    }

    /**
     * Sends {@code text} as one line and completes with the server's answer, or with null if the server
     * closed the connection instead. After {@value ChatServer#BYE} it also awaits the server hanging up. Connects first if need be. Loop thread only.
     *
     * @throws IllegalArgumentException if {@code text} is blank or holds a line break
     * @throws IllegalStateException    if a send is still running
     */
    public LoopFuture<String> send(String text) {
        Objects.requireNonNull(text, "text: null (expected: non-null)");
        if (text.isBlank()) throw new IllegalArgumentException("text: blank (expected: a line to send)");
        if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) throw new IllegalArgumentException("text: a line break (expected: one line)");
        if (sending) throw new IllegalStateException("a line is still being sent (expected: one send at a time)");
        Outcomes.nameCurrentTask("Chat");
        sending = true;
        int mine = ++sends;
        // a cancel that reaches only a stream read would otherwise end the chain's task without its whenComplete
        Outcomes.onCurrentTaskCancelled(loop, () -> sendEnded(mine, new CancellationException("the task was cancelled")));
        if (style == Style.COROUTINE) {
            return loop.launchEager(() -> {
                try {
                    String answer = sendAsCoroutine(text);
                    sendEnded(mine, null);
                    return answer;
                } catch (RuntimeException e) { // a cancel (CancellationException at an await) or a failure
                    sendEnded(mine, e);
                    throw e;
                }
            });
        }
        return sendAsChain(text).whenComplete((answer, e) -> sendEnded(mine, e));
    }

    /** Send {@code mine} ended ({@code e} null: answered): shown once. */
    private void sendEnded(int mine, Throwable e) {
        if (mine != sends || !sending) return;
        sending = false;
        if (e != null) sendFailed(e);
        changed();
    }

    /** A send ended without an answer: a late answer would be read as the next send's, so start afresh. */
    private void sendFailed(Throwable e) {
        if (connection != null) {
            closeConnection();
            add(Who.NOTE, "disconnected");
        }
        status = Outcomes.isCancellation(e) ? "Cancelled; the connection was closed, so that a late answer is never taken for the next one."
                : "Failed: " + Outcomes.describe(e);
    }

    /** A send as a coroutine: connect if need be, write, drain, read the answer. */
    private String sendAsCoroutine(String text) {
        if (connection == null) {
            InetSocketAddress at = await(server.address());
            status = "Connecting to " + at.getAddress().getHostAddress() + ":" + at.getPort() + "\u2026";
            changed();
            StreamConnection c = await(loop.openConnection(at.getAddress().getHostAddress(), at.getPort()));
            connected(c);
            String greeting = await(c.reader().readLine());
            if (greeting == null) return closedByServer();
            add(Who.SERVER, greeting);
        }
        write(text);
        await(connection.writer().drain());
        String answer = await(connection.reader().readLine());
        if (answer == null) return closedByServer();
        answered(answer);
        if (text.equals(ChatServer.BYE) && await(connection.reader().readLine()) == null) closedByServer(); // it hangs up next
        return answer;
    }

    /** The same send as a chain. */
    private LoopFuture<String> sendAsChain(String text) {
        LoopFuture<Boolean> ready;
        if (connection != null) {
            ready = loop.completedFuture(true);
        } else {
            ready = server.address().thenCompose(at -> {
                status = "Connecting to " + at.getAddress().getHostAddress() + ":" + at.getPort() + "\u2026";
                changed();
                return loop.openConnection(at.getAddress().getHostAddress(), at.getPort());
            }).thenCompose(c -> {
                connected(c);
                return c.reader().readLine();
            }).thenApply(greeting -> {
                if (greeting == null) return false;
                add(Who.SERVER, greeting);
                return true;
            });
        }
        return ready.thenCompose(open -> {
            if (!open) return loop.completedFuture(closedByServer());
            write(text);
            StreamConnection c = connection;
            return c.writer().drain()
                    .thenCompose(v -> c.reader().readLine())
                    .thenCompose(answer -> {
                        if (answer == null) return loop.completedFuture(closedByServer());
                        answered(answer);
                        if (!text.equals(ChatServer.BYE)) return loop.completedFuture(answer);
                        return c.reader().readLine().thenApply(end -> { // it hangs up next
                            if (end == null) closedByServer();
                            return answer;
                        });
                    });
        });
    }

    private void connected(StreamConnection c) {
        connection = c;
        InetSocketAddress local = c.localAddress();
        InetSocketAddress remote = c.remoteAddress();
        add(Who.NOTE, "connected from 127.0.0.1:" + local.getPort() + " to " + remote.getAddress().getHostAddress() + ":" + remote.getPort());
    }

    private void write(String text) {
        add(Who.YOU, text);
        connection.writer().write((text + "\n").getBytes(StandardCharsets.UTF_8));
        status = "Sent; awaiting the answer\u2026";
        changed();
    }

    private String answered(String answer) {
        add(Who.SERVER, answer);
        status = "Connected. The answer came back through readLine(), on the UI thread.";
        return answer;
    }

    /** The server closed the connection: the end of the stream. Returns null (no answer). */
    private String closedByServer() {
        add(Who.NOTE, "the server closed the connection (end of stream)");
        closeConnection();
        status = "Disconnected by the server. Send another line to reconnect.";
        return null;
    }

    /** Closes the connection, if open. Loop thread only. */
    public void disconnect() {
        if (connection == null) return;
        closeConnection();
        add(Who.NOTE, "disconnected");
        status = "Disconnected. Send another line to reconnect.";
        changed();
    }

    private void closeConnection() {
        connection.close();
        connection = null;
    }

    private void add(Who who, String text) {
        if (transcript.size() == MAX_LINES) transcript.remove(0);
        transcript.add(new Line(who, text));
        changed();
    }

    /** The transcript, oldest first (a copy). */
    public List<Line> transcript() {
        return List.copyOf(transcript);
    }

    /** Whether a connection is open. */
    public boolean connected() {
        return connection != null;
    }

    /** Whether a send runs. */
    public boolean sending() {
        return sending;
    }

    /** Which way the client and the server are written. */
    public Style style() {
        return style;
    }

    /** The status line. */
    public String status() {
        return status;
    }
}
