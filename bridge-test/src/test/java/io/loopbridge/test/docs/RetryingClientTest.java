package io.loopbridge.test.docs;

import io.loopbridge.core.LoopFuture;
import io.loopbridge.test.TestLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The second worked example of docs/testing.md: retry with timeout and back-off, on virtual time. */
@Timeout(30)
class RetryingClientTest {

    // tag::test[]
    /** A backend that hangs for the first {@code hangs} calls, then answers; it notes when it was called. */
    static final class FlakyBackend {
        final List<Duration> calls = new ArrayList<>();
        final List<CompletableFuture<String>> replies = new ArrayList<>();
        TestLoop loop;
        int hangs;

        CompletionStage<String> call() {
            calls.add(loop.elapsed());
            CompletableFuture<String> reply = new CompletableFuture<>();
            replies.add(reply);
            if (calls.size() > hangs) reply.complete("pong");
            return reply;
        }
    }

    @Test
    void retriesAfterEachTimeoutWithDoublingBackOff() {
        try (TestLoop loop = TestLoop.builder().autoAdvance(true).build()) {
            FlakyBackend backend = new FlakyBackend();
            backend.loop = loop;
            backend.hangs = 2;
            RetryingClient client = new RetryingClient(loop, backend::call);

            assertEquals("pong", loop.runUntilComplete(client.fetch()));

            // attempt 1 at 0 s times out at 2 s; back-off 1 s; attempt 2 at 3 s times out at 5 s; 2 s; attempt 3 at 7 s
            assertEquals(List.of(Duration.ZERO, Duration.ofSeconds(3), Duration.ofSeconds(7)), backend.calls);
            assertEquals(Duration.ofSeconds(7), loop.elapsed());
            assertTrue(backend.replies.get(0).isCancelled(), "a timed-out call is cancelled");
            assertEquals(0, loop.stats().pendingTimers(), "no timeout or back-off timer is left behind");
        }
    }

    @Test
    void givesUpAfterFourAttemptsWithTheTimeout() {
        try (TestLoop loop = TestLoop.builder().autoAdvance(true).build()) {
            FlakyBackend backend = new FlakyBackend();
            backend.loop = loop;
            backend.hangs = Integer.MAX_VALUE;
            LoopFuture<String> reply = new RetryingClient(loop, backend::call).fetch();

            CompletionException e = assertThrows(CompletionException.class, () -> loop.runUntilComplete(reply));
            assertInstanceOf(TimeoutException.class, e.getCause());
            assertEquals(4, backend.calls.size());
            assertEquals(Duration.ofSeconds(2 + 1 + 2 + 2 + 2 + 4 + 2), loop.elapsed());   // 15 virtual seconds
        }
    }
    // end::test[]

    @Test
    void aFailingBackendIsRetriedAtOnceAfterTheBackOffAndItsLastFailureIsReported() {
        try (TestLoop loop = TestLoop.create()) {
            List<Duration> calls = new ArrayList<>();
            RetryingClient client = new RetryingClient(loop, () -> {
                calls.add(loop.elapsed());
                return CompletableFuture.failedFuture(new IOException("refused #" + calls.size()));
            });
            LoopFuture<String> reply = client.fetch();
            loop.advanceBy(Duration.ofMillis(999));
            assertEquals(1, calls.size());
            loop.advanceBy(Duration.ofMillis(1));
            assertEquals(2, calls.size());
            loop.advanceUntilIdle();
            assertEquals(List.of(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(7)), calls);
            CompletionException e = assertThrows(CompletionException.class, reply::join);
            assertEquals("refused #4", e.getCause().getMessage());
        }
    }
}
