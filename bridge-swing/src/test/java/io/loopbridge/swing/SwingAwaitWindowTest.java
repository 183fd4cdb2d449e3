package io.loopbridge.swing;

import io.loopbridge.core.LoopFuture;
import io.loopbridge.core.Task;
import io.loopbridge.core.testkit.CoroutineJdk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.awt.EventQueue;
import java.awt.Frame;
import java.awt.GraphicsEnvironment;
import java.awt.Window;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import javax.swing.JDialog;
import javax.swing.JOptionPane;

import static io.loopbridge.core.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * {@link SwingAwait}'s dialogs with real windows (needs a display: {@code xvfb-run}, as {@code .ci/run}
 * does; skipped headless): a modeless dialog and a {@link JOptionPane} answer without a nested loop (the
 * EDT keeps dispatching, no {@code SecondaryLoop}), and cancelling the future disposes the dialog.
 */
@Timeout(30)
class SwingAwaitWindowTest {
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

    @Test
    void anOptionPanesAnswerArrivesWhileTheEdtRunsOnAndTheDialogGoesAway() throws Exception {
        JOptionPane pane = Edt.call(() -> new JOptionPane("Delete?", JOptionPane.QUESTION_MESSAGE, JOptionPane.YES_NO_OPTION));
        LoopFuture<Object> answer = Edt.call(() -> SwingAwait.optionPane(loop, pane, null, "Confirm"));
        JDialog dialog = Edt.call(() -> (JDialog) javax.swing.SwingUtilities.getWindowAncestor(pane));
        assertTrue(Edt.call(dialog::isShowing));
        assertFalse(Edt.call(dialog::isModal), "modeless: no nested loop");
        assertFalse(answer.isDone());
        Edt.run(() -> pane.setValue(JOptionPane.YES_OPTION)); // what the Yes button does
        assertEquals(JOptionPane.YES_OPTION, answer.get(10, TimeUnit.SECONDS));
        Edt.run(() -> { });
        assertFalse(Edt.call(dialog::isDisplayable), "disposed");
    }

    @Test
    void anOptionPaneClosedWithoutAnAnswerGivesNull() throws Exception {
        JOptionPane pane = Edt.call(() -> new JOptionPane("Delete?", JOptionPane.QUESTION_MESSAGE, JOptionPane.YES_NO_OPTION));
        LoopFuture<Object> answer = Edt.call(() -> SwingAwait.optionPane(loop, pane, null, "Confirm"));
        Edt.run(() -> javax.swing.SwingUtilities.getWindowAncestor(pane).dispose());
        assertNull(answer.get(10, TimeUnit.SECONDS));
    }

    @Test
    void cancellingAnOptionPaneDisposesItsDialog() throws Exception {
        JOptionPane pane = Edt.call(() -> new JOptionPane("Delete?", JOptionPane.QUESTION_MESSAGE, JOptionPane.YES_NO_OPTION));
        LoopFuture<Object> answer = Edt.call(() -> SwingAwait.optionPane(loop, pane, null, "Confirm"));
        JDialog dialog = Edt.call(() -> (JDialog) javax.swing.SwingUtilities.getWindowAncestor(pane));
        answer.cancel(true);
        Edt.run(() -> { });
        Edt.run(() -> { });
        assertFalse(Edt.call(dialog::isDisplayable));
    }

    @Test
    void aModelessDialogCompletesWhenHiddenAndCancellingDisposesIt() throws Exception {
        JDialog d = Edt.call(() -> new JDialog((Frame) null, "modeless", false));
        LoopFuture<Void> closed = Edt.call(() -> SwingAwait.dialog(loop, d));
        assertTrue(Edt.call(d::isShowing));
        Edt.run(() -> d.setVisible(false));
        closed.get(10, TimeUnit.SECONDS);

        JDialog d2 = Edt.call(() -> new JDialog((Frame) null, "modeless", false));
        LoopFuture<Void> cancelled = Edt.call(() -> SwingAwait.dialog(loop, d2));
        cancelled.cancel(true);
        Edt.run(() -> { });
        Edt.run(() -> { });
        assertFalse(Edt.call(d2::isDisplayable));
    }

    @Test
    void aModalDialogIsRefusedNamingTheNestedLoop() {
        JDialog d = Edt.call(() -> new JDialog((Frame) null, "modal", true));
        IllegalArgumentException e = Edt.call(() -> assertThrows(IllegalArgumentException.class, () -> SwingAwait.dialog(loop, d)));
        assertTrue(e.getMessage().contains("dialog: modal") && e.getMessage().contains("nested event loop"), e.getMessage());
    }

    @Test
    void aCoroutineAwaitsTheAnswerOnTheEdtAndCancellingItsTaskDisposesTheDialog() throws Exception {
        CoroutineJdk.requireCoroutines();
        JOptionPane pane = Edt.call(() -> new JOptionPane("Go?", JOptionPane.QUESTION_MESSAGE, JOptionPane.YES_NO_OPTION));
        Task<String> t = Edt.call(() -> loop.launchEager(() -> {
            Object answer = await(SwingAwait.optionPane(loop, pane, null, "Go"));
            return answer + " on the EDT: " + EventQueue.isDispatchThread();
        }));
        Edt.run(() -> pane.setValue(JOptionPane.NO_OPTION));
        assertEquals(JOptionPane.NO_OPTION + " on the EDT: true", t.get(10, TimeUnit.SECONDS));

        JOptionPane other = Edt.call(() -> new JOptionPane("Again?", JOptionPane.QUESTION_MESSAGE, JOptionPane.YES_NO_OPTION));
        Task<Object> waiting = Edt.call(() -> loop.launchEager(() -> await(SwingAwait.optionPane(loop, other, null, "Again"))));
        JDialog dialog = Edt.call(() -> (JDialog) javax.swing.SwingUtilities.getWindowAncestor(other));
        waiting.cancel(true);
        assertThrows(CancellationException.class, () -> waiting.get(10, TimeUnit.SECONDS));
        Edt.run(() -> { });
        Edt.run(() -> { });
        assertFalse(Edt.call(dialog::isDisplayable));
    }
}
