package io.loopbridge.core;

import io.loopbridge.core.testkit.RecordingHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Progress}: cross-thread updates delivered on the loop thread, coalesced (many updates, one
 * delivery showing the latest values), an update racing with a delivery is not lost, clamping, listener
 * errors go to the exception handler, updates after close are dropped.
 */
@Timeout(30)
class ProgressTest {
    private final RecordingHost host = RecordingHost.create();
    private final GuestLoop loop = host.loop();
    private final Progress progress = new Progress(loop);
    private final List<String> seen = new ArrayList<>();

    @AfterEach
    void hostContractKept() {
        host.assertContractKept();
        loop.close();
    }

    private static void onAnotherThread(Runnable r) {
        Thread t = new Thread(r, "worker");
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private void recordDeliveries() {
        progress.onChange(() -> seen.add(progress.fraction() + " " + progress.message()
                + (loop.inEventLoop() ? "" : " OFF THE LOOP")));
    }

    @Test
    void startsIndeterminateWithNoMessage() {
        assertEquals(Progress.INDETERMINATE, progress.fraction());
        assertEquals("", progress.message());
        assertTrue(progress.toString().contains("indeterminate"), progress.toString());
    }

    @Test
    void manyUpdatesFromAnotherThreadAreDeliveredOnceOnTheLoopThreadWithTheLatestValues() {
        host.runOnce();
        recordDeliveries();
        int wakeUps = host.wakeUps();
        onAnotherThread(() -> {
            for (int i = 1; i <= 1000; i++) {
                progress.update(i, 1000);
                progress.message("item " + i);
            }
        });
        assertEquals(wakeUps + 1, host.wakeUps());
        assertEquals(1, host.runOnce(), "one delivery for a thousand updates");
        assertEquals(List.of("1.0 item 1000"), seen);
        assertEquals(1.0, progress.fraction());
        assertEquals("item 1000", progress.message());
    }

    @Test
    void nothingIsShownBeforeTheDeliveryRuns() {
        host.runOnce();
        onAnotherThread(() -> progress.update(1, 2));
        assertEquals(Progress.INDETERMINATE, progress.fraction(), "listeners see values only on delivery");
        host.runOnce();
        assertEquals(0.5, progress.fraction());
    }

    @Test
    void anUpdateMadeWhileADeliveryRunsIsDeliveredNextNotLost() {
        host.runOnce();
        progress.onChange(() -> {
            seen.add(String.valueOf(progress.fraction()));
            if (seen.size() == 1) onAnotherThread(() -> progress.update(9, 10)); // races with this delivery
        });
        onAnotherThread(() -> progress.update(1, 10));
        host.runOnce();
        assertEquals(List.of("0.1"), seen);
        assertEquals(0, loop.nextTimeout(), "a new delivery is queued");
        host.runOnce();
        assertEquals(List.of("0.1", "0.9"), seen);
    }

    @Test
    void fractionIsClampedAndBadTotalsMeanIndeterminate() {
        host.runOnce();
        double[][] cases = {
                {5, 10, 0.5}, {20, 10, 1}, {-3, 10, 0}, {0, 10, 0},
                {1, 0, Progress.INDETERMINATE}, {1, -5, Progress.INDETERMINATE},
                {1, Double.NaN, Progress.INDETERMINATE}, {1, Double.POSITIVE_INFINITY, Progress.INDETERMINATE},
                {Double.NaN, 10, Progress.INDETERMINATE}, {Double.POSITIVE_INFINITY, 10, 1},
        };
        for (double[] c : cases) {
            progress.update(c[0], c[1]);
            host.runOnce();
            assertEquals(c[2], progress.fraction(), "update(" + c[0] + ", " + c[1] + ")");
        }
    }

    @Test
    void resetGoesBackToIndeterminateWithNoMessage() {
        progress.update(3, 4);
        progress.message("working");
        host.pump();
        progress.reset();
        host.pump();
        assertEquals(Progress.INDETERMINATE, progress.fraction());
        assertEquals("", progress.message());
        progress.message(null);
        host.pump();
        assertEquals("", progress.message());
    }

    @Test
    void throwingListenerIsReportedWithTheProgressAsSourceAndTheOthersStillRun() {
        List<ErrorContext> errors = new CopyOnWriteArrayList<>();
        loop.setExceptionHandler(errors::add);
        RuntimeException boom = new IllegalStateException("listener bug");
        progress.onChange(() -> {
            throw boom;
        });
        recordDeliveries();
        progress.update(1, 4);
        host.pump();
        assertEquals(1, errors.size());
        assertSame(boom, errors.get(0).exception());
        assertSame(progress, errors.get(0).source());
        assertEquals(List.of("0.25 "), seen);
    }

    @Test
    void updatesAfterTheLoopClosedAreDroppedQuietly() {
        recordDeliveries();
        loop.close();
        progress.update(1, 2);
        progress.message("too late");
        onAnotherThread(() -> progress.update(2, 2));
        assertEquals(0, host.runOnce());
        assertTrue(seen.isEmpty());
    }

    @Test
    void workerInTheExecutorReportsProgressThatTheLoopShows() {
        List<Double> shown = new CopyOnWriteArrayList<>();
        progress.onChange(() -> shown.add(progress.fraction()));
        LoopFuture<String> work = loop.runInExecutor(() -> {
            for (int i = 1; i <= 100; i++) progress.update(i, 100);
            return "done";
        });
        host.pumpUntil(work::isDone);
        host.pump();
        assertEquals("done", work.join());
        assertEquals(1.0, shown.get(shown.size() - 1), "the last delivery shows the last update");
        for (int i = 1; i < shown.size(); i++) assertTrue(shown.get(i) >= shown.get(i - 1), "went backwards: " + shown);
    }
}
