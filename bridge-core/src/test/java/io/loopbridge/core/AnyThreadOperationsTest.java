package io.loopbridge.core;

import io.loopbridge.core.testkit.RecordingHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operations that create a future ({@code createFuture}, {@code sleep}, {@code runInExecutor},
 * {@code wrapFuture}, {@code waitFor}, {@code gather}) are safe from any thread (issue 13, defect 12: they
 * used to be loop-thread-only, checked in debug mode only, and a future made elsewhere was not owned by
 * the loop, so close() left it pending forever). Called from another thread, in debug mode too, each
 * future is owned by the loop (close() cancels it), and its continuations run on the loop thread.
 */
@Timeout(30)
class AnyThreadOperationsTest extends ToolboxTestSupport {

    /**
     * Other threads schedule here while the loop runs: a wake-up whose flag one of them set just before a
     * pass may arrive after that pass woke the host itself, which the HostWaker contract allows.
     */
    @Override
    RecordingHost newHost() {
        return RecordingHost.create().toleratingLateWakeUps();
    }

    /** Each operation, made from a thread given the loop; each future would stay pending unless something ends it. */
    private static Map<String, Function<GuestLoop, LoopFuture<?>>> pendingOperations() {
        Map<String, Function<GuestLoop, LoopFuture<?>>> m = new LinkedHashMap<>();
        m.put("createFuture", GuestLoop::createFuture);
        m.put("sleep", l -> l.sleep(Duration.ofHours(1)));
        m.put("runInExecutor", l -> l.runInExecutor(r -> { }, () -> "never run")); // an executor that drops the work
        m.put("wrapFuture", l -> l.wrapFuture(new CompletableFuture<String>()));
        m.put("waitFor", l -> l.waitFor(new CompletableFuture<String>(), Duration.ofHours(1)));
        m.put("gather", l -> l.gather(List.of(new CompletableFuture<String>())));
        return m;
    }

    private static <T> T fromAnotherThread(java.util.function.Supplier<T> action) throws Exception {
        AtomicReference<T> out = new AtomicReference<>();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                out.set(action.get());
            } catch (Throwable e) {
                thrown.set(e);
            }
        }, "elsewhere");
        t.start();
        t.join();
        if (thrown.get() != null) throw new AssertionError("thrown on the other thread", thrown.get());
        return out.get();
    }

    @Test
    void futuresMadeOnAnotherThreadInDebugModeAreCancelledByClose() throws Exception {
        loop.setDebug(true);
        Map<String, LoopFuture<?>> made = new LinkedHashMap<>();
        for (Map.Entry<String, Function<GuestLoop, LoopFuture<?>>> op : pendingOperations().entrySet()) {
            made.put(op.getKey(), fromAnotherThread(() -> op.getValue().apply(loop)));
        }
        steps(2);
        for (Map.Entry<String, LoopFuture<?>> f : made.entrySet()) assertTrue(!f.getValue().isDone(), f.getKey() + " done early");
        loop.close();
        for (Map.Entry<String, LoopFuture<?>> f : made.entrySet()) {
            assertTrue(f.getValue().isCancelled(), f.getKey() + " was left pending by close()");
        }
    }

    @Test
    void futuresMadeOnALoopNoThreadIsAttachedToAreCancelledByClose() throws Exception {
        GuestLoop idle = new GuestLoop(() -> { });
        LoopFuture<?> a = fromAnotherThread(() -> idle.sleep(Duration.ofHours(1)));
        LoopFuture<?> b = fromAnotherThread(idle::createFuture);
        idle.close();
        assertTrue(a.isCancelled());
        assertTrue(b.isCancelled());
    }

    @Test
    void aFutureMadeElsewhereCompletesAndRunsItsContinuationsOnTheLoopThread() throws Exception {
        Thread loopThread = Thread.currentThread();
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        LoopFuture<Void> s = fromAnotherThread(() -> loop.sleep(Duration.ofMillis(5)));
        LoopFuture<Object> g = fromAnotherThread(() -> {
            LoopFuture<Object> w = loop.waitFor(loop.runInExecutor(() -> "worked"), Duration.ofSeconds(5));
            w.thenRun(() -> ranOn.set(Thread.currentThread()));
            return w;
        });
        // the executor's result arrives in real time: run the loop without moving its manual clock, so the
        // waitFor deadline cannot pass meanwhile
        long end = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (ranOn.get() == null && System.nanoTime() < end) {
            step();
            Thread.onSpinWait();
        }
        pump(); // the sleep: the manual clock jumps to it
        assertTrue(s.isDone() && !s.isCompletedExceptionally());
        assertEquals("worked", g.getNow(null));
        assertSame(loopThread, ranOn.get());
    }

    @Test
    void aFutureCompletedElsewhereLeavesTheOwnedListAtTheNextPass() throws Exception {
        LoopFuture<String> f = loop.createFuture();
        assertEquals(1, loop.pendingOwned());
        fromAnotherThread(() -> f.complete("done"));
        assertTrue(host.woken(), "an idle loop is woken to let go of it");
        step();
        assertEquals(0, loop.pendingOwned());
    }
}
