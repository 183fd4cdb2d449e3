package io.loopbridge.javafx;

import io.loopbridge.core.testkit.TestCores;
import io.loopbridge.core.EventLoop;
import io.loopbridge.core.LoopFuture;
import io.loopbridge.core.Task;
import io.loopbridge.core.TimerHandle;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static io.loopbridge.javafx.FxTesting.drainFx;
import static io.loopbridge.javafx.FxTesting.onFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What is special about hosting the loop on the JavaFX Application Thread. */
@Timeout(60)
class FxLoopTest {
    private FxLoop loop;

    @BeforeAll
    static void startToolkit() {
        FxTesting.startToolkit();
    }

    @AfterEach
    void closeLoop() {
        if (loop != null) loop.close();
    }

    @Test
    void createFromAnyThreadAttachesTheLoopToTheFxThread() throws Exception {
        loop = FxLoop.create();
        assertFalse(loop.inEventLoop());
        Object[] seen = onFx(() -> new Object[] {loop.inEventLoop(), EventLoop.current()});
        assertEquals(true, seen[0]);
        assertSame(loop, seen[1], "EventLoop.current() on the FX thread, outside any callback");
    }

    @Test
    void createOnTheFxThreadWorksAndTheNewestOpenLoopIsCurrent() throws Exception {
        loop = FxLoop.create();
        FxLoop second = onFx(FxLoop::create);
        try {
            assertSame(second, onFx(EventLoop::current));
        } finally {
            second.close();
        }
        assertSame(loop, onFx(EventLoop::current), "closing the newest loop hands current() back");
        loop.close();
        assertThrows(Exception.class, () -> onFx(EventLoop::current), "no loop is current once all are closed");
    }

    @Test
    void crossThreadSubmissionsAreCoalescedIntoOneRunLater() throws Exception {
        loop = FxLoop.create();
        drainFx();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocked = new CountDownLatch(1);
        Platform.runLater(() -> { // hold the FX thread so that no turn can run meanwhile
            blocked.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        blocked.await();
        long before = loop.turnsPosted();
        AtomicInteger ran = new AtomicInteger();
        for (int i = 0; i < 10_000; i++) loop.callSoon(ran::incrementAndGet);
        assertEquals(1, loop.turnsPosted() - before, "10,000 cross-thread callSoon while no turn ran");
        release.countDown();
        loop.runUntilComplete(loop.createTask(() -> CompletableFuture.completedFuture(null)));
        assertEquals(10_000, ran.get());
        // the woken turn and the turns it yielded to (a 2 ms budget: cold or loaded code runs 10,000
        // callbacks in several), the core's wake-ups ahead while more of a pass waited, the task's own
        // turns: a handful, never one per callback (an exact bound failed on a loaded machine)
        assertTrue(loop.turnsPosted() - before < 100, "turns posted: " + (loop.turnsPosted() - before));
    }

    @Test
    void runUntilCompleteOnTheFxThreadNestsAndTimersKeepRunningUntilTheStageIsDone() throws Exception {
        loop = FxLoop.create();
        Object[] r = onFx(() -> { // a plain FX event handler, not a loop callback
            LoopFuture<String> threeTicks = loop.createFuture();
            AtomicInteger ticks = new AtomicInteger();
            Runnable[] ticker = new Runnable[1];
            ticker[0] = () -> {
                if (ticks.incrementAndGet() == 3) threeTicks.complete("ticked");
                else loop.callLater(Duration.ofMillis(1), ticker[0]);
            };
            loop.callLater(Duration.ofMillis(1), ticker[0]);
            boolean runningBefore = loop.isRunning();
            String v = loop.runUntilComplete(threeTicks); // returns only if timers run while it nests
            return new Object[] {v, runningBefore, loop.isRunning()};
        });
        assertEquals("ticked", r[0]);
        assertEquals(false, r[1]);
        assertEquals(false, r[2], "no run left behind");
    }

    @Test
    void runUntilCompleteOnTheFxThreadThrowsTheStagesFailureLikeJoin() throws Exception {
        loop = FxLoop.create();
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        Throwable thrown = onFx(() -> {
            try {
                loop.runUntilComplete(loop.createTask(() -> {
                    throw boom;
                }));
                return null;
            } catch (CompletionException e) {
                return e.getCause();
            }
        });
        assertSame(boom, thrown);
    }

    @Test
    void runUntilCompleteInsideAnimationProcessingFailsWithAClearMessage() throws Exception {
        loop = FxLoop.create();
        CompletableFuture<Throwable> seen = new CompletableFuture<>();
        Platform.runLater(() -> new AnimationTimer() {
            @Override
            public void handle(long now) {
                stop();
                try {
                    loop.runUntilComplete(new CompletableFuture<>());
                    seen.complete(null);
                } catch (Throwable e) {
                    seen.complete(e);
                }
            }
        }.start());
        Throwable e = seen.get(10, TimeUnit.SECONDS);
        assertInstanceOf(IllegalStateException.class, e);
        assertTrue(e.getMessage().contains("animation or layout processing"), e.getMessage());
        assertFalse(loop.isRunning(), "a refused run leaves no run behind");
    }

    @Test
    void runForeverOnAnotherThreadWaitsUntilStop() throws Exception {
        loop = FxLoop.create();
        CompletableFuture<Void> returned = new CompletableFuture<>();
        Thread waiter = new Thread(() -> {
            loop.runForever();
            returned.complete(null);
        });
        waiter.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!loop.isRunning() && System.nanoTime() < deadline) Thread.sleep(1);
        assertTrue(loop.isRunning());
        assertFalse(returned.isDone());
        loop.callLater(Duration.ofMillis(5), loop::stop);
        returned.get(10, TimeUnit.SECONDS);
        assertFalse(loop.isRunning());
    }

    @Test
    void runForeverOnTheFxThreadNestsUntilStop() throws Exception {
        loop = FxLoop.create();
        AtomicInteger ran = new AtomicInteger();
        String v = onFx(() -> {
            loop.callLater(Duration.ofMillis(5), ran::incrementAndGet);
            loop.callLater(Duration.ofMillis(10), loop::stop);
            loop.runForever();
            return "returned";
        });
        assertEquals("returned", v);
        assertEquals(1, ran.get());
    }

    @Test
    void stopBeforeRunForeverMakesItReturnAfterOnePass() throws Exception {
        loop = FxLoop.create();
        loop.stop();
        assertEquals("returned", onFx(() -> {
            loop.runForever();
            return "returned";
        }));
    }

    @Test
    void runModalRunsTheBlockingCallOutsideAnyLoopCallbackAndCompletesWithItsResult() throws Exception {
        loop = FxLoop.create();
        String v = loop.runUntilComplete(loop.createTask(() -> loop.runModal(() -> {
            assertTrue(Platform.isFxApplicationThread());
            assertFalse(TestCores.of(loop).isRunning(), "the modal call ran inside runOnce");
            return "answer";
        })));
        assertEquals("answer", v);
    }

    @Test
    void closeFromAnotherThreadCancelsTasksStopsTheTimerThreadAndRejectsScheduling() throws Exception {
        loop = FxLoop.create(FxLoop.Timers.PRECISE);
        Task<Void> task = loop.createTask(() -> loop.sleep(Duration.ofHours(1)));
        TimerHandle timer = loop.callLater(Duration.ofHours(1), () -> { });
        drainFx();
        drainFx(); // the task has started and the host timer is armed
        Thread timerThread = FxTesting.thread(loop.timerThreadName());
        assertTrue(timerThread != null && timerThread.isDaemon(), "a daemon timer thread while a timer is pending");

        loop.close();

        assertTrue(task.isCancelled(), "task cancelled by close()");
        assertTrue(timer.isCancelled(), "timer cancelled by close()");
        timerThread.join(5_000);
        assertFalse(timerThread.isAlive(), "the timer thread ended");
        assertThrows(RejectedExecutionException.class, () -> loop.callSoon(() -> { }));
        assertThrows(RejectedExecutionException.class, () -> loop.callLater(Duration.ZERO, () -> { }));
        assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(new CompletableFuture<>()));
        assertFalse(onFx(loop::inEventLoop), "the FX thread is released");
    }

