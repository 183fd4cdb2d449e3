package io.loopbridge.javafx;

import io.loopbridge.core.testkit.LeakCheck;
import org.junit.jupiter.api.BeforeAll;
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
 * {@link FxLoop}s created, used and closed by the ten thousand,
 * half with each timer strategy: every closed loop becomes unreachable (the FX thread's bindings, the
 * open-loop registry, the frame timer's pulse listener let go of it), the precise timers' threads end,
 * and the heap returns to its baseline. See {@link LeakCheck}.
 */
@Timeout(900)
class FxLeakTest {
    private static final long HEAP_TOLERANCE = 4L << 20;

    @BeforeAll
    static void startToolkit() {
        FxTesting.startToolkit();
    }

    private static void noop() {}

    private static WeakReference<FxLoop> useAndClose(int i) {
        FxLoop loop = FxLoop.create(i % 2 == 0 ? FxLoop.Timers.PRECISE : FxLoop.Timers.FRAME_ALIGNED);
        loop.callLater(Duration.ofHours(1), FxLeakTest::noop); // arms the host timer; close() cancels it
        int v = loop.runUntilComplete(loop.createTask(() -> loop.sleep(Duration.ZERO).thenCompose(x -> loop.runInExecutor(() -> 42))));
        assertEquals(42, v);
        loop.createTask(() -> loop.sleep(Duration.ofHours(1))); // left pending
        loop.close();
        return new WeakReference<>(loop);
    }

    @Test
    void fxLoopsCreatedUsedAndClosedLeaveNoThreadNoHeapAndBecomeUnreachable() throws Exception {
        int n = LeakCheck.count(LeakCheck.FULL_LOOPS);
        useAndClose(0);
        useAndClose(1); // warm-up: class loading, the exit watcher thread, JIT
        FxTesting.drainFx();
        long heap0 = LeakCheck.usedHeapAfterGc();
        int threads0 = LeakCheck.threadCount();
        List<WeakReference<FxLoop>> refs = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) refs.add(useAndClose(i));
        long millis = (System.nanoTime() - t0) / 1_000_000;
        FxTesting.drainFx();
        int notCleared = LeakCheck.awaitCleared(refs, 10_000);
        int threads = LeakCheck.awaitThreadCountAtMost(threads0, 10_000);
        long heap = LeakCheck.usedHeapAfterGc();
        System.out.printf("[leak] %,d FxLoops (both timer strategies) in %,d ms: %d still reachable, threads %d -> %d, heap %s -> %s%n",
                n, millis, notCleared, threads0, threads, mb(heap0), mb(heap));
        assertEquals(0, notCleared, "closed FxLoops still reachable");
        assertTrue(threads <= threads0, "threads left behind: " + threads0 + " -> " + threads + ": " + LeakCheck.threadNames());
        assertTrue(heap - heap0 < HEAP_TOLERANCE, "heap " + mb(heap0) + " -> " + mb(heap));
    }
}
