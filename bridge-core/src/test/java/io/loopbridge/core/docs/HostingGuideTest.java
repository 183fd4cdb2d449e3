package io.loopbridge.core.docs;

import io.loopbridge.core.EventLoop;
import io.loopbridge.core.GuestLoop;
import io.loopbridge.core.LoopFuture;
import io.loopbridge.core.testkit.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The code samples of {@code docs/hosting.md}, compiled and run. */
@Timeout(30)
class HostingGuideTest {

    @Test
    void threadHostRunsWorkFromAnyThreadAndStopsWithItsLoop() throws Exception {
        ThreadHost host = new ThreadHost();
        EventLoop loop = host.loop();
        CompletableFuture<String> result = new CompletableFuture<>();
        loop.callLater(Duration.ofMillis(5), () -> result.complete(Thread.currentThread().getName()));
        assertEquals("loop-host", result.get(10, TimeUnit.SECONDS));
        CompletableFuture<String> fromTask = new CompletableFuture<>();
        loop.createTask(() -> loop.sleep(Duration.ofMillis(1)).thenApply(v -> "task done"))
                .whenComplete((v, e) -> fromTask.complete(v));
        assertEquals("task done", fromTask.get(10, TimeUnit.SECONDS));
        LoopFuture<?>[] pending = new LoopFuture<?>[1];
        CompletableFuture<Void> created = new CompletableFuture<>();
        loop.callSoon(() -> {
            pending[0] = loop.sleep(Duration.ofHours(1));
            created.complete(null);
        });
        created.get(10, TimeUnit.SECONDS);
        host.close();
        assertTrue(pending[0].isCancelled(), "close() cancelled the pending sleep");
    }

    @Test
    void slicedHostYieldsToItsToolkitBetweenSlicesAndRunsTimers() throws Exception {
        ExecutorService ui = Executors.newSingleThreadExecutor(r -> new Thread(r, "ui"));
        try {
            SlicedHost host = new SlicedHost(ui, () -> Thread.currentThread().getName().equals("ui"));
            EventLoop loop = host.loop();
            AtomicInteger uiEvents = new AtomicInteger();
            AtomicInteger ran = new AtomicInteger();
            int[] ranWhenTheToolkitFirstGotTheThread = {-1};
            CompletableFuture<Integer> done = new CompletableFuture<>();
            java.util.concurrent.CountDownLatch queued = new java.util.concurrent.CountDownLatch(1);
            ui.execute(() -> {
                try {
                    queued.await(); // hold the UI thread until everything below is queued
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            // a flood of callbacks, each slow enough that one slice cannot run them all
            for (int i = 0; i < 20; i++) {
                loop.callSoon(() -> {
                    long until = System.nanoTime() + Duration.ofMillis(2).toNanos();
                    while (System.nanoTime() < until) Thread.onSpinWait();
                    ran.incrementAndGet();
                });
                ui.execute(() -> {
                    if (uiEvents.getAndIncrement() == 0) ranWhenTheToolkitFirstGotTheThread[0] = ran.get();
                }); // the toolkit's own events, queued meanwhile
            }
            loop.callLater(Duration.ofMillis(5), () -> done.complete(uiEvents.get()));
            queued.countDown();
            assertEquals(20, done.get(10, TimeUnit.SECONDS), "the toolkit's events ran before the next slice");
            assertTrue(ranWhenTheToolkitFirstGotTheThread[0] > 0 && ranWhenTheToolkitFirstGotTheThread[0] < 20,
                    "one slice ran " + ranWhenTheToolkitFirstGotTheThread[0] + " of 20 callbacks before yielding");
            CompletableFuture<String> where = new CompletableFuture<>();
            ui.execute(() -> where.complete(loop.inEventLoop() ? "ui is the loop thread" : "not"));
            assertEquals("ui is the loop thread", where.get(10, TimeUnit.SECONDS));
            ui.execute(loop::close);
        } finally {
            ui.shutdown();
            assertTrue(ui.awaitTermination(10, TimeUnit.SECONDS));
        }
    }

    /** The tagged region of a sample source, dedented: what docs/hosting.md quotes. */
    static String region(Path source, String tag) throws java.io.IOException {
        String text = Files.readString(source);
        int start = text.indexOf('\n', text.indexOf("// tag::" + tag + "[]")) + 1;
        int end = text.lastIndexOf('\n', text.indexOf("// end::" + tag + "[]"));
        List<String> lines = text.substring(start, end).lines().collect(Collectors.toList());
        int indent = lines.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return lines.stream().map(l -> l.length() >= indent ? l.substring(indent) : l.strip())
                .collect(Collectors.joining("\n"));
    }

    @Test
    void theGuideQuotesTheseSamplesVerbatim() throws Exception {
        Path guide = Path.of("..", "docs", "hosting.md"); // tests run in bridge-core/
        String text = Files.readString(guide);
        Path docs = Path.of("src", "test", "java", "io", "loopbridge", "core", "docs");
        String[][] samples = {
                {"ThreadHost.java", "thread-host"}, {"SlicedHost.java", "sliced-host"}, {"HostingGuideTest.java", "test-host"},
                {"../host/QueueLoop.java", "queue-loop"}};
        for (String[] sample : samples) {
            String code = region(docs.resolve(sample[0]), sample[1]);
            assertTrue(text.contains(code), "docs/hosting.md does not quote " + sample[0] + " [" + sample[1] + "] verbatim:\n" + code);
        }
    }

    @Test
    void aTestHostDrivesTheLoopOnAManualClockWithoutSleeping() {
        List<String> log = new ArrayList<>();
        // tag::test-host[]
        ManualClock clock = new ManualClock();
        GuestLoop loop = new GuestLoop(() -> { }, clock);   // this test is the host: it never sleeps
        loop.callLater(Duration.ofMinutes(5), () -> log.add("five minutes later"));
        loop.callSoon(() -> log.add("soon"));
        for (long t; (t = loop.nextTimeout()) >= 0; ) {      // until nothing is scheduled
            clock.advanceNanos(t);                           // jump to the next deadline
            loop.runOnce();
        }
        // end::test-host[]
        assertEquals(List.of("soon", "five minutes later"), log);
        loop.close();
    }
}
