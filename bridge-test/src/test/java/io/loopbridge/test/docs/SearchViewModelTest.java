package io.loopbridge.test.docs;

import io.loopbridge.core.LoopFuture;
import io.loopbridge.test.TestLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The first worked example of docs/testing.md: a debounced search view model on virtual time. */
@Timeout(30)
class SearchViewModelTest {

    // tag::test[]
    /** A fake service: records the queries, answers when the test says. */
    static final class FakeSearch implements SearchViewModel.SearchService {
        final List<String> queries = new ArrayList<>();
        final List<CompletableFuture<List<String>>> replies = new ArrayList<>();

        @Override
        public CompletionStage<List<String>> search(String query) {
            queries.add(query);
            CompletableFuture<List<String>> reply = new CompletableFuture<>();
            replies.add(reply);
            return reply;
        }
    }

    @Test
    void searchesOnceTypingPausesFor300ms() {
        try (TestLoop loop = TestLoop.create()) {
            FakeSearch service = new FakeSearch();
            SearchViewModel model = new SearchViewModel(loop, service);

            model.typed("l");
            loop.advanceBy(Duration.ofMillis(100));
            model.typed("lo");
            loop.advanceBy(Duration.ofMillis(100));
            model.typed("loop");
            loop.advanceBy(Duration.ofMillis(299));
            assertEquals(List.of(), service.queries);          // still typing, as far as it knows

            loop.advanceBy(Duration.ofMillis(1));
            assertEquals(List.of("loop"), service.queries);    // one query, the last one
            assertTrue(model.isSearching());

            service.replies.get(0).complete(List.of("LoopBridge", "loop.sleep"));
            loop.runCurrent();
            assertEquals(List.of("LoopBridge", "loop.sleep"), model.results());
            assertFalse(model.isSearching());
        }
    }

    @Test
    void aNewerQueryCancelsTheSearchInFlightAndItsLateReplyIsIgnored() {
        try (TestLoop loop = TestLoop.create()) {
            FakeSearch service = new FakeSearch();
            SearchViewModel model = new SearchViewModel(loop, service);

            model.typed("java");
            loop.advanceBy(Duration.ofMillis(300));
            model.typed("javafx");                              // while "java" is being searched
            assertTrue(service.replies.get(0).isCancelled());   // the stale search was cancelled

            loop.advanceBy(Duration.ofMillis(300));
            service.replies.get(1).complete(List.of("JavaFX"));
            loop.runCurrent();
            assertEquals(List.of("java", "javafx"), service.queries);
            assertEquals(List.of("JavaFX"), model.results());
        }
    }

    @Test
    void aServiceThatNeverAnswersTimesOutAfterFiveVirtualSeconds() {
        try (TestLoop loop = TestLoop.create()) {
            SearchViewModel model = new SearchViewModel(loop, new FakeSearch());
            model.typed("loop");
            loop.advanceUntilIdle();                            // 300 ms of debounce, then 5 s of timeout
            assertEquals(List.of("search failed: TimeoutException"), model.results());
            assertEquals(Duration.ofMillis(5300), loop.elapsed());
        }
    }
    // end::test[]

    @Test
    void clearingTheFieldCancelsThePendingDebounceAndLeavesNoTimer() {
        try (TestLoop loop = TestLoop.create()) {
            FakeSearch service = new FakeSearch();
            SearchViewModel model = new SearchViewModel(loop, service);
            model.typed("lo");
            model.typed("");
            loop.advanceUntilIdle();
            assertEquals(List.of(), service.queries);
            assertEquals(List.of(), model.results());
            assertEquals(0, loop.stats().pendingTimers());
            assertEquals(Duration.ZERO, loop.elapsed(), "a cancelled debounce moved the clock");
            LoopFuture<Void> nothing = loop.completedFuture(null);
            assertTrue(nothing.isDone());
        }
    }
}
