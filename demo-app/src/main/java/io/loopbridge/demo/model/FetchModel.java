package io.loopbridge.demo.model;

import io.loopbridge.core.EventLoop;
import io.loopbridge.core.LoopFuture;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeoutException;

/**
 * Fetch: an HTTP request to the {@link DemoServer} with {@link HttpClient#sendAsync}, adopted by the loop
 * with {@code wrapFuture} and bounded by {@code waitFor}: the response (or the timeout) arrives on the
 * loop thread, and on a timeout {@code waitFor} cancels the request.
 *
 * <p>A timeout is an expected outcome: the panel shows it and the fetch completes normally (with no
 * body). An HTTP error fails the fetch, so it reaches the loop's exception handler.
 *
 * <p><b>Threading.</b> Loop thread only, as every {@link Model}.
 */
public final class FetchModel extends Model {
    private final DemoServer server;
    private final HttpClient client;
    /** Loop thread. */
    private String status = "Press Fetch.";
    /** Loop thread. */
    private String body = "";

    public FetchModel(EventLoop loop, DemoServer server, HttpClient client) {
        super(loop);
        this.server = Objects.requireNonNull(server, "server: null (expected: non-null)");
        this.client = Objects.requireNonNull(client, "client: null (expected: non-null)");
    }

    /**
     * GETs {@code /slow} (or {@code /fail} if {@code serverFails}) with the server waiting
     * {@code serverDelay} before it answers, and gives up after {@code timeout}. Completes with the body,
     * or with null on a timeout; fails on an HTTP error. Loop thread only.
     */
    public LoopFuture<String> fetch(Duration serverDelay, Duration timeout, boolean serverFails) {
        Outcomes.nameCurrentTask("Fetch");
        URI uri = server.uri((serverFails ? "/fail" : "/slow") + "?delay=" + serverDelay.toMillis());
        HttpRequest request = HttpRequest.newBuilder(uri).GET().build();
        long start = loop.time();
        status = "GET " + uri.getPath() + "?" + uri.getQuery() + " \u2026 (the server waits " + Outcomes.seconds(serverDelay)
                + ", the timeout is " + Outcomes.seconds(timeout) + ")";
        body = "";
        changed();

        LoopFuture<HttpResponse<String>> response = loop.wrapFuture(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        return loop.waitFor(response, timeout).handle((r, e) -> {
            String after = Outcomes.seconds(loop.time() - start);
            if (e == null && r.statusCode() == 200) {
                status = "200 OK after " + after + ".";
                body = r.body();
                changed();
                return r.body();
            }
            if (e == null) {
                status = "HTTP " + r.statusCode() + " after " + after + ": the fetch failed (see Errors below).";
                body = r.body();
                changed();
                throw Outcomes.rethrow(new IOException("GET " + uri.getPath() + " answered HTTP " + r.statusCode()));
            }
            Throwable x = Outcomes.unwrap(e);
            if (x instanceof TimeoutException) {
                status = "Timed out after " + Outcomes.seconds(timeout) + ": waitFor cancelled the request, cleanly.";
                changed();
                return null;
            }
            status = Outcomes.isCancellation(x) ? "Cancelled after " + after + "." : "Failed after " + after + ": " + Outcomes.describe(x);
            changed();
            throw Outcomes.rethrow(x);
        });
    }

    /** The address of the demo server, for the panel. */
    public String serverAddress() {
        return "http://" + server.authority();
    }

    /** The status line. */
    public String status() {
        return status;
    }

    /** The last body received (empty while fetching or after a timeout). */
    public String body() {
        return body;
    }
}
