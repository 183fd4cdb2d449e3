package io.loopbridge.demo.model;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The demo's own HTTP server (the JDK's {@code com.sun.net.httpserver}) on 127.0.0.1 and an ephemeral
 * port, with deliberately slow endpoints, so the Fetch and Parallel panels need no internet:
 * <ul>
 *   <li>{@code GET /slow?delay=MILLIS}: 200 and a short text, after {@code delay} ms;</li>
 *   <li>{@code GET /fail?delay=MILLIS}: 500 and a short text, after {@code delay} ms;</li>
 *   <li>{@code GET /download?size=BYTES&chunk=BYTES&every=MILLIS[&dropAt=BYTES]}: 200 and a body of
 *       {@code size} bytes (its {@code Content-Length}), sent {@code chunk} bytes every {@code every} ms, as
 *       over a slow network; with {@code dropAt}, the server drops the connection once it has sent that
 *       many bytes, so the client sees the body end early.</li>
 *   <li>{@code GET /search?q=TEXT&delay=MILLIS[&fail=1]}: after {@code delay} ms, 200 and the country names
 *       that contain {@code TEXT} (case-insensitive; those that start with it first), one per line, at most
 *       {@value #MAX_MATCHES}; with {@code fail=1}, 500 instead. {@link #searches()} counts them.</li>
 * </ul>
 * A delay is capped at one minute, a download at 64 MiB and a chunk at 1 MiB.
 *
 * <p><b>Threading.</b> Safe from any thread. Each exchange runs on a daemon thread of the server's own
 * pool (a slow answer sleeps there); the server's dispatcher thread is not a daemon, so
 * {@link #close()} must be called for the JVM to exit.
 */
public final class DemoServer implements AutoCloseable {
    private static final long MAX_DELAY_MILLIS = 60_000;
    private static final long MAX_DOWNLOAD_BYTES = 64L << 20;
    private static final long MAX_CHUNK_BYTES = 1L << 20;
    /** The most names one search answers with. */
    static final int MAX_MATCHES = 50;
    /** What {@code /search} searches: 192 country names, from a resource of this package. */
    private static final List<String> NAMES = loadNames();

    private final HttpServer server;
    private final ExecutorService exchanges;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger threads = new AtomicInteger();
    private final AtomicLong downloadBytes = new AtomicLong();
    private final AtomicInteger searches = new AtomicInteger();

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
        server.createContext("/download", this::download);
        server.createContext("/search", this::search);
    }

    private static List<String> loadNames() {
        try (InputStream in = DemoServer.class.getResourceAsStream("countries.txt")) {
            if (in == null) throw new IllegalStateException("countries.txt: missing from the demo's resources");
            List<String> names = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) names.add(line.trim());
            }
            return List.copyOf(names);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read countries.txt", e);
        }
    }

    /** The names {@code /search?q=query} answers with: those containing it, those starting with it first. Safe from any thread. */
    public static List<String> matches(String query) {
        String q = query.trim().toLowerCase(Locale.ROOT);
        List<String> first = new ArrayList<>();
        List<String> then = new ArrayList<>();
        for (String n : NAMES) {
            String l = n.toLowerCase(Locale.ROOT);
            if (l.startsWith(q)) first.add(n);
            else if (l.contains(q)) then.add(n);
        }
        first.addAll(then);
        return first.size() > MAX_MATCHES ? List.copyOf(first.subList(0, MAX_MATCHES)) : List.copyOf(first);
    }

    /** How many names {@code /search} searches. */
    public static int searchableNames() {
        return NAMES.size();
    }

    private void search(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        searches.incrementAndGet();
        try (exchange) {
            URI uri = exchange.getRequestURI();
            long delay = delayOf(uri);
            boolean fail = param(uri, "fail", 0, 0, 1) == 1;
            String q = textParam(uri, "q");
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                return; // closing: drop the exchange
            }
            byte[] bytes = (fail ? "The demo server failed the search for '" + q + "' on purpose."
                    : String.join("\n", matches(q))).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(fail ? 500 : 200, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        } catch (IOException clientLeft) {
            // the request was cancelled (a newer keystroke): nobody to answer
        }
    }

    /** The decoded query parameter {@code name}, or "" if absent. */
    private static String textParam(URI uri, String name) {
        String q = uri.getRawQuery();
        if (q == null) return "";
        for (String part : q.split("&")) {
            if (part.startsWith(name + "=")) return URLDecoder.decode(part.substring(name.length() + 1), StandardCharsets.UTF_8);
        }
        return "";
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

    private void download(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        URI uri = exchange.getRequestURI();
        long size = param(uri, "size", 0, 0, MAX_DOWNLOAD_BYTES);
        int chunk = (int) param(uri, "chunk", 64 << 10, 1, MAX_CHUNK_BYTES);
        long every = param(uri, "every", 0, 0, MAX_DELAY_MILLIS);
        long dropAt = param(uri, "dropAt", -1, -1, MAX_DOWNLOAD_BYTES);
        try {
            exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
            exchange.sendResponseHeaders(200, size == 0 ? -1 : size);
            OutputStream out = exchange.getResponseBody();
            byte[] bytes = new byte[(int) Math.min(chunk, Math.max(size, 1))];
            for (long sent = 0; sent < size; ) {
                if (dropAt >= 0 && sent >= dropAt) {
                    // Thrown out of the handler, an IOException makes the server close the connection at
                    // once (ServerImpl.Exchange.run): the client sees EOF before Content-Length bytes.
                    throw new IOException("GET /download: dropping the connection after " + sent + " of " + size + " bytes, as asked");
                }
                Thread.sleep(every);
                int n = (int) Math.min(bytes.length, size - sent);
                out.write(bytes, 0, n);
                out.flush();
                sent += n;
                downloadBytes.addAndGet(n);
            }
            exchange.close();
        } catch (InterruptedException e) {
            exchange.close(); // closing: drop the exchange
        } catch (IOException e) {
            if (dropAt >= 0) throw e; // the drop (or the client left first: closing the connection is right either way)
            exchange.close(); // the client gave up (its download was cancelled)
        }
    }

    private static long delayOf(URI uri) {
        return param(uri, "delay", 0, 0, MAX_DELAY_MILLIS);
    }

    /** The query parameter {@code name} as a number within {@code [min, max]}, or {@code absent} if it is missing or not a number. */
    private static long param(URI uri, String name, long absent, long min, long max) {
        String q = uri.getRawQuery();
        if (q == null) return absent;
        for (String part : q.split("&")) {
            if (part.startsWith(name + "=")) {
                try {
                    return Math.max(min, Math.min(max, Long.parseLong(part.substring(name.length() + 1))));
                } catch (NumberFormatException e) {
                    return absent;
                }
            }
        }
        return absent;
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

    /** Body bytes {@code /download} has written so far (a write to a connection the client closed may count once). */
    public long downloadBytesSent() {
        return downloadBytes.get();
    }

    /** {@code /search} requests begun so far. */
    public int searches() {
        return searches.get();
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
