package io.loopbridge.test.docs;

import io.loopbridge.core.EventLoop;
import io.loopbridge.core.Task;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

// tag::model[]
/** Search as you type: waits for a 300 ms pause in typing, then asks the service; a newer query wins. */
public final class SearchViewModel {
    public interface SearchService {
        CompletionStage<List<String>> search(String query);
    }

    static final Duration DEBOUNCE = Duration.ofMillis(300);

    private final EventLoop loop;
    private final SearchService service;
    private Task<List<String>> pending;            // the debounce and the search of the latest query
    private List<String> results = List.of();
    private boolean searching;

    public SearchViewModel(EventLoop loop, SearchService service) {
        this.loop = loop;
        this.service = service;
    }

    /** The text field changed (on the loop thread). */
    public void typed(String query) {
        if (pending != null) pending.cancel(true);  // the older query: cancels its sleep or its search
        pending = null;
        searching = !query.isBlank();
        if (!searching) {
            results = List.of();
            return;
        }
        Task<List<String>> search = loop.createTask(() -> loop.sleep(DEBOUNCE)
                .thenCompose(v -> loop.waitFor(service.search(query), Duration.ofSeconds(5))));
        pending = search;
        search.whenComplete((found, failure) -> {
            if (pending != search) return;          // a newer query took over
            searching = false;
            results = failure == null ? found : List.of("search failed: " + failure.getClass().getSimpleName());
        });
    }

    public List<String> results() { return results; }

    public boolean isSearching() { return searching; }
}
// end::model[]
