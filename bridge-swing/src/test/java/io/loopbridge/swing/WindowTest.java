package io.loopbridge.swing;

import io.loopbridge.core.LoopFuture;
import io.loopbridge.core.Task;
import io.loopbridge.core.TimerHandle;
import io.loopbridge.core.host.ActionState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.awt.Component;
import java.awt.Container;
import java.awt.GraphicsEnvironment;
import java.awt.Window;
import java.awt.event.WindowEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.swing.JDialog;
import javax.swing.JFrame;
import javax.swing.JOptionPane;
import javax.swing.WindowConstants;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Real windows and real modal dialogs. They need a display, so they are skipped headless (the default
 * build); run them under Xvfb with
 * {@code xvfb-run -a mvn -pl bridge-swing -am verify -Dsurefire.argLine=-Djava.awt.headless=false}.
 * {@link NestedLoopTest} covers the same modal behaviour headless, with a {@code SecondaryLoop}.
 */
@Timeout(60)
class WindowTest {
    private SwingLoop loop;

    @BeforeAll
    static void needsADisplay() {
        assumeFalse(GraphicsEnvironment.isHeadless(), "needs a display (run under xvfb-run with java.awt.headless=false)");
    }

    @BeforeEach
    void createLoop() {
        loop = SwingLoop.create();
    }

    @AfterEach
    void closeLoop() {
        loop.close();
        Edt.run(() -> {
            for (Window w : Window.getWindows()) w.dispose();
        });
    }

    /** The option pane of the showing modal dialog, or null. EDT. */
    private static JOptionPane showingOptionPane() {
        for (Window w : Window.getWindows()) {
            if (w instanceof JDialog && w.isShowing()) {
                JOptionPane p = find(((JDialog) w).getContentPane());
                if (p != null) return p;
            }
        }
        return null;
    }

    private static JOptionPane find(Container c) {
        for (Component child : c.getComponents()) {
            if (child instanceof JOptionPane) return (JOptionPane) child;
            if (child instanceof Container) {
                JOptionPane p = find((Container) child);
                if (p != null) return p;
            }
        }
        return null;
    }

    /** Answers the dialog with {@code value} once it shows; a loop timer polls for it. */
    private void answerWhenShown(Object value, AtomicInteger ticks) {
        loop.callLater(Duration.ofMillis(5), new Runnable() {
            @Override
            public void run() {
                ticks.incrementAndGet();
                JOptionPane pane = showingOptionPane();
                if (pane != null && ticks.get() >= 5) pane.setValue(value); // closes the dialog
                else loop.callLater(Duration.ofMillis(5), this);
            }
        });
    }

    @Test
    void modalOptionPaneOpenedInsideATaskKeepsTimersRunning() {
        AtomicInteger ticks = new AtomicInteger();
        Integer answer = loop.runUntilComplete(loop.createTask(() -> {
            answerWhenShown(JOptionPane.NO_OPTION, ticks);
            // blocking modal call inside a loop callback: the dialog pumps the EDT, the loop goes on
            int a = JOptionPane.showConfirmDialog(null, "Proceed?", "Test", JOptionPane.YES_NO_OPTION);
            return CompletableFuture.completedFuture(a);
        }));
        assertEquals(JOptionPane.NO_OPTION, answer);
        assertTrue(ticks.get() >= 5, "timers stopped under the dialog: " + ticks.get());
    }

    @Test
    void runModalGivesTheDialogsAnswerAsAFuture() {
        AtomicInteger ticks = new AtomicInteger();
        Integer answer = loop.runUntilComplete(loop.createTask(() -> {
            answerWhenShown(JOptionPane.YES_OPTION, ticks);
            LoopFuture<Integer> f = loop.runModal(() ->
                    JOptionPane.showConfirmDialog(null, "Proceed?", "Test", JOptionPane.YES_NO_OPTION));
            return f;
        }));
        assertEquals(JOptionPane.YES_OPTION, answer);
    }

    @Test
    void actionTasksAreCancelledWhenTheirFrameIsClosed() {
        JFrame frame = Edt.call(() -> {
            JFrame f = new JFrame("test");
            f.setDefaultCloseOperation(WindowConstants.DISPOSE_ON_CLOSE);
            f.setSize(200, 100);
            f.setVisible(true);
            return f;
        });
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        AtomicInteger cancelled = new AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
        Edt.run(() -> frame.addWindowListener(new java.awt.event.WindowAdapter() {
            @Override
            public void windowClosed(WindowEvent e) {
                closed.set(true);
            }
        }));
        SwingActions action = Edt.call(() -> SwingActions.of(loop).cancelOnClose(frame).onFailure(failures::add)
                .onCancelled(cancelled::incrementAndGet));
        LoopFuture<String> reply = Edt.call(loop::createFuture);
        Task<?> t = Edt.call(() -> action.start(() -> reply));
        Edt.run(() -> {
            reply.completeExceptionally(new IllegalStateException("failed just before the close"));
            frame.dispatchEvent(new WindowEvent(frame, WindowEvent.WINDOW_CLOSING)); // the user clicks X: closing, then closed
        });
        Edt.await(Duration.ofSeconds(10), "the run's report and windowClosed", () -> cancelled.get() == 1 && closed.get());
        Edt.run(() -> { });
        assertTrue(t.isDone());
        assertEquals(ActionState.CANCELLED, Edt.call(action::getState));
        assertEquals(1, cancelled.get(), "a close cancels a run once and it reports once");
        assertTrue(failures.isEmpty(), "onFailure fired for a run its window's close cancelled: " + failures);
    }

    @Test
    void closingAWindowThatDoesNothingOnCloseCancelsOnlyWhenItIsDisposed() {
        JFrame frame = Edt.call(() -> {
            JFrame f = new JFrame("test");
            f.setDefaultCloseOperation(WindowConstants.DO_NOTHING_ON_CLOSE); // e.g. it asks "save changes?"
            f.setSize(200, 100);
            f.setVisible(true);
            return f;
        });
        Task<Void> t = Edt.call(() -> SwingActions.cancelOnClose(frame, loop.createTask(() -> loop.sleep(Duration.ofHours(1)))));
        Edt.run(() -> frame.dispatchEvent(new WindowEvent(frame, WindowEvent.WINDOW_CLOSING)));
        Edt.run(() -> { });
        assertFalse(t.isDone(), "cancelled although the window stayed open");
        Edt.run(frame::dispose);
        assertThrows(CancellationException.class, () -> loop.runUntilComplete(t));
    }

    @Test
    void timersKeepTickingWhileAModalDialogOpenedFromAButtonIsShown() {
        AtomicInteger ticks = new AtomicInteger();
        TimerHandle[] tick = new TimerHandle[1];
        Runnable[] ticker = new Runnable[1];
        ticker[0] = () -> {
            ticks.incrementAndGet();
            tick[0] = loop.callLater(Duration.ofMillis(2), ticker[0]);
        };
        loop.callSoon(ticker[0]);
        int before = Edt.call(() -> {
            int b = ticks.get();
            JDialog d = new JDialog((JFrame) null, "modal", true);
            loop.callLater(Duration.ofMillis(100), d::dispose);
            d.setVisible(true); // a plain event handler opening a modal dialog: blocks until disposed
            return ticks.get() - b;
        });
        loop.callSoon(() -> tick[0].cancel());
        assertTrue(before >= 5, "timers stopped under the dialog: " + before);
    }
}
