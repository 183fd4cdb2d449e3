package io.loopbridge.demo.model;

import io.loopbridge.core.EventLoop;
import io.loopbridge.core.LoopFuture;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;

import static io.loopbridge.core.Await.await;

/**
 * Search: search as you type against the {@link DemoServer}'s {@code /search}. The view starts one
 * {@link #search} per keystroke under the action helpers' <em>latest wins</em> option, so each keystroke
 * cancels the run before it. A run first awaits the debounce ({@code loop.sleep}); a keystroke within it
 * cancels that sleep, so no request is sent for it (it is <em>debounced</em>). After the debounce it sends
 * the request ({@code HttpClient.sendAsync} adopted by {@code loop.wrapFuture}); a keystroke meanwhile
 * cancels the request in flight. Only the newest run changes what the panel shows. {@link #searching()} is
 * the spinner: true while a request is in flight. An HTTP error fails the run: it reaches the error area.
 *
 * <p>Written as a coroutine (straight-line: {@code await} the debounce, {@code await} the response, a
 * {@code finally} that stops the spinner) or as a chain, as {@link Style} says.
 *
 * <p><b>Threading.</b> Loop thread only, as every {@link Model}.
 */
public final class SearchModel extends Model {
    private final DemoServer server;
    private final HttpClient client;
    private final Duration debounce;
    private final Style style;
    // state: loop thread
    /** Runs started: a run changes the state only while it is the newest ({@code mine == generation}). */
    private int generation;
    private List<String> results = List.of();
    private boolean searching;
    /** Whether the newest run is still in its debounce (has not sent its request). */
    private boolean unsent;
    private String status;
    // figures: loop thread
    private int keystrokes;
    private int debounced;
    private int requestsSent;
    private int cancelledInFlight;

    public SearchModel(EventLoop loop, DemoServer server, HttpClient client, Duration debounce, Style style) {
        super(loop);
        this.server = Objects.requireNonNull(server, "server: null (expected: non-null)");
        this.client = Objects.requireNonNull(client, "client: null (expected: non-null)");
        this.debounce = Objects.requireNonNull(debounce, "debounce: null (expected: non-null)");
        this.style = Objects.requireNonNull(style, "style: null (expected: non-null)");
        status = "Type to search " + DemoServer.searchableNames() + " country names on the demo server.";
    }

    /**
     * Searches for {@code query} after the debounce, the server answering after {@code serverDelay} (with
     * HTTP 500 if {@code serverFails}); completes with the names found. A blank query clears the results at
     * once. Call it from the task that should own the run (a latest-wins action's task). Loop thread only.
     */
    public LoopFuture<List<String>> search(String query, Duration serverDelay, boolean serverFails) {
        Objects.requireNonNull(query, "query: null (expected: non-null)");
        Objects.requireNonNull(serverDelay, "serverDelay: null (expected: non-null)");
        Outcomes.nameCurrentTask("Search");
        int mine = ++generation;
        keystrokes++;
        if (unsent) debounced++; // the run before never sent its request: this keystroke came within its debounce
        unsent = false;
        String q = query.trim();
        if (q.isEmpty()) {
            results = List.of();
            searching = false;
            status = "Type to search " + DemoServer.searchableNames() + " country names on the demo server.";
            changed();
            return loop.completedFuture(List.of());
        }
        unsent = true;
        status = "Waiting " + Outcomes.seconds(debounce) + " for you to stop typing\u2026";
        changed();
        HttpRequest request = HttpRequest.newBuilder(uri(q, serverDelay, serverFails)).GET().build();
        return style == Style.COROUTINE ? loop.launchEager(() -> searchAsCoroutine(q, request, mine)) : searchAsChain(q, request, mine);
    }

    private URI uri(String q, Duration serverDelay, boolean serverFails) {
        String encoded = URLEncoder.encode(q, StandardCharsets.UTF_8).replace("+", "%20");
        return server.uri("/search?q=" + encoded + "&delay=" + serverDelay.toMillis() + (serverFails ? "&fail=1" : ""));
    }

