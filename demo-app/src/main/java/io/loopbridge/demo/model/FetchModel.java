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
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

import static io.loopbridge.core.Await.await;

/**
 * Fetch: an HTTP request to the {@link DemoServer} with {@link HttpClient#sendAsync}, adopted by the loop
 * with {@code wrapFuture} and bounded by {@code waitFor}: the response (or the timeout) arrives on the
 * loop thread, and on a timeout {@code waitFor} cancels the request.
 *
 * <p>A timeout is an expected outcome: the panel shows it and the fetch completes normally (with no
 * body). An HTTP error fails the fetch, so it reaches the loop's exception handler.
 *
 * <p>Written as a coroutine (a {@code try}/{@code catch} around one {@code await}) or as a chain (one
 * {@code handle} stage), as {@link Style} says; both behave the same.
 *
 * <p><b>Threading.</b> Loop thread only, as every {@link Model}.
 */
public final class FetchModel extends Model {
    private final DemoServer server;
    private final HttpClient client;
    private final Style style;
    /** Loop thread. */
    private String status = "Press Fetch.";
    /** Loop thread. */
    private String body = "";

    public FetchModel(EventLoop loop, DemoServer server, HttpClient client, Style style) {
        super(loop);
        this.style = Objects.requireNonNull(style, "style: null (expected: non-null)");
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

        return style == Style.COROUTINE ? loop.launchEager(() -> fetchAsCoroutine(uri, request, timeout, start)) : fetchAsChain(uri, request, timeout, start);
    }

    /** The fetch as a coroutine: await the response within the timeout; a timeout is an answer, not an error. */
    private String fetchAsCoroutine(URI uri, HttpRequest request, Duration timeout, long start) throws IOException {
        try {
            HttpResponse<String> r = await(loop.waitFor(loop.wrapFuture(client.sendAsync(request, HttpResponse.BodyHandlers.ofString())), timeout));
            return answered(uri, r, start);
        } catch (CompletionException e) {
            if (e.getCause() instanceof TimeoutException) return timedOut(timeout);
            failed(e, start);
            throw e;
        } catch (CancellationException e) {
            failed(e, start);
            throw e;
        }
    }

    /** The same fetch as a chain. */
    private LoopFuture<String> fetchAsChain(URI uri, HttpRequest request, Duration timeout, long start) {
        LoopFuture<HttpResponse<String>> response = loop.wrapFuture(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        return loop.waitFor(response, timeout).handle((r, e) -> {
            if (e == null) {
                try {
                    return answered(uri, r, start);
                } catch (IOException httpError) {
                    throw Outcomes.rethrow(httpError);
                }
            }
            Throwable x = Outcomes.unwrap(e);
            if (x instanceof TimeoutException) return timedOut(timeout);
            failed(x, start);
            throw Outcomes.rethrow(x);
        });
    }

    /** A response: its body if 200, else an {@link IOException} naming the status. */
    private String answered(URI uri, HttpResponse<String> r, long start) throws IOException {
        String after = Outcomes.seconds(loop.time() - start);
        body = r.body();
        if (r.statusCode() == 200) {
            status = "200 OK after " + after + ".";
            changed();
            return r.body();
        }
        status = "HTTP " + r.statusCode() + " after " + after + ": the fetch failed (see Errors below).";
        changed();
        throw new IOException("GET " + uri.getPath() + " answered HTTP " + r.statusCode());
    }

    private String timedOut(Duration timeout) {
        status = "Timed out after " + Outcomes.seconds(timeout) + ": waitFor cancelled the request, cleanly.";
        changed();
        return null;
    }

    private void failed(Throwable e, long start) {
        String after = Outcomes.seconds(loop.time() - start);
        status = Outcomes.isCancellation(e) ? "Cancelled after " + after + "." : "Failed after " + after + ": " + Outcomes.describe(e);
        changed();
    }

    /** The address of the demo server, for the panel. */
    public String serverAddress() {
        return "http://" + server.authority();
    }

    /** Which way the fetch is written. */
    public Style style() {
        return style;
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