    @Test
    void closeInsideACallbackFinishesAfterTheCallback() throws Exception {
        loop = FxLoop.create();
        LoopFuture<Void> sleep = onFx(() -> loop.sleep(Duration.ofHours(1)));
        AtomicBoolean closedInside = new AtomicBoolean();
        loop.callSoon(() -> {
            loop.close();
            closedInside.set(loop.isClosed());
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!sleep.isDone() && System.nanoTime() < deadline) drainFx();
        assertTrue(closedInside.get());
        assertTrue(sleep.isCancelled());
        assertThrows(RejectedExecutionException.class, () -> loop.callSoon(() -> { }));
    }

    @Test
    void closeEndsARunInProgressOnTheFxThreadAndOnAnotherThread() throws Exception {
        loop = FxLoop.create();
        CompletableFuture<Throwable> fromFx = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                loop.runUntilComplete(new CompletableFuture<>()); // never completes
                fromFx.complete(null);
            } catch (Throwable e) {
                fromFx.complete(e);
            }
        });
        CompletableFuture<Throwable> fromOther = new CompletableFuture<>();
        new Thread(() -> {
            try {
                loop.runForever();
                fromOther.complete(null);
            } catch (Throwable e) {
                fromOther.complete(e);
            }
        }).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && loop.runsInProgress() < 2) Thread.sleep(1);

        loop.close();

        Throwable e = fromFx.get(10, TimeUnit.SECONDS);
        assertInstanceOf(IllegalStateException.class, e);
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertNull(fromOther.get(10, TimeUnit.SECONDS), "runForever returns when the loop closes");
    }

    @Test
    void cancellingATaskFromAnotherThreadIsDeliveredOnTheFxThread() throws Exception {
        loop = FxLoop.create();
        AtomicReference<Boolean> onFx = new AtomicReference<>();
        Task<Void> t = loop.createTask(() -> loop.sleep(Duration.ofHours(1)).whenComplete((v, e) -> onFx.set(Platform.isFxApplicationThread())));
        drainFx();
        t.cancel(true);
        assertThrows(CancellationException.class, () -> loop.runUntilComplete(t));
        drainFx();
        drainFx();
        assertEquals(true, onFx.get());
    }
}
