package io.loopbridge.core;

import io.loopbridge.core.testkit.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link LiveList}: what a loop or task owns; done entries pruned so the list stays about twice the live ones. */
@Timeout(30)
class LiveListTest {
    private final GuestLoop loop = new GuestLoop(() -> { }, new ManualClock());

    @Test
    void doneEntriesArePrunedSoTheListStaysAboutTwiceTheLiveOnes() {
        LiveList list = new LiveList();
        List<LoopFuture<Object>> live = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            LoopFuture<Object> f = new LoopFuture<>(loop);
            list.add(f);
            if (i % 10 == 0) live.add(f);
            else f.complete(null);
            assertTrue(list.size() <= Math.max(32, 2 * (live.size() + 1)) + 1, "at " + i + ": " + list.size());
        }
    }

    @Test
    void takePendingReturnsOnlyWhatIsStillPendingAndEmptiesTheList() {
        LiveList list = new LiveList();
        LoopFuture<Object> pending = new LoopFuture<>(loop);
        LoopFuture<Object> done = new LoopFuture<>(loop);
        done.complete(null);
        HandleImpl queued = new HandleImpl(loop, () -> { }, null);
        HandleImpl cancelled = new HandleImpl(loop, () -> { }, null);
        cancelled.cancel();
        list.add(pending);
        list.add(done);
        list.add(queued);
        list.add(cancelled);
        assertEquals(List.of(pending, queued), list.takePending());
        assertEquals(0, list.size());
        assertEquals(List.of(), list.takePending());
    }

    @Test
    void pruneDoneDropsEveryDoneEntryAtOnce() {
        LiveList list = new LiveList();
        LoopFuture<Object> pending = new LoopFuture<>(loop);
        list.add(pending);
        for (int i = 0; i < 10; i++) {
            LoopFuture<Object> f = new LoopFuture<>(loop);
            f.completeExceptionally(new IllegalStateException("observed below"));
            f.exceptionally(e -> null);
            list.add(f);
        }
        assertEquals(11, list.size(), "below the prune threshold nothing is dropped by add()");
        list.pruneDone();
        assertEquals(1, list.size());
    }
}
