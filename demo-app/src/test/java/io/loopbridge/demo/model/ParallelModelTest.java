package io.loopbridge.demo.model;

import io.loopbridge.core.StandaloneLoop;
import io.loopbridge.core.Task;
import io.loopbridge.demo.model.ParallelModel.Download;
import io.loopbridge.demo.model.ParallelModel.State;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The TaskGroup of downloads against the real demo server, on a standalone loop: all finish, or one's
 * connection is dropped and the group cancels the rest, or a cancel stops them all.
 */
@Timeout(30)
class ParallelModelTest {
    private final StandaloneLoop loop = StandaloneLoop.create();
    private final DemoServer server = start();
    private final ParallelModel model = new ParallelModel(loop, server, HttpClient.newHttpClient(), Duration.ofMillis(10));

    private static DemoServer start() {
        try {
            return DemoServer.start();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @AfterEach
    void close() {
        server.close();
        loop.close();
    }

    @Test
    void theFailSwitchTheExplanationAndTheStatusSayTheSame() {
        String quoted = "\u201c" + ParallelModel.FAIL_SWITCH + "\u201d";
        assertTrue(ParallelModel.FAIL_SWITCH.contains(model.downloads().get(ParallelModel.FAILING).name()), ParallelModel.FAIL_SWITCH);
        assertTrue(ParallelModel.FAIL_SWITCH.contains(Math.round(ParallelModel.FAIL_AT * 100) + "%"), ParallelModel.FAIL_SWITCH);
        assertTrue(Panel.PARALLEL.explanation().contains(quoted), Panel.PARALLEL.explanation());
        assertTrue(model.status().contains(quoted), model.status());
    }

    /** Runs the loop until {@code condition} holds on the loop thread (the test's timeout bounds it). */
    private void runUntil(BooleanSupplier condition) {
        loop.runUntilComplete(loop.createTask(() -> poll(condition)));
    }

    private io.loopbridge.core.LoopFuture<Void> poll(BooleanSupplier condition) {
        return condition.getAsBoolean() ? loop.sleep(Duration.ZERO) : loop.sleep(Duration.ofMillis(1)).thenCompose(v -> poll(condition));
    }

    @Test
    void everyDownloadRunsToTheEndAndTheGroupCompletes() {
        loop.runUntilComplete(loop.createTask(() -> model.run(false)));

        for (Download d : model.downloads()) {
            assertEquals(State.DONE, d.state(), d.name());
            assertEquals(d.size(), d.received(), d.name() + ": every byte arrived");
            assertEquals(1.0, d.fraction(), d.name());
        }
        assertTrue(model.status().startsWith("All 5 downloads finished"), model.status());
        assertEquals(5, server.requests());
    }

    @Test
    void theDownloadsRunSideBySideNotOneAfterAnother() {
        Task<Void> task = loop.createTask(() -> model.run(false));
        runUntil(() -> model.downloads().get(0).fraction() > 0.3);

        for (Download d : model.downloads()) {
            assertEquals(State.RUNNING, d.state(), d.name());
            assertTrue(d.fraction() > 0, d.name() + " has not started while the first is at 30%");
        }
        task.cancel(true);
    }

    @Test
    void aDroppedConnectionMakesTheGroupCancelTheOthersAndFailWithItsError() {
        Task<Void> task = loop.createTask(() -> model.run(true));

        CompletionException e = assertThrows(CompletionException.class, () -> loop.runUntilComplete(task));

        IOException cause = assertInstanceOf(IOException.class, e.getCause());
        assertEquals("video.mp4: the server dropped the connection at 40% (on purpose)", cause.getMessage());
        assertInstanceOf(IOException.class, cause.getCause(), "the HTTP client's own error is kept as the cause");
        Download failing = model.downloads().get(ParallelModel.FAILING);
        assertEquals(State.FAILED, failing.state());
        assertTrue(failing.fraction() >= ParallelModel.FAIL_AT, failing.describe());
        long cancelled = model.downloads().stream().filter(d -> d.state() == State.CANCELLED).count();
        long done = model.downloads().stream().filter(d -> d.state() == State.DONE).count();
        assertEquals(4, cancelled + done);
        assertTrue(cancelled >= 1, "the group cancelled nobody: " + model.status());
        for (Download d : model.downloads()) {
            if (d.state() == State.CANCELLED) assertTrue(d.fraction() < 1, d.describe());
        }
        assertTrue(model.status().contains("The TaskGroup cancelled the " + cancelled), model.status());
    }

    @Test
    void cancellingTheRunCancelsEveryDownloadAndStopsTheirBytes() {
        Task<Void> task = loop.createTask(() -> model.run(false));
        runUntil(() -> model.downloads().get(0).fraction() > 0.2);

        task.cancel(true);
        runUntil(task::isDone);

        assertTrue(task.isCancelled());
        for (Download d : model.downloads()) assertEquals(State.CANCELLED, d.state(), d.name());
        assertTrue(model.status().startsWith("Cancelled after"), model.status());
        long[] at = model.downloads().stream().mapToLong(Download::received).toArray();
        loop.runUntilComplete(loop.sleep(Duration.ofMillis(100))); // ten more server steps: closed connections are noticed
        long sent = server.downloadBytesSent();
        loop.runUntilComplete(loop.sleep(Duration.ofMillis(100)));
        assertEquals(sent, server.downloadBytesSent(), "the server kept sending: a cancelled download's connection stayed open");
        for (int i = 0; i < at.length; i++) {
            assertEquals(at[i], model.downloads().get(i).received(), model.downloads().get(i).name() + " changed after its cancel");
        }
    }
}
