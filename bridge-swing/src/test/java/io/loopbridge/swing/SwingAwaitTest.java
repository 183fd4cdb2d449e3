package io.loopbridge.swing;

import io.loopbridge.core.LoopFuture;
import io.loopbridge.core.Task;
import io.loopbridge.core.testkit.CoroutineJdk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.awt.EventQueue;
import java.awt.event.ActionEvent;
import java.beans.PropertyChangeEvent;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.swing.JButton;
import javax.swing.JProgressBar;

import static io.loopbridge.core.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link SwingAwait} headless: a component's next property change, a condition re-checked at each, a
 * button's next action; each removes its listener when done or cancelled. The dialogs need a display:
 * {@link SwingAwaitWindowTest}. Chain style on every JDK, await style on JDK 21+.
 */
@Timeout(30)
class SwingAwaitTest {
    private SwingLoop loop;

    @BeforeEach
    void createLoop() {
        loop = SwingLoop.create();
    }

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    private static int listeners(JButton b, String property) {
        return Edt.call(() -> b.getPropertyChangeListeners(property).length);
    }

    @Test
    void nextChangeGivesTheEventThatFiredAndRemovesItsListener() throws Exception {
        JButton b = Edt.call(() -> new JButton("a"));
        LoopFuture<PropertyChangeEvent> f = Edt.call(() -> SwingAwait.nextChange(loop, b, "text"));
        assertEquals(1, listeners(b, "text"));
        Edt.run(() -> {
            b.setText("b");
            b.setText("c");
        });
        PropertyChangeEvent e = f.get(10, TimeUnit.SECONDS);
        assertEquals(java.util.List.of("a", "b"), java.util.List.of(e.getOldValue(), e.getNewValue()));
        Edt.run(() -> { });
        assertEquals(0, listeners(b, "text"));
    }

    @Test
    void cancellingNextChangeFromAnotherThreadRemovesItsListenerOnTheEdt() throws Exception {
        JButton b = Edt.call(() -> new JButton("a"));
        LoopFuture<PropertyChangeEvent> f = Edt.call(() -> SwingAwait.nextChange(loop, b, "text"));
        assertTrue(f.cancel(true));
        Edt.run(() -> { });
        assertEquals(0, listeners(b, "text"));
    }

    @Test
    void whenIsDoneAtOnceIfTheConditionHoldsAndOtherwiseAtTheFirstChangeAfterWhichItHolds() throws Exception {
        JProgressBar bar = Edt.call(() -> new JProgressBar(0, 10));
        LoopFuture<Void> now = Edt.call(() -> SwingAwait.when(loop, bar, "enabled", bar::isEnabled));
        assertTrue(now.isDone());
        JButton b = Edt.call(() -> new JButton("a"));
        AtomicInteger checks = new AtomicInteger();
        LoopFuture<Void> later = Edt.call(() -> SwingAwait.when(loop, b, "text", () -> {
            checks.incrementAndGet();
            return b.getText().length() >= 3;
        }));
        Edt.run(() -> {
            b.setText("ab");
            assertFalse(later.isDone());
            b.setText("abc");
            assertTrue(later.isDone(), "completed inside the change that made it hold");
        });
        later.get(10, TimeUnit.SECONDS);
        assertEquals(3, checks.get(), "now, then at each change");
        Edt.run(() -> { });
        assertEquals(0, listeners(b, "text"));
    }

    @Test
    void aConditionThatThrowsFailsTheFutureAndRemovesTheListener() throws Exception {
        JButton b = Edt.call(() -> new JButton("a"));
        IllegalStateException boom = new IllegalStateException("boom");
        LoopFuture<Void> f = Edt.call(() -> SwingAwait.when(loop, b, "text", () -> {
            if (b.getText().equals("bad")) throw boom;
            return false;
        }));
        Edt.run(() -> b.setText("bad"));
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
        assertSame(boom, e.getCause());
        Edt.run(() -> { });
        assertEquals(0, listeners(b, "text"));
    }

    @Test
    void nextActionGivesTheFirstActionAndRemovesItsListener() throws Exception {
        JButton b = Edt.call(() -> new JButton("go"));
        LoopFuture<ActionEvent> f = Edt.call(() -> SwingAwait.nextAction(loop, b));
        AtomicInteger others = new AtomicInteger();
        Edt.run(() -> {
            b.addActionListener(e -> others.incrementAndGet());
            b.doClick(0);
            b.doClick(0);
        });
        assertSame(b, f.get(10, TimeUnit.SECONDS).getSource());
        assertEquals(2, others.get());
        Edt.run(() -> { });
        assertEquals(1, Edt.call(() -> b.getActionListeners().length), "only the test's own listener is left");
    }

    @Test
    void aCoroutineWaitsForAClickThenAChangeOnTheEdtAndCancellingItRemovesTheListener() throws Exception {
        CoroutineJdk.requireCoroutines();
        JButton b = Edt.call(() -> new JButton("go"));
        Task<String> t = Edt.call(() -> loop.launchEager(() -> {
            ActionEvent click = await(SwingAwait.nextAction(loop, b));
            boolean edt = EventQueue.isDispatchThread();
            PropertyChangeEvent e = await(SwingAwait.nextChange(loop, b, "text"));
            return click.getActionCommand() + " " + e.getNewValue() + " on the EDT: " + (edt && EventQueue.isDispatchThread());
        }));
        Edt.run(() -> b.doClick(0));
        Edt.run(() -> { });
        Edt.run(() -> b.setText("done"));
        assertEquals("go done on the EDT: true", t.get(10, TimeUnit.SECONDS));

        Task<ActionEvent> waiting = Edt.call(() -> loop.launchEager(() -> await(SwingAwait.nextAction(loop, b))));
        assertEquals(1, Edt.call(() -> b.getActionListeners().length));
        waiting.cancel(true); // the future belongs to the task: cancelled with it, its listener removed
        assertThrows(CancellationException.class, () -> waiting.get(10, TimeUnit.SECONDS));
        Edt.run(() -> { });
        assertEquals(0, Edt.call(() -> b.getActionListeners().length));
    }

    @Test
    void everyMethodIsForTheEdt() {
        JButton b = new JButton("off the EDT");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> SwingAwait.nextAction(loop, b));
        assertTrue(e.getMessage().contains("SwingAwait.nextAction() is for the event dispatch thread"), e.getMessage());
    }
}
