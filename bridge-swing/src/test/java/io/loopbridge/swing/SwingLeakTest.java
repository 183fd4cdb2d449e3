package io.loopbridge.swing;

import io.loopbridge.core.testkit.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.loopbridge.core.testkit.LeakCheck.mb;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link SwingLoop}s created, used and closed by the thousand (10,000 with {@code -Dloopbridge.long=true}),
 * half with each timer strategy: every closed loop becomes unreachable (the EDT's bindings, the
 * open-loop registry, Swing's timer queue let go of it), the alarm threads end, and the heap returns to
 * its baseline. See {@link LeakCheck}.
 */
@Timeout(900)
class SwingLeakTest {
    private static final long HEAP_TOLERANCE = 4L << 20;

    private static void noop() {}

    private static WeakReference<SwingLoop> useAndClose(int i) {
        SwingLoop loop = i % 2 == 0 ? SwingLoop.create() : SwingLoop.create(SwingLoop.Timers.SWING_TIMER);
        loop.callLater(Duration.ofHours(1), SwingLeakTest::noop); // arms the host timer; close() cancels it
        int v = loop.runUntilComplete(loop.createTask(() -> loop.sleep(Duration.ZERO).thenCompose(x -> loop.runInExecutor(() -> 42))));
        assertEquals(42, v);
        loop.createTask(() -> loop.sleep(Duration.ofHours(1))); // left pending
        loop.close();
        return new WeakReference<>(loop);
    }

    @Test
    void swingLoopsCreatedUsedAndClosedLeaveNoThreadNoHeapAndBecomeUnreachable() {
        int n = LeakCheck.count(LeakCheck.FULL_LOOPS);
        useAndClose(0);
        useAndClose(1); // warm-up: class loading, JIT
        Edt.run(() -> { });
        long heap0 = LeakCheck.usedHeapAfterGc();
        int threads0 = LeakCheck.threadCount();
        List<WeakReference<SwingLoop>> refs = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) refs.add(useAndClose(i));
        long millis = (System.nanoTime() - t0) / 1_000_000;
        Edt.run(() -> { });
        int notCleared = LeakCheck.awaitCleared(refs, 10_000);
        int threads = LeakCheck.awaitThreadCountAtMost(threads0, 10_000);
        long heap = LeakCheck.usedHeapAfterGc();
        System.out.printf("[leak] %,d SwingLoops (both timer strategies) in %,d ms: %d still reachable, threads %d -> %d, heap %s -> %s%n",
                n, millis, notCleared, threads0, threads, mb(heap0), mb(heap));
        assertEquals(0, notCleared, "closed SwingLoops still reachable");
        assertTrue(threads <= threads0, "threads left behind: " + threads0 + " -> " + threads + ": " + LeakCheck.threadNames());
        assertTrue(heap - heap0 < HEAP_TOLERANCE, "heap " + mb(heap0) + " -> " + mb(heap));
    }
}
