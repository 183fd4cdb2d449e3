package io.loopbridge.core.docs;

import io.loopbridge.core.AsyncQueue;
import io.loopbridge.core.AsyncSemaphore;
import io.loopbridge.core.EventLoop;
import io.loopbridge.core.GuestLoop;
import io.loopbridge.core.LoopFuture;
import io.loopbridge.core.Task;
import io.loopbridge.core.TaskGroup;
import io.loopbridge.core.TimeoutScope;
import io.loopbridge.core.testkit.RecordingHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The README's toolbox snippet, compiled and run against the public API only (this package sees no
 * package-private type). Keep the tagged region in sync with the README.
 */
@Timeout(30)
class ToolboxReadmeExampleTest {
    private final RecordingHost host = RecordingHost.create();
    private final GuestLoop loop = host.loop();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();

    /** Stands in for an HTTP call: takes 100 ms on the loop's (manual) clock. */
    private CompletionStage<String> fetch(String url) {
        peak.accumulateAndGet(running.incrementAndGet(), Math::max);
        return loop.sleep(Duration.ofMillis(100)).thenApply(v -> {
            running.decrementAndGet();
            return "body of " + url;
        });
    }

    private LoopFuture<List<String>> downloadAll(EventLoop loop, List<String> urls) {
        // tag::toolbox[]
        AsyncSemaphore downloads = new AsyncSemaphore(loop, 2);      // at most 2 fetches at a time
        AsyncQueue<String> bodies = new AsyncQueue<>(loop);
        TaskGroup group = new TaskGroup(loop);                        // one failure cancels the rest
        for (String url : urls) {
            group.createTask(() -> downloads.withPermit(() ->           // the permit is always given back
                    TimeoutScope.after(loop, Duration.ofSeconds(5))    // each fetch gets 5 s
                            .run(() -> fetch(url)))
                    .thenCompose(bodies::put));
        }
        return group.join().thenApply(v -> {                          // every child is done here
            List<String> all = new ArrayList<>();
            for (String b; (b = bodies.poll()) != null; ) all.add(b);
            return all;
        });
        // end::toolbox[]
    }

    @Test
    void theReadmeSnippetDownloadsEverythingTwoAtATime() {
        host.runOnce(); // the test thread is the loop thread
        Task<List<String>> t = loop.createTask(() -> downloadAll(loop, List.of("a", "b", "c", "d", "e")));
        host.pumpUntil(t::isDone);
        assertEquals(List.of("body of a", "body of b", "body of c", "body of d", "body of e"), t.join());
        assertEquals(2, peak.get());
        loop.close();
        host.assertContractKept();
    }
}
