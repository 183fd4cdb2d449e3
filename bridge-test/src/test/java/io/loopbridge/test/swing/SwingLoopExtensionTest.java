package io.loopbridge.test.swing;

import io.loopbridge.core.EventLoop;
import io.loopbridge.swing.SwingLoop;
import io.loopbridge.test.TestLoop;
import io.loopbridge.test.junit.SampleRuns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.swing.JButton;
import javax.swing.JLabel;
import java.awt.EventQueue;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link SwingLoopExtension} on the headless EDT: the sample classes below run through the JUnit launcher. */
@Timeout(60)
class SwingLoopExtensionTest {
    static volatile SwingLoop seenLoop;

    @EnabledIfSystemProperty(named = SampleRuns.PROPERTY, matches = "true")
    static class Sample {
        @RegisterExtension
        final SwingLoopExtension swing = new SwingLoopExtension();

        @Test
        void runsOnTheEdtWithItsLoop(SwingLoop loop, EventLoop same) {
            assertTrue(EventQueue.isDispatchThread());
            assertSame(loop, same);
            assertTrue(loop.inEventLoop());
            seenLoop = loop;
            JButton button = new JButton("Go");
            JLabel label = new JLabel("idle");
            button.addActionListener(e -> loop.sleep(Duration.ofMillis(20)).thenRun(() -> label.setText("done")));
            button.doClick(0);
            swing.runUntil(() -> label.getText().equals("done"), Duration.ofSeconds(10));
        }

        @Test
        void leaksATimer(SwingLoop loop) {
            loop.callLater(Duration.ofMinutes(5), new Runnable() {
                @Override public void run() { }
                @Override public String toString() { return "the-autosave"; }
            });
        }
    }

    @EnabledIfSystemProperty(named = SampleRuns.PROPERTY, matches = "true")
    static class VirtualSample {
        @RegisterExtension
        final SwingLoopExtension swing = new SwingLoopExtension().virtualTime();

        @Test
        void runsTimersOnVirtualTimeOnTheEdt(TestLoop loop) {
            assertTrue(EventQueue.isDispatchThread());
            JLabel label = new JLabel("waiting");
            loop.sleep(Duration.ofHours(1)).thenRun(() -> label.setText(EventQueue.isDispatchThread() ? "on the EDT" : "elsewhere"));
            loop.advanceBy(Duration.ofHours(1));
            assertEquals("on the EDT", label.getText());
        }
    }

    @Test
    void theTestBodyRunsOnTheEdtAndALeakIsNamed() {
        Map<String, Optional<Throwable>> r = SampleRuns.run(Sample.class);
        assertEquals(Optional.empty(), r.get("runsOnTheEdtWithItsLoop"));
        assertTrue(seenLoop.isClosed());
        Throwable leak = r.get("leaksATimer").orElseThrow();
        assertTrue(leak.getMessage().contains("timer at "), leak.getMessage());
        assertTrue(leak.getMessage().contains("the-autosave"), leak.getMessage());
    }

    @Test
    void virtualTimeRunsTheLoopsTimersOnTheEdt() {
        Map<String, Optional<Throwable>> r = SampleRuns.run(VirtualSample.class);
        assertFalse(r.isEmpty());
        assertEquals(Optional.empty(), r.get("runsTimersOnVirtualTimeOnTheEdt"));
    }
}
