package io.loopbridge.core;

import io.loopbridge.core.testkit.LeakCheck;
import io.loopbridge.core.testkit.RecordingHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.ref.WeakReference;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import static io.loopbridge.core.testkit.LeakCheck.mb;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Leaks: loops created, used and closed by the thousand leave no thread and no heap behind and become
 * unreachable; a million timers (or sleeps) scheduled and cancelled, from the loop thread or from
 * others, give their memory back; a finished task keeps no reference to its body, its stage or what it
 * started, and the loop lets go of finished tasks. Weak references are the precise check; heap
 * ({@code MemoryMXBean} after {@code System.gc()}) and thread counts ({@code ThreadMXBean}) the coarse
 * one, with a tolerance. Counts: {@link LeakCheck#count}.
 */
@Timeout(600)
class LeakTest {
    /** Heap growth tolerated after everything was let go: JIT, class loading and JUnit allocate too. */
    private static final long HEAP_TOLERANCE = 4L << 20;
    /** Timers scheduled and cancelled in the memory tests. */
    private static final int MILLION = 1_000_000;
    /**
     * Sleeps cancelled: each holds CompletableFuture's CancellationException with its stack trace, so a
     * million take seconds; 200,000 by default, a million with {@code -Dloopbridge.long=true}.
     */
    private static final int SLEEPS = io.loopbridge.core.testkit.SubmissionStress.longMode() ? 1_000_000 : 200_000;

    private static void noop() {}

    // ---------------------------------------------------------------------------------------------
    // Many loops
    // ---------------------------------------------------------------------------------------------

    /** Uses a guest loop as an application would, leaves work pending, and closes it. */
    private static void useGuestLoop() {
        RecordingHost host = RecordingHost.create();
        GuestLoop loop = host.loop();
        host.runOnce();
        loop.callSoon(LeakTest::noop);
        loop.callLater(Duration.ofMillis(1), LeakTest::noop);
        Task<Integer> t = loop.createTask(() -> loop.sleep(Duration.ofMillis(1)).thenCompose(v -> loop.runInExecutor(() -> 42)));
        host.pumpUntil(t::isDone);
        assertEquals(42, t.join());
        loop.callLater(Duration.ofHours(1), LeakTest::noop); // left pending: close() cancels them
        loop.createTask(() -> loop.sleep(Duration.ofHours(1)));
        host.runOnce();
        loop.close();
        REFS.add(new WeakReference<>(loop));
    }

    private static void useStandaloneLoop() {
        try (StandaloneLoop loop = StandaloneLoop.create()) {
            loop.callLater(Duration.ofHours(1), LeakTest::noop); // left pending: close() cancels it
            int v = loop.runUntilComplete(loop.createTask(() -> loop.sleep(Duration.ZERO).thenCompose(x -> loop.runInExecutor(() -> 42))));
            assertEquals(42, v);
            loop.createTask(() -> loop.sleep(Duration.ofHours(1)));
            REFS.add(new WeakReference<>(loop));
        }
    }

    private static final List<WeakReference<EventLoop>> REFS = new ArrayList<>();

    private static void manyLoops(String kind, Runnable useOne) {
        int n = LeakCheck.count(LeakCheck.FULL_LOOPS);
        useOne.run(); // warm-up: class loading and JIT are part of the baseline
        REFS.clear();
        long heap0 = LeakCheck.usedHeapAfterGc();
        int threads0 = LeakCheck.threadCount();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) useOne.run();
        long millis = (System.nanoTime() - t0) / 1_000_000;
        int notCleared = LeakCheck.awaitCleared(REFS, 10_000);
        int threads = LeakCheck.awaitThreadCountAtMost(threads0, 10_000);
        long heap = LeakCheck.usedHeapAfterGc();
        System.out.printf("[leak] %,d %ss in %,d ms: %d still reachable, threads %d -> %d, heap %s -> %s%n",
                n, kind, millis, notCleared, threads0, threads, mb(heap0), mb(heap));
        assertEquals(0, notCleared, "closed " + kind + "s still reachable");
        assertTrue(threads <= threads0, "threads left behind: " + threads0 + " -> " + threads + ": " + LeakCheck.threadNames());
        assertTrue(heap - heap0 < HEAP_TOLERANCE, "heap " + mb(heap0) + " -> " + mb(heap));
        REFS.clear();
    }

    @Test
    void guestLoopsCreatedUsedAndClosedLeaveNoThreadNoHeapAndBecomeUnreachable() {
        manyLoops("GuestLoop", LeakTest::useGuestLoop);
    }

    @Test
    void standaloneLoopsCreatedUsedAndClosedLeaveNoThreadNoHeapAndBecomeUnreachable() {
        manyLoops("StandaloneLoop", LeakTest::useStandaloneLoop);
    }

    // ---------------------------------------------------------------------------------------------
    // A million timers
    // ---------------------------------------------------------------------------------------------

    /** The timer heap's array length (white box: what the cancelled timers leave allocated). */
    private static int timerCapacity(GuestLoop loop) {
        return loop.timers().heapCapacity();
    }

    private static void onOtherThread(Runnable r) throws InterruptedException {
        Thread t = new Thread(r, "other");
        t.start();
        t.join();
    }

    private void aMillionTimers(boolean scheduleElsewhere, boolean cancelElsewhere) throws Exception {
        RecordingHost host = RecordingHost.create();
        GuestLoop loop = host.loop();
        host.runOnce();
        TimerHandle[] timers = new TimerHandle[MILLION]; // (the test's own 4 MB: part of the baseline)
        long heap0 = LeakCheck.usedHeapAfterGc();
        Runnable schedule = () -> {
            for (int i = 0; i < MILLION; i++) timers[i] = loop.callLater(Duration.ofMinutes(1 + i % 97), LeakTest::noop);
        };
        if (scheduleElsewhere) onOtherThread(schedule);
        else schedule.run();
        host.runOnce(); // takes cross-thread ones in
        long heapFull = LeakCheck.usedHeapAfterGc();
        assertEquals(MILLION, loop.stats().pendingTimers());
        Runnable cancel = () -> {
            for (TimerHandle t : timers) t.cancel();
        };
        if (cancelElsewhere) onOtherThread(cancel);
        else cancel.run();
        java.util.Arrays.fill(timers, null);
        host.runOnce(); // purges what was cancelled from other threads
        long heap = LeakCheck.usedHeapAfterGc();
        int capacity = timerCapacity(loop);
        System.out.printf("[leak] 1,000,000 timers scheduled %s, cancelled %s: heap %s -> %s -> %s, timer array %d slots%n",
                scheduleElsewhere ? "elsewhere" : "on the loop thread", cancelElsewhere ? "elsewhere" : "on the loop thread",
                mb(heap0), mb(heapFull), mb(heap), capacity);
        assertEquals(0, loop.stats().pendingTimers());
        assertTrue(capacity <= 64, "the timer heap kept " + capacity + " slots for no timer");
        assertTrue(heap - heap0 < HEAP_TOLERANCE, "heap " + mb(heap0) + " -> " + mb(heap));
        loop.close();
    }

    @Test
    void aMillionTimersScheduledAndCancelledOnTheLoopThreadGiveTheirMemoryBack() throws Exception {
        aMillionTimers(false, false);
    }

    @Test
    void aMillionTimersScheduledAndCancelledFromOtherThreadsGiveTheirMemoryBack() throws Exception {
        aMillionTimers(true, true);
    }

    @Test
    void aMillionTimersScheduledOnTheLoopThreadAndCancelledElsewhereGiveTheirMemoryBack() throws Exception {
        aMillionTimers(false, true);
    }

    @Test
    void manySleepsCancelledGiveTheirMemoryBack() throws Exception {
        RecordingHost host = RecordingHost.create();
        GuestLoop loop = host.loop();
        host.runOnce();
        long heap0 = LeakCheck.usedHeapAfterGc();
        long heapFull = scheduleAndCancelSleeps(loop);
        host.pump();
        loop.sleep(Duration.ZERO); // the loop's bookkeeping prunes as it goes: one more owned future
        host.pump();
        long heap = LeakCheck.usedHeapAfterGc();
        System.out.printf("[leak] %,d sleeps cancelled: heap %s -> %s -> %s%n", SLEEPS, mb(heap0), mb(heapFull), mb(heap));
        assertTrue(heap - heap0 < HEAP_TOLERANCE, "heap " + mb(heap0) + " -> " + mb(heap) + " after the sleeps were cancelled");
        loop.close();
    }

    /** In a frame of its own: an interpreted frame's dead locals (the list, its iterator) can stay GC roots. */
    private static long scheduleAndCancelSleeps(GuestLoop loop) {
        List<LoopFuture<Void>> sleeps = new ArrayList<>(SLEEPS);
        for (int i = 0; i < SLEEPS; i++) sleeps.add(loop.sleep(Duration.ofMinutes(1 + i % 97)));
        long heapFull = LeakCheck.usedHeapAfterGc();
        for (LoopFuture<Void> s : sleeps) s.cancel(false);
        return heapFull;
    }

    // ---------------------------------------------------------------------------------------------
    // Tasks
    // ---------------------------------------------------------------------------------------------

    @Test
    void finishedTaskKeepsNoReferenceToItsBodyItsStageOrWhatItStarted() {
        RecordingHost host = RecordingHost.create();
        GuestLoop loop = host.loop();
        List<WeakReference<Object>> refs = new ArrayList<>();
        Task<String> task = loop.createTask(new Supplier<CompletableFuture<String>>() { // the body, a distinct object
            @Override
            public CompletableFuture<String> get() {
                LoopFuture<Void> sleep = loop.sleep(Duration.ofMillis(1));
                Task<String> child = loop.createTask(() -> loop.sleep(Duration.ofMillis(2)).thenApply(v -> "child"));
                LoopFuture<String> created = loop.createFuture();
                loop.callLater(Duration.ofMillis(3), () -> created.complete("created"));
                CompletableFuture<String> stage = sleep.thenCompose(v -> child).thenCombine(created, (a, b) -> a + b);
                refs.add(new WeakReference<>(sleep));
                refs.add(new WeakReference<>(child));
                refs.add(new WeakReference<>(created));
                refs.add(new WeakReference<>(stage));
                refs.add(new WeakReference<>(this));
                return stage;
            }
        });
        host.pump();
        assertEquals("childcreated", task.join());
        // the loop's own list of what it owns drops finished entries lazily, when it has doubled: make it
        for (int i = 0; i < 64; i++) loop.sleep(Duration.ZERO);
        host.pump();
        assertEquals(0, LeakCheck.awaitCleared(refs, 10_000), "a finished task (held) keeps its body, stage or children reachable");
        assertEquals("childcreated", task.join());
        loop.close();
    }

    @Test
    void taskCancelledBeforeItStartedOrByCloseKeepsNoReferenceToItsBody() {
        RecordingHost host = RecordingHost.create();
        GuestLoop loop = host.loop();
        List<WeakReference<Object>> refs = new ArrayList<>();
        // (capturing lambdas: a non-capturing one is a JVM-wide singleton, reachable forever)
        Supplier<CompletableFuture<String>> neverStarted = () -> loop.createFuture();
        Supplier<CompletableFuture<Void>> stubborn = () -> loop.sleep(Duration.ofHours(1)).handle((v, e) -> v)
                .thenCompose(v -> new CompletableFuture<Void>());
        refs.add(new WeakReference<>(neverStarted));
        refs.add(new WeakReference<>(stubborn));
        Task<String> cancelled = loop.createTask(neverStarted);
        Task<Void> closed = loop.createTask(stubborn);
        neverStarted = null;
        stubborn = null;
        cancelled.cancel(true);
        host.runOnce();
        loop.close();
        assertTrue(cancelled.isCancelled() && closed.isCancelled());
        assertEquals(0, LeakCheck.awaitCleared(refs, 10_000), "a cancelled task (held) keeps its body reachable");
    }

    @Test
    void theLoopLetsGoOfFinishedTasksAndClosingItLetsGoOfPendingFutures() {
        RecordingHost host = RecordingHost.create();
        GuestLoop loop = host.loop();
        host.runOnce();
        List<WeakReference<Object>> finished = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            finished.add(new WeakReference<>(loop.createTask(() -> loop.sleep(Duration.ZERO))));
            if (i % 100 == 0) host.pump();
        }
        host.pump();
        int reachable = LeakCheck.awaitCleared(finished, 2_000);
        System.out.printf("[leak] 10,000 finished tasks: %d still reachable through the loop%n", reachable);
        // let go of at the end of the pass in which they finished, once at least 64 did (and half of the list)
        assertTrue(reachable < 64, reachable + " finished tasks still reachable");
        List<WeakReference<Object>> pending = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) pending.add(new WeakReference<>(loop.createFuture()));
        loop.close();
        assertEquals(0, LeakCheck.awaitCleared(pending, 10_000), "a closed loop keeps the futures it cancelled reachable");
    }

    @Test
    // issue 13 defect 8: kept until ~64 more completions; a cross-thread start node kept its task
    void aFinishedTaskAndItsResultAreCollectableFromAnIdleLoopAtOnce() throws Exception {
        RecordingHost h = RecordingHost.create();
        GuestLoop l = h.loop();
        h.runOnce();
        List<WeakReference<Object>> refs = new ArrayList<>();
        Task<byte[]> here = l.createTask(() -> CompletableFuture.completedFuture(new byte[32 << 20]));
        h.pump();
        refs.add(new WeakReference<>(here));
        refs.add(new WeakReference<>(here.join()));
        here = null;
        Task<?>[] there = new Task<?>[1];
        Thread other = new Thread(() -> there[0] = l.createTask(() -> CompletableFuture.completedFuture(new byte[32 << 20])));
        other.start();
        other.join();
        h.pump();
        refs.add(new WeakReference<>(there[0]));
        refs.add(new WeakReference<>(there[0].join()));
        there[0] = null;
        assertEquals(0, LeakCheck.awaitCleared(refs, 5_000), "finished tasks or their results are still reachable from the idle loop");
        l.close();
    }
}
