package io.loopbridge.swing;

import io.loopbridge.core.testkit.TestCores;
import io.loopbridge.core.EventLoop;
import io.loopbridge.core.LoopFuture;
import io.loopbridge.core.Task;
import io.loopbridge.core.TimerHandle;
import io.loopbridge.core.testkit.OrderedExecution;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.awt.EventQueue;
import java.awt.SecondaryLoop;
import java.awt.Toolkit;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Nested event loops on the EDT: {@code runUntilComplete}/{@code runForever} there, and "modal dialogs"
 * opened from inside loop callbacks. Headless, a modal dialog cannot be shown; what makes one modal for
 * the loop is that it pumps the EDT from inside the callback that opened it, which a
 * {@link SecondaryLoop} does exactly as {@code Dialog.show()} does.
 */
@Timeout(60)
class NestedLoopTest {
    private SwingLoop loop;

    @BeforeEach
    void createLoop() {
        loop = SwingLoop.create();
    }

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    private static SecondaryLoop secondaryLoop() {
        return Toolkit.getDefaultToolkit().getSystemEventQueue().createSecondaryLoop();
    }

    @Test
    void runUntilCompleteOnTheEdtPumpsOtherEventsAndReturnsTheValue() {
        AtomicBoolean otherEventRan = new AtomicBoolean();
        String[] out = Edt.call(() -> {
            EventQueue.invokeLater(() -> otherEventRan.set(true)); // dispatched only if the EDT is pumped
            String v = loop.runUntilComplete(loop.sleep(Duration.ofMillis(20)).thenApply(x -> "slept"));
            return new String[] {v, String.valueOf(otherEventRan.get()), String.valueOf(loop.isRunning())};
        });
        assertEquals("slept", out[0]);
        assertEquals("true", out[1], "the nested loop did not dispatch other events");
        assertEquals("false", out[2], "isRunning after the run returned");
    }

    @Test
    void runUntilCompleteOnTheEdtThrowsLikeJoin() {
        IllegalStateException boom = new IllegalStateException("boom");
        Throwable e = Edt.call(() -> {
            try {
                loop.runUntilComplete(loop.sleep(Duration.ofMillis(1)).thenApply(x -> {
                    throw boom;
                }));
                return null;
            } catch (RuntimeException thrown) {
                return thrown;
            }
        });
        assertSame(boom, e.getCause());
    }

    @Test
    void runForeverOnTheEdtReturnsAfterStopFromACallback() {
        OrderedExecution order = new OrderedExecution();
        Edt.run(() -> {
            order.expect(1);
            loop.callLater(Duration.ofMillis(5), () -> {
                order.expect(2);
                loop.stop();
            });
            loop.runForever();
            order.expect(3);
        });
        order.finish(4);
    }

