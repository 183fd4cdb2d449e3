package io.loopbridge.swing;

import io.loopbridge.core.EventLoop;
import io.loopbridge.core.host.ParkingDeadlineTimer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** Creating, closing, JVM exit, and AWT replacing its EDT under the loop. */
@Timeout(120)
class LifecycleTest {

    @Test
    void closeFromAnotherThreadStopsTheSwingTimerAndUnbindsTheEdt() {
        SwingLoop loop = SwingLoop.create();
        loop.callLater(Duration.ofHours(1), () -> { });
        Edt.await(Duration.ofSeconds(10), "the host timer to be armed", () -> loop.host().alarm().isArmed());
        loop.close();
        assertTrue(Edt.call(() -> loop.host().isShutDown()), "the host was not released");
        assertFalse(Edt.call(() -> loop.host().alarm().isArmed()), "the Swing timer still runs");
        assertThrows(IllegalStateException.class, () -> Edt.call(EventLoop::current));
        assertFalse(Edt.call(loop::inEventLoop));
        RejectedExecutionException e = assertThrows(RejectedExecutionException.class, () -> loop.callSoon(() -> { }));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertThrows(RejectedExecutionException.class, () -> loop.callLater(Duration.ZERO, () -> { }));
        Edt.run(loop::close); // idempotent, also on the EDT: does not bind the EDT again
        assertThrows(IllegalStateException.class, () -> Edt.call(EventLoop::current));
    }

    @Test
    void closeStopsTheAlarmThread() throws Exception {
        SwingLoop loop = SwingLoop.create(SwingLoop.Timers.PRECISE);
        loop.callLater(Duration.ofHours(1), () -> { });
        Edt.await(Duration.ofSeconds(10), "the alarm thread to start", () -> ((ParkingDeadlineTimer) loop.host().alarm()).thread() != null);
        Thread alarm = ((ParkingDeadlineTimer) loop.host().alarm()).thread();
        assertTrue(alarm.isDaemon(), "the alarm thread could keep the JVM alive");
        loop.close();
        alarm.join(10_000);
        assertFalse(alarm.isAlive(), "the alarm thread outlived close()");
    }

    @Test
    void closeFromACallbackReleasesTheHostWhenTheTurnEnds() {
        SwingLoop loop = SwingLoop.create();
        CompletableFuture<Boolean> shutDownInside = new CompletableFuture<>();
        loop.callLater(Duration.ofHours(1), () -> { });
        loop.callSoon(() -> {
            loop.close();
            shutDownInside.complete(loop.host().isShutDown());
        });
        assertFalse(shutDownInside.join(), "released in the middle of a turn");
        Edt.await(Duration.ofSeconds(10), "the host to be released", () -> loop.host().isShutDown());
        assertFalse(Edt.call(() -> loop.host().alarm().isArmed()));
    }

    @Test
    void closingTheNewestLoopGivesTheEdtBackToTheOlderOne() {
        SwingLoop older = SwingLoop.create();
        SwingLoop newer = SwingLoop.create();
        try {
            assertSame(newer, Edt.call(EventLoop::current));
            newer.close();
            assertSame(older, Edt.call(EventLoop::current));
            assertEquals("still works", older.runUntilComplete(older.sleep(Duration.ofMillis(1)).thenApply(v -> "still works")));
        } finally {
            newer.close();
            older.close();
        }
    }

    @Test
    void createOnTheEdtAttachesAtOnce() {
        SwingLoop loop = Edt.call(SwingLoop::create);
        try {
            assertTrue(Edt.call(loop::inEventLoop));
        } finally {
            loop.close();
        }
    }

    @Test
    void theJvmExitsAfterCloseWithNoThreadLeftBehind() throws Exception {
        for (String timers : List.of("SWING_TIMER", "PRECISE")) {
            String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
            Process p = new ProcessBuilder(java, "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"),
                    ExitProbe.class.getName(), timers).redirectErrorStream(true).start();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Thread reader = new Thread(() -> {
                try (InputStream in = p.getInputStream()) {
                    in.transferTo(out);
                } catch (java.io.IOException ignored) {
                    // the process ended
                }
            });
            reader.start();
            boolean exited = p.waitFor(30, TimeUnit.SECONDS);
            if (!exited) p.destroyForcibly().waitFor();
            reader.join(5_000);
            String output = out.toString(StandardCharsets.UTF_8);
            assertTrue(exited, timers + ": the JVM did not exit after close(); output:\n" + output);
            assertEquals(0, p.exitValue(), timers + ": " + output);
            assertTrue(output.contains("worked") && output.contains("far timer cancelled: true"), timers + ": " + output);
        }
    }

    @Test
    void theLoopMovesToTheNewEdtWhenAwtEndsTheIdleOne() throws Exception {
        SwingLoop loop = SwingLoop.create();
        try {
            Thread first = Edt.call(Thread::currentThread);
            first.join(15_000); // with no window, AWT ends an EDT idle for a second
            assumeFalse(first.isAlive(), "AWT kept its idle event dispatch thread alive");
            Object[] seen = loop.runUntilComplete(loop.createTask(() -> loop.sleep(Duration.ofMillis(5))
                    .thenApply(v -> new Object[] {Thread.currentThread(), EventLoop.current(), loop.inEventLoop()})));
            assertNotSame(first, seen[0]);
            assertSame(loop, seen[1]);
            assertEquals(true, seen[2]);
            assertSame(loop, Edt.call(EventLoop::current));
        } finally {
            loop.close();
        }
    }

    @Test
    void runUntilCompleteOnTheEdtOutlastsAwtEndingTheIdlePump() {
        SwingLoop loop = SwingLoop.create();
        try {
            // 1.5 s without a window or an event: AWT's auto-shutdown stops the pump after ~1 s
            String v = Edt.call(() -> loop.runUntilComplete(loop.sleep(Duration.ofMillis(1500)).thenApply(x -> "slept")));
            assertEquals("slept", v);
        } finally {
            loop.close();
        }
    }
}
