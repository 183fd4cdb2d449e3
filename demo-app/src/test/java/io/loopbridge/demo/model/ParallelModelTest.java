package io.loopbridge.demo.model;

import io.loopbridge.core.GuestLoop;
import io.loopbridge.core.Task;
import io.loopbridge.core.testkit.RecordingHost;
import io.loopbridge.demo.model.ParallelModel.Download;
import io.loopbridge.demo.model.ParallelModel.State;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The TaskGroup of downloads on a manual clock: all finish, or one fails and the group cancels the rest. */
@Timeout(30)
class ParallelModelTest {
    private final RecordingHost host = RecordingHost.create();
    private final GuestLoop loop = host.loop();
    private final ParallelModel model = new ParallelModel(loop, Duration.ofMillis(100));

    @AfterEach
    void close() {
        loop.close();
        host.assertContractKept();
    }

    @Test
    void everyDownloadRunsToTheEndAndTheGroupCompletes() {
        Task<Void> task = loop.createTask(() -> model.run(false));

        host.pump();

        assertTrue(task.isDone() && !task.isCompletedExceptionally(), task.toString());
        for (Download d : model.downloads()) {
            assertEquals(State.DONE, d.state(), d.name());
            assertEquals(1.0, d.fraction(), d.name());
        }
        assertTrue(model.status().startsWith("All 5 downloads finished"), model.status());
    }

    @Test
    void theDownloadsRunSideBySideNotOneAfterAnother() {
        loop.createTask(() -> model.run(false));
        host.pumpUntil(() -> model.downloads().get(0).fraction() > 0.3);

        for (Download d : model.downloads()) {
            assertEquals(State.RUNNING, d.state(), d.name());
            assertTrue(d.fraction() > 0, d.name() + " has not started while the first is at 30%");
        }
    }

    @Test
    void aFailingDownloadMakesTheGroupCancelTheOthersAndFailWithItsError() {
        Task<Void> task = loop.createTask(() -> model.run(true));

        host.pump();

        CompletionException e = assertThrows(CompletionException.class, task::join);
        IOException cause = assertInstanceOf(IOException.class, e.getCause());
        assertEquals("video.mp4: connection reset by peer (simulated)", cause.getMessage());
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
        assertEquals(0, loop.stats().pendingTimers(), "a cancelled download left its timer behind");
    }

    @Test
    void cancellingTheRunCancelsEveryDownload() {
        Task<Void> task = loop.createTask(() -> model.run(false));
        host.pumpUntil(() -> model.downloads().get(0).fraction() > 0.2);

        task.cancel(true);
        host.pump();

        assertTrue(task.isCancelled());
        for (Download d : model.downloads()) assertEquals(State.CANCELLED, d.state(), d.name());
        assertTrue(model.status().startsWith("Cancelled after"), model.status());
    }
}
