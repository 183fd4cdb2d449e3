package io.loopbridge.demo.swing;

import io.loopbridge.core.testkit.TestCores;
import io.loopbridge.demo.model.Demo;
import io.loopbridge.demo.model.Panel;
import io.loopbridge.demo.model.Timings;
import io.loopbridge.swing.SwingLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.awt.Component;
import java.awt.Container;
import java.awt.GraphicsEnvironment;
import java.awt.Window;
import java.awt.event.WindowEvent;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;
import javax.swing.JButton;
import javax.swing.JDialog;

import static io.loopbridge.demo.swing.Edt.call;
import static io.loopbridge.demo.swing.Edt.run;
import static io.loopbridge.demo.swing.Edt.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * The whole Swing window on a real display (Xvfb in CI; the {@code display} profile runs it): the
 * sidebar, a real modal {@code JOptionPane} opened by a task, and closing the frame.
 */
@Tag("display")
@Timeout(60)
class SwingDemoWindowTest {
    private SwingLoop loop;
    private Demo demo;
    private SwingDemoWindow window;
    private final AtomicInteger closed = new AtomicInteger();

    @BeforeEach
    void open() throws Exception {
        assumeFalse(GraphicsEnvironment.isHeadless(), "needs a display");
        loop = SwingLoop.create();
        window = call(() -> {
            demo = Demo.open(loop, Timings.fast());
            SwingDemoWindow w = new SwingDemoWindow(loop, demo, () -> {
                closed.incrementAndGet();
                demo.shutdown();
            });
            w.frame().setVisible(true);
            return w;
        });
    }

    @AfterEach
    void close() throws Exception {
        if (window != null) run(() -> window.frame().dispose());
        if (demo != null) demo.shutdown();
    }

    /** The bridge's host state, for a failure message (diagnostic; reflective). */
    private String hostState() {
        try {
            java.lang.reflect.Method m = SwingLoop.class.getDeclaredMethod("host");
            m.setAccessible(true);
            Object host = m.invoke(loop);
            return host + " / stats " + loop.stats() + " / core " + TestCores.of(loop) + " / nextTimeout " + TestCores.of(loop).nextTimeout();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "(host state unavailable: " + e + ")";
        }
    }

    private static JDialog showingDialog() {
        for (Window w : Window.getWindows()) if (w instanceof JDialog && w.isShowing()) return (JDialog) w;
        return null;
    }

    private static JButton button(Container c, String text) {
        for (Component k : c.getComponents()) {
            if (k instanceof JButton && text.equals(((JButton) k).getText())) return (JButton) k;
            if (k instanceof Container) {
                JButton b = button((Container) k, text);
                if (b != null) return b;
            }
        }
        return null;
    }

    @Test
    void theSidebarSwitchesPanelsAndAutostartRunsTheParallelDownloads() throws Exception {
        run(() -> window.select(Panel.PARALLEL));
        assertEquals(Panel.PARALLEL, call(window::selected));
        run(() -> window.autostart(false));
        SwingParallelPanel p = (SwingParallelPanel) call(() -> window.panel(Panel.PARALLEL));
        waitUntil(() -> p.status.getText().startsWith("All 5 downloads finished"), () -> "done: " + p.status.getText()
                + " / " + loop + " / clock ticks " + demo.clock().ticks() + " / EDT " + Thread.currentThread().getName()
                + " / " + hostState());
    }

    @Test
    void theSearchPanelsAutostartTypesALetterAtATimeAndSendsOneRequest() throws Exception {
        run(() -> window.select(Panel.SEARCH));
        run(() -> window.autostart(false));
        SwingSearchPanel p = (SwingSearchPanel) call(() -> window.panel(Panel.SEARCH));
        String expected = io.loopbridge.demo.model.DemoServer.matches("land").size() + " matches for \u201cland\u201d";
        waitUntil(() -> p.status.getText().startsWith(expected), () -> "the results: " + p.status.getText());
        assertEquals("4 keystrokes, 3 debounced (no request), 1 request sent, 0 cancelled in flight",
                call(demo.search()::figures));
    }

    @Test
    void theFrameOpensCentredOnTheScreen() throws Exception {
        java.awt.Point centre = GraphicsEnvironment.getLocalGraphicsEnvironment().getCenterPoint();
        java.awt.Rectangle r = call(() -> window.frame().getBounds());
        assertTrue(Math.abs(r.getCenterX() - centre.x) <= 1 && Math.abs(r.getCenterY() - centre.y) <= 1,
                "frame " + r + ", screen centre " + centre);
    }

    @Test
    void aLongErrorRowIsShownWholeAndWrapsInTheErrorArea() throws Exception {
        String longText = ("a long failure message that goes on and on, ").repeat(8) + "THE END";
        run(() -> loop.callExceptionHandler(new io.loopbridge.core.ErrorContext("long", new IllegalStateException(longText), null)));
        waitUntil(() -> window.errorText.getText().endsWith("IllegalStateException: " + longText), () -> "the row: " + window.errorText.getText());
        assertTrue(call(window.errorText::getLineWrap), "the rows wrap");
        waitUntil(() -> window.errorText.isShowing() && window.errorText.getWidth() > 0, () -> "the area is shown");
        int lineHeight = call(() -> window.errorText.getFontMetrics(window.errorText.getFont()).getHeight());
        assertTrue(call(window.errorText::getPreferredSize).height > 2 * lineHeight, "wrapped onto several lines");
        assertTrue(call(() -> window.errorText.getWidth() <= window.errorText.getParent().getWidth()), "no wider than its view");
    }

    @Test
    void aTaskOpensARealModalDialogWhileTheCounterTicksBehindIt() throws Exception {
        run(() -> window.select(Panel.MODAL));
        SwingModalPanel p = (SwingModalPanel) call(() -> window.panel(Panel.MODAL));
        run(() -> p.open.doClick(0));

        waitUntil(() -> showingDialog() != null, () -> "the dialog is open");
        int atOpen = Integer.parseInt(call(p.ticks::getText));
        waitUntil(() -> Integer.parseInt(p.ticks.getText()) >= atOpen + 3, () -> "ticks behind the dialog: " + p.ticks.getText());
        run(() -> button(showingDialog(), "Yes").doClick(0));

        waitUntil(() -> p.status.getText().startsWith("You answered Yes"), () -> "the answer: " + p.status.getText());
    }

    @Test
    void closingTheFrameCancelsTheWorkAndStopsTheServerAndTheLoop() throws Exception {
        run(() -> window.select(Panel.WORK));
        SwingWorkPanel p = (SwingWorkPanel) call(() -> window.panel(Panel.WORK));
        run(() -> {
            p.size.setValue(50);
            p.start.doClick(0);
        });
        waitUntil(() -> demo.work().workersRunning() == 1, () -> "the worker runs");
        URI server = demo.server().uri("/slow");

        run(() -> window.frame().dispatchEvent(new WindowEvent(window.frame(), WindowEvent.WINDOW_CLOSING))); // the close button

        waitUntil(() -> closed.get() == 1, () -> "the close action ran");
        assertTrue(loop.isClosed());
        waitUntil(() -> demo.work().workersRunning() == 0, () -> "the worker was interrupted and stopped");
        assertThrows(ConnectException.class,
                () -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(server).build(), HttpResponse.BodyHandlers.ofString()));
    }
}
