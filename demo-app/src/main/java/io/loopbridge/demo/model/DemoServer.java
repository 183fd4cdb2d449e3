package io.loopbridge.demo.model;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The demo's own HTTP server (the JDK's {@code com.sun.net.httpserver}) on 127.0.0.1 and an ephemeral
 * port, with deliberately slow endpoints, so the Fetch panel needs no internet:
 * <ul>
 *   <li>{@code GET /slow?delay=MILLIS}: 200 and a short text, after {@code delay} ms;</li>
 *   <li>{@code GET /fail?delay=MILLIS}: 500 and a short text, after {@code delay} ms.</li>
 * </ul>
 * A delay is capped at one minute.
 *
 * <p><b>Threading.</b> Safe from any thread. Each exchange runs on a daemon thread of the server's own
 * pool (a slow answer sleeps there); the server's dispatcher thread is not a daemon, so
 * {@link #close()} must be called for the JVM to exit.
 */
public final class DemoServer implements AutoCloseable {
    private static final long MAX_DELAY_MILLIS = 60_000;

    private final HttpServer server;
    private final ExecutorService exchanges;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger threads = new AtomicInteger();

    private DemoServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        exchanges = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "demo-http-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(exchanges);
        server.createContext("/slow", e -> answer(e, 200));
        server.createContext("/fail", e -> answer(e, 500));
    }

    /** Starts a server on 127.0.0.1 and a free port. Safe from any thread. */
    public static DemoServer start() throws IOException {
        DemoServer s = new DemoServer();
        s.server.start();
        return s;
    }

    private void answer(HttpExchange exchange, int status) throws IOException {
        int n = requests.incrementAndGet();
        try (exchange) {
            long delay = delayOf(exchange.getRequestURI());
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                return; // closing: drop the exchange
            }
            String body = status == 200
                    ? "Hello from the demo server on " + authority() + ".\n"
                            + "GET " + exchange.getRequestURI() + " was request #" + n + "; it was answered after "
                            + delay + " ms on thread '" + Thread.currentThread().getName() + "'.\n"
                            + "The loop thread never waited: the response arrived through loop.wrapFuture()."
                    : "The demo server failed on purpose (request #" + n + ", after " + delay + " ms).";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException clientLeft) {
            // the client gave up (a timeout cancelled the request): nothing to answer
        }
    }

    private static long delayOf(URI uri) {
        String q = uri.getRawQuery();
        if (q == null) return 0;
        for (String part : q.split("&")) {
            if (part.startsWith("delay=")) {
                try {
                    return Math.max(0, Math.min(MAX_DELAY_MILLIS, Long.parseLong(part.substring(6))));
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }

    /** {@code 127.0.0.1:port}. */
    public String authority() {
        InetSocketAddress a = server.getAddress();
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    /** The port the server listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:port} followed by {@code pathAndQuery} (which starts with '/'). */
    public URI uri(String pathAndQuery) {
        return URI.create("http://" + authority() + pathAndQuery);
    }

    /** Requests received so far. */
    public int requests() {
        return requests.get();
    }

    /** Stops listening, drops the exchanges in progress and ends the server's threads. Idempotent. */
    @Override
    public void close() {
        server.stop(0);
        exchanges.shutdownNow();
        try {
            exchanges.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
