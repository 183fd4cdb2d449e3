package io.loopbridge.swing;

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
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.swing.JDialog;
import javax.swing.JLabel;

import static io.loopbridge.core.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * The nested-loop guard with a real modal {@link JDialog} (needs a display: run under {@code xvfb-run}, as
 * {@code .ci/run} does; skipped headless, where {@link SwingNestingTest} covers the same with a
 * {@code SecondaryLoop}): a coroutine body opens the modal dialog, an event inside the dialog's loop
 * awaits and is refused instead of freezing the dialog, and the body awaits fine after the dialog closed.
 */
@Timeout(30)
class SwingModalNestingTest {
    private SwingLoop loop;

    @BeforeAll
    static void needsADisplay() {
        assumeFalse(GraphicsEnvironment.isHeadless(), "needs a display (run under xvfb-run with java.awt.headless=false)");
    }

    @BeforeEach
    void createLoop() {
        CoroutineJdk.requireCoroutines();
        loop = SwingLoop.create();
    }

    @AfterEach
    void closeLoop() {
        if (loop != null) loop.close();
        Edt.run(() -> {
            for (Window w : Window.getWindows()) w.dispose();
        });
    }

    @Test
    void anAwaitInsideAModalDialogTheCoroutineOpenedIsRefusedInsteadOfFreezingIt() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        Task<String> t = Edt.call(() -> loop.launchEager(() -> {
            JDialog dialog = new JDialog((Frame) null, "modal", true);
            dialog.add(new JLabel("modal"));
            dialog.pack();
            EventQueue.invokeLater(() -> {                   // dispatched by the dialog's own loop
                try {
                    await(loop.sleep(Duration.ofMillis(1)));
                    seen.add("suspended");
                } catch (IllegalStateException e) {
                    seen.add(e.getMessage().contains("nested event loop") ? "refused" : e.getMessage());
                } finally {
                    dialog.dispose();
                }
            });
            dialog.setVisible(true);                          // modal: returns when disposed
            await(loop.sleep(Duration.ofMillis(1)));
            return "closed, then awaited";
        }));
        assertEquals("closed, then awaited", t.get(10, TimeUnit.SECONDS));
        assertEquals(List.of("refused"), seen);
    }
}