    @Test
    void runForeverOnAnotherThreadBlocksUntilStop() throws Exception {
        CompletableFuture<Void> returned = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            loop.runForever();
            returned.complete(null);
        });
        t.start();
        Thread.sleep(20);
        assertFalse(returned.isDone(), "runForever returned before stop()");
        loop.callLater(Duration.ofMillis(5), loop::stop);
        t.join(10_000);
        assertTrue(returned.isDone());
    }

    @Test
    void stopBeforeRunForeverMakesItReturnAfterOneTurn() {
        loop.stop();
        loop.runForever(); // would block forever otherwise
        assertFalse(loop.isRunning());
    }

    @Test
    void closeEndsARunOnAnotherThreadWithIllegalStateException() throws Exception {
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                loop.runUntilComplete(new CompletableFuture<>()); // never completes by itself
                thrown.complete(null);
            } catch (Throwable e) {
                thrown.complete(e);
            }
        });
        t.start();
        while (!loop.isRunning()) Thread.sleep(1);
        loop.close();
        t.join(10_000);
        assertTrue(thrown.get() instanceof IllegalStateException, String.valueOf(thrown.get()));
        assertTrue(thrown.get().getMessage().contains("closed"), thrown.get().getMessage());
    }

    @Test
    void modalLoopOpenedInsideATaskKeepsTimersTicking() {
        AtomicInteger ticks = new AtomicInteger();
        int seen = loop.runUntilComplete(loop.createTask(() -> {
            // inside a task body: a loop callback on the EDT. Open a "modal dialog" here.
            SecondaryLoop modal = secondaryLoop();
            TimerHandle[] tick = new TimerHandle[1];
            Runnable[] ticker = new Runnable[1];
            ticker[0] = () -> {
                if (ticks.incrementAndGet() == 5) modal.exit(); // "the user closes the dialog"
                else tick[0] = loop.callLater(Duration.ofMillis(2), ticker[0]);
            };
            tick[0] = loop.callLater(Duration.ofMillis(2), ticker[0]);
            modal.enter(); // returns when the dialog closes
            return CompletableFuture.completedFuture(ticks.get());
        }));
        assertEquals(5, seen);
    }

    @Test
    void workScheduledByAnEventHandlerInsideAModalLoopRuns() {
        // The dialog's own event handlers run on the EDT inside the callback that opened the dialog,
        // but outside any loop callback: what they schedule must wake the loop.
        String v = loop.runUntilComplete(loop.createTask(() -> {
            SecondaryLoop modal = secondaryLoop();
            String[] result = new String[1];
            EventQueue.invokeLater(() -> // "a button in the dialog", clicked
                    loop.sleep(Duration.ofMillis(5)).thenRun(() -> {
                        result[0] = "ran under the dialog";
                        modal.exit();
                    }));
            modal.enter();
            return CompletableFuture.completedFuture(result[0]);
        }));
        assertEquals("ran under the dialog", v);
    }

    @Test
    void callSoonFromAnEventHandlerInsideAModalLoopRuns() {
        String v = loop.runUntilComplete(loop.createTask(() -> {
            SecondaryLoop modal = secondaryLoop();
            String[] result = new String[1];
            EventQueue.invokeLater(() -> loop.callSoon(() -> {
                result[0] = "ran";
                modal.exit();
            }));
            modal.enter();
            return CompletableFuture.completedFuture(result[0]);
        }));
        assertEquals("ran", v);
    }

    @Test
    void runModalRunsTheCallOutsideAnyLoopCallbackAndCompletesWithItsResult() {
        Object[] out = loop.runUntilComplete(loop.createTask(() -> {
            AtomicInteger ticksWhileOpen = new AtomicInteger();
            TimerHandle[] tick = new TimerHandle[1];
            Runnable[] ticker = new Runnable[1];
            ticker[0] = () -> {
                ticksWhileOpen.incrementAndGet();
                tick[0] = loop.callLater(Duration.ofMillis(2), ticker[0]);
            };
            tick[0] = loop.callLater(Duration.ofMillis(2), ticker[0]);
            LoopFuture<Object[]> answer = loop.runModal(() -> {
                boolean insideCallback = TestCores.of(loop).isRunning();
                SecondaryLoop dialog = secondaryLoop(); // stands in for JOptionPane.showConfirmDialog
                loop.callLater(Duration.ofMillis(30), dialog::exit);
                dialog.enter();
                return new Object[] {42, insideCallback, ticksWhileOpen.get()};
            });
            return answer.whenComplete((v, e) -> tick[0].cancel());
        }));
        assertEquals(42, out[0]);
        assertEquals(false, out[1], "the modal call ran inside a loop callback");
        assertTrue((Integer) out[2] >= 3, "timers stopped while the modal call was open: " + out[2]);
    }

    @Test
    void runModalIsSkippedWhenCancelledBeforeItRuns() {
        AtomicBoolean called = new AtomicBoolean();
        boolean cancelled = Edt.call(() -> {
            LoopFuture<String> f = loop.runModal(() -> {
                called.set(true);
                return "x";
            });
            return f.cancel(false);
        });
        Edt.run(() -> { }); // the modal event ran by now
        assertTrue(cancelled);
        assertFalse(called.get());
    }

    @Test
    void currentIsTheLoopOnTheEdtOutsideCallbacks() {
        assertSame(loop, Edt.call(EventLoop::current));
        assertTrue(Edt.call(loop::inEventLoop));
        assertFalse(loop.inEventLoop());
    }

    @Test
    void runningAClosedLoopThrows() {
        loop.close();
        assertThrows(IllegalStateException.class, () -> Edt.call(() -> loop.runUntilComplete(new CompletableFuture<>())));
        assertThrows(IllegalStateException.class, loop::runForever);
    }

    @Test
    void taskStaysCurrentInItsContinuationsInsideANestedRun() {
        Task<?>[] seen = new Task<?>[2];
        Task<String> t = loop.createTask(() -> {
            seen[0] = Task.current();
            return loop.sleep(Duration.ofMillis(2)).thenApply(v -> {
                seen[1] = Task.current();
                return "ok";
            });
        });
        assertEquals("ok", Edt.call(() -> loop.runUntilComplete(t)));
        assertSame(t, seen[0]);
        assertSame(t, seen[1]);
    }
}
