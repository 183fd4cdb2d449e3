package io.loopbridge.core.docs;

import io.loopbridge.core.LoopFuture;
import io.loopbridge.core.StandaloneLoop;
import io.loopbridge.core.testkit.CoroutineJdk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

import static io.loopbridge.core.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The side-by-side example of {@code docs/coroutines.md}: the same retrying fetch written as a chain and
 * as a coroutine, both run against a flaky source, and the guide quoting both verbatim.
 */
@Timeout(30)
class CoroutinesGuideTest {
    private final StandaloneLoop loop = StandaloneLoop.create();
    /** Fails the first {@code failures} calls with an IOException, then answers. */
    private final AtomicInteger calls = new AtomicInteger();
    private int failures;
    private final List<String> log = new ArrayList<>();

    private CompletionStage<String> fetch(String url) {
        CompletableFuture<String> f = new CompletableFuture<>();
        if (calls.incrementAndGet() <= failures) f.completeExceptionally(new IOException(url + ": connection reset"));
        else f.complete("<html>" + url + "</html>");
        return f;
    }

    // tag::chain[]
    LoopFuture<String> fetchWithRetry(String url, int attempt) {
        return loop.waitFor(fetch(url), Duration.ofSeconds(5))
                .exceptionallyCompose(e -> {
                    if (attempt == 3) return CompletableFuture.failedFuture(e);
                    log.add("attempt " + attempt + " failed");
                    return loop.sleep(Duration.ofMillis(10L << attempt))
                            .thenCompose(v -> fetchWithRetry(url, attempt + 1));
                });
    }
    // end::chain[]

    // tag::coroutine[]
    String fetchWithRetry(String url) {
        for (int attempt = 1; ; attempt++) {
            try {
                return await(loop.waitFor(fetch(url), Duration.ofSeconds(5)));
            } catch (CompletionException e) {      // IOException, TimeoutException: checked, so wrapped
                if (attempt == 3) throw e;
                log.add("attempt " + attempt + " failed");
                await(loop.sleep(Duration.ofMillis(10L << attempt)));
            }
        }
    }
    // end::coroutine[]

    @Test
    void theChainRetriesTwiceThenAnswers() {
        failures = 2;
        assertEquals("<html>u</html>", loop.runUntilComplete(loop.createTask(() -> fetchWithRetry("u", 1))));
        assertEquals(List.of("attempt 1 failed", "attempt 2 failed"), log);
        loop.close();
    }

    @Test
    void theCoroutineRetriesTwiceThenAnswers() {
        CoroutineJdk.requireCoroutines();
        failures = 2;
        assertEquals("<html>u</html>", loop.runUntilComplete(loop.launch(() -> fetchWithRetry("u"))));
        assertEquals(List.of("attempt 1 failed", "attempt 2 failed"), log);
        loop.close();
    }

    @Test
    void bothGiveUpAfterThreeAttemptsWithTheIoException() {
        CoroutineJdk.requireCoroutines();
        failures = 10;
        CompletionException chain = assertThrows(CompletionException.class,
                () -> loop.runUntilComplete(loop.createTask(() -> fetchWithRetry("u", 1))));
        CompletionException coroutine = assertThrows(CompletionException.class,
                () -> loop.runUntilComplete(loop.launch(() -> fetchWithRetry("u"))));
        assertInstanceOf(IOException.class, chain.getCause());
        assertInstanceOf(IOException.class, coroutine.getCause(), "the task fails with the checked cause itself");
        loop.close();
    }

    @Test
    void theGuideQuotesBothVersionsVerbatim() throws IOException {
        Path here = Path.of("").toAbsolutePath();
        Path root = Files.exists(here.resolve("README.md")) ? here : here.getParent();
        String guide = Files.readString(root.resolve("docs/coroutines.md"));
        Path source = root.resolve("bridge-core/src/test/java/io/loopbridge/core/docs/CoroutinesGuideTest.java");
        for (String tag : new String[] {"chain", "coroutine"}) {
            String code = ReadmeSnippetsTest.tagged(source, tag);
            assertTrue(guide.contains(code), "docs/coroutines.md does not quote [" + tag + "] verbatim:\n" + code);
        }
        loop.close();
    }
}
