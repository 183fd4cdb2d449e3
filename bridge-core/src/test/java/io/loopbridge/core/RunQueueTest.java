package io.loopbridge.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link RunQueue} on its own: one FIFO line across threads, a snapshot per pass, nested passes, and the
 * close cleanup. The randomized test runs it against the simplest model of its invariant (one list in
 * submission order, and a count of what the running pass may still take); the loop-level model test
 * ({@code GuestLoopModelTest}) checks the same through {@code GuestLoop}. Single-threaded: a "remote"
 * offer goes through the inbox exactly as another thread's would; the inbox's own concurrency is covered
 * by {@code CrossThreadIntakeTest} and the stress tests.
 */
@Timeout(30)
class RunQueueTest {
    private final RunQueue q = new RunQueue();

    private static HandleImpl h(String name) {
        return new HandleImpl(null, () -> { }, null) {
            @Override
            public String toString() {
                return name;
            }
        };
    }

    private void pass() {
        q.openSnapshot();
        q.closeSnapshot();
    }

    private List<HandleImpl> drainPass() {
        pass();
        List<HandleImpl> out = new ArrayList<>();
        for (HandleImpl x; (x = q.take()) != null; ) out.add(x);
        return out;
    }

    @Test
    void aLoopThreadSubmissionQueuesBehindCrossThreadOnesMadeBeforeIt() {
        HandleImpl remote = h("remote"), local = h("local");
        q.offerRemote(remote);
        q.offerLocal(local, true);
        assertEquals(List.of(remote, local), drainPass());
    }

    @Test
    void workSubmittedDuringAPassRunsInTheNextOne() {
        HandleImpl a = h("a"), b = h("b"), c = h("c"), d = h("d");
        q.offerLocal(a, true);
        q.offerRemote(b);
        pass();
        assertSame(a, q.take());
        q.offerLocal(c, false); // by a's callback
        q.offerRemote(d);       // by another thread meanwhile
        assertSame(b, q.take());
        assertNull(q.take(), "the snapshot is used up");
        assertTrue(q.hasReady());
        assertEquals(List.of(c, d), drainPass());
        assertFalse(q.hasReady());
    }

    @Test
    void dueTimersJoinTheSnapshotBehindTheCrossThreadCallbacksEnqueuedBeforeThePass() {
        HandleImpl remote = h("remote"), timer = h("timer");
        q.offerRemote(remote);
        q.openSnapshot();
        q.appendDue(timer);
        q.closeSnapshot();
        assertSame(remote, q.take());
        assertSame(timer, q.take());
        assertNull(q.take());
    }

    @Test
    void aNestedPassTakesTheWholeLineAndTheOuterPassEndsWithoutRunningAnythingTwice() {
        HandleImpl a = h("a"), b = h("b"), c = h("c"), d = h("d");
        q.offerLocal(a, true);
        q.offerLocal(b, true);
        pass();
        assertSame(a, q.take());
        q.offerRemote(c); // during a, which opens a modal dialog's nested loop
        pass();           // the nested pass
        assertSame(b, q.take());
        assertSame(c, q.take());
        q.offerLocal(d, false);
        assertNull(q.take());
        assertNull(q.take(), "back in the outer pass: nothing left of its snapshot");
        assertEquals(List.of(d), drainPass());
    }

    @Test
    void snapshotHasMoreIsExactAtTheEndOfACrossThreadSegment() {
        HandleImpl a = h("a"), b = h("b");
        q.offerRemote(a);
        q.offerRemote(b);
        pass();
        assertSame(a, q.take());
        assertTrue(q.snapshotHasMore());
        assertSame(b, q.take());
        assertFalse(q.snapshotHasMore(), "a wake-up for nothing would be requested");
    }

    @Test
    void cancelAllCancelsTheLineAndEveryCrossThreadSubmissionNotTakenIn() {
        HandleImpl a = h("a"), b = h("b"), c = h("c");
        q.offerLocal(a, true);
        q.offerRemote(b);
        q.openSnapshot();
        q.offerRemote(c);
        q.cancelAll();
        assertTrue(a.isCancelled() && b.isCancelled() && c.isCancelled());
        assertFalse(q.hasReady());
        assertEquals(0, q.readyCount());
    }

    @Test
    void randomProgramsKeepOneFifoLineAndOneSnapshotPerPass() {
        Random rnd = new Random(13);
        for (int program = 0; program < 2_000; program++) runRandomProgram(new Random(rnd.nextLong()), program);
    }

    /**
     * The model: {@code line} holds every submission not taken yet, in submission order; {@code left} is
     * how many of its first entries the innermost running pass may still take. A nested pass takes the
     * whole line and leaves 0 for the passes around it.
     */
    private static void runRandomProgram(Random rnd, int program) {
        RunQueue q = new RunQueue();
        Deque<HandleImpl> line = new ArrayDeque<>();
        int left = 0;
        int depth = 0;
        int n = 0;
        for (int step = 0; step < 200; step++) {
            int op = rnd.nextInt(10);
            String where = "program " + program + " step " + step;
            if (op < 3) {
                HandleImpl x = h("L" + n++);
                q.offerLocal(x, depth == 0);
                line.addLast(x);
            } else if (op < 6) {
                HandleImpl x = h("R" + n++);
                q.offerRemote(x);
                line.addLast(x);
            } else if (op < 7 || depth == 0) {
                q.openSnapshot();
                int due = rnd.nextInt(3);
                for (int i = 0; i < due; i++) {
                    HandleImpl t = h("T" + n++);
                    q.appendDue(t);
                    line.addLast(t);
                }
                q.closeSnapshot();
                left = line.size();
                depth = Math.min(depth + 1, 3);
            } else {
                HandleImpl got = q.take();
                if (left == 0) {
                    assertNull(got, where + ": took beyond the snapshot");
                    depth--;
                } else {
                    assertSame(line.pollFirst(), got, where);
                    left--;
                    assertEquals(left > 0, q.snapshotHasMore(), where + ": snapshotHasMore");
                }
            }
            assertEquals(!line.isEmpty(), q.hasReady(), where + ": hasReady");
        }
    }
}
