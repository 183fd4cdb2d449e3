package io.loopbridge.test.docs;

import io.loopbridge.core.EventLoop;
import io.loopbridge.core.LoopFuture;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

// tag::service[]
/** Calls a flaky backend: 2 s timeout per attempt, up to 4 attempts, waiting 1 s, 2 s, 4 s in between. */
public final class RetryingClient {
    static final Duration TIMEOUT = Duration.ofSeconds(2);
    static final Duration FIRST_BACK_OFF = Duration.ofSeconds(1);
    static final int ATTEMPTS = 4;

    private final EventLoop loop;
    private final Supplier<CompletionStage<String>> backend;

    public RetryingClient(EventLoop loop, Supplier<CompletionStage<String>> backend) {
        this.loop = loop;
        this.backend = backend;
    }

    /** The reply, or the last attempt's failure (a TimeoutException, or the backend's own). */
    public LoopFuture<String> fetch() {
        return attempt(1, FIRST_BACK_OFF);
    }

    private LoopFuture<String> attempt(int n, Duration backOff) {
        return loop.waitFor(backend.get(), TIMEOUT).exceptionallyCompose(failure -> {
            if (n == ATTEMPTS) return CompletableFuture.failedFuture(failure);
            return loop.sleep(backOff).thenCompose(v -> attempt(n + 1, backOff.multipliedBy(2)));
        });
    }
}
// end::service[]