    /** The search as a coroutine: the debounce, the request, the answer, in the order they happen. */
    private List<String> searchAsCoroutine(String q, HttpRequest request, int mine) throws IOException {
        await(loop.sleep(debounce)); // a newer keystroke cancels it here: no request is sent
        long sent = requestSent(q, mine);
        try {
            HttpResponse<String> r = await(loop.wrapFuture(client.sendAsync(request, HttpResponse.BodyHandlers.ofString())));
            return answered(q, r, sent, mine);
        } catch (CancellationException newerKeystroke) {
            countCancelledInFlight();
            throw newerKeystroke;
        } finally {
            stopSpinner(mine);
        }
    }

    /** The same search as a chain. */
    private LoopFuture<List<String>> searchAsChain(String q, HttpRequest request, int mine) {
        long[] sent = {-1};
        return loop.sleep(debounce).thenCompose(v -> {
            sent[0] = requestSent(q, mine);
            return loop.wrapFuture(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }).handle((r, e) -> {
            if (sent[0] < 0) throw Outcomes.rethrow(e); // cancelled in the debounce
            stopSpinner(mine);
            if (e != null) {
                if (Outcomes.isCancellation(e)) countCancelledInFlight();
                throw Outcomes.rethrow(e);
            }
            try {
                return answered(q, r, sent[0], mine);
            } catch (IOException failed) {
                throw Outcomes.rethrow(failed);
            }
        });
    }

    private void countCancelledInFlight() {
        cancelledInFlight++;
        changed();
    }

    /** The request goes out: the spinner turns. Returns the loop time it was sent at. */
    private long requestSent(String q, int mine) {
        requestsSent++;
        if (mine == generation) {
            unsent = false;
            searching = true;
            status = "Searching for \u201c" + q + "\u201d on " + server.authority() + "\u2026";
        }
        changed();
        return loop.time();
    }

    private void stopSpinner(int mine) {
        if (mine == generation) {
            searching = false;
            changed();
        }
    }

    private List<String> answered(String q, HttpResponse<String> r, long sent, int mine) throws IOException {
        String took = Outcomes.seconds(loop.time() - sent);
        if (r.statusCode() != 200) {
            if (mine == generation) {
                results = List.of();
                status = "The search for \u201c" + q + "\u201d failed with HTTP " + r.statusCode() + " after " + took + " (see Errors below).";
                changed();
            }
            throw new IOException("GET /search?q=" + q + " answered HTTP " + r.statusCode());
        }
        List<String> found = r.body().isEmpty() ? List.of() : Arrays.asList(r.body().split("\n"));
        if (mine == generation) {
            results = List.copyOf(found);
            status = found.size() + (found.size() == 1 ? " match" : " matches") + " for \u201c" + q + "\u201d, answered in " + took + ".";
            changed();
        }
        return List.copyOf(found);
    }

    /** The names found by the newest search that answered. */
    public List<String> results() {
        return results;
    }

    /** Whether the newest search has a request in flight: the spinner. */
    public boolean searching() {
        return searching;
    }

    /** The status line. */
    public String status() {
        return status;
    }

    /** Searches started (one per keystroke). */
    public int keystrokes() {
        return keystrokes;
    }

    /** Searches replaced by a newer keystroke within their debounce: no request was sent for them. */
    public int debounced() {
        return debounced;
    }

    /** Requests sent to the server. */
    public int requestsSent() {
        return requestsSent;
    }

    /** Requests cancelled in flight by a newer keystroke (latest wins). */
    public int cancelledInFlight() {
        return cancelledInFlight;
    }

    /** "9 keystrokes, 7 debounced, 2 requests sent, 1 cancelled in flight". */
    public String figures() {
        return keystrokes + (keystrokes == 1 ? " keystroke, " : " keystrokes, ") + debounced + " debounced (no request), "
                + requestsSent + (requestsSent == 1 ? " request" : " requests") + " sent, " + cancelledInFlight + " cancelled in flight";
    }

    /** The debounce. */
    public Duration debounce() {
        return debounce;
    }

    /** Which way the search is written. */
    public Style style() {
        return style;
    }
}
