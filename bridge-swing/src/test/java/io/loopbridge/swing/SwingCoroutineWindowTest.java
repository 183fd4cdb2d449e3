package io.loopbridge.swing;

import io.loopbridge.core.host.ActionState;
import io.loopbridge.core.testkit.CoroutineJdk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.awt.EventQueue;
import java.awt.GraphicsEnvironment;
import java.awt.Window;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.swing.JButton;
import javax.swing.JFrame;
import javax.swing.WindowConstants;

import static io.loopbridge.core.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Coroutine listeners tied to a real {@link JFrame} (needs a display: {@code xvfb-run}; skipped headless):
 * disposing the frame cancels the run, which resumes the body with a {@code CancellationException} at its
 * await, so its finally block runs on the EDT; the button comes back and the run reports cancelled. JDK 21+.
 */
@Timeout(30)
class SwingCoroutineWindowTest {
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
    void disposingTheFrameCancelsTheSuspendedBodyItsFinallyRunsAndTheButtonComesBack() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        CompletableFuture<String> reported = new CompletableFuture<>();
        JFrame frame = Edt.call(() -> new JFrame("coroutine"));
        JButton go = Edt.call(() -> new JButton("go"));
        SwingActions actions = Edt.call(() -> {
            frame.setDefaultCloseOperation(WindowConstants.DISPOSE_ON_CLOSE);
            frame.add(go);
            frame.pack();
            frame.setVisible(true);
            SwingActions a = SwingActions.of(loop).disableWhileRunning(go).cancelOnClose(frame)
                    .onCancelled(() -> reported.complete("cancelled"))
                    .onFailure(e -> reported.complete("failed: " + e))
                    .onSucceeded(() -> reported.complete("succeeded"));
            go.addActionListener(a.launch(e -> {
                try {
                    await(loop.sleep(Duration.ofSeconds(30)));
                    seen.add("slept");
                } finally {
                    seen.add("finally on the EDT: " + EventQueue.isDispatchThread());
                }
            }));
            go.doClick(0);
            return a;
        });
        assertFalse(Edt.call(go::isEnabled), "disabled while the body is suspended");
        assertEquals(ActionState.RUNNING, Edt.call(actions::getState));
        Edt.run(frame::dispose);
        assertEquals("cancelled", reported.get(10, TimeUnit.SECONDS));
        assertEquals(List.of("finally on the EDT: true"), seen);
        assertTrue(Edt.call(go::isEnabled));
        assertEquals(ActionState.CANCELLED, Edt.call(actions::getState));
    }
}
