package io.loopbridge.demo;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real program in a JVM of its own: it opens the window, starts the Work panel's blocking job,
 * the window is closed (as its close button does, by {@code --close-after}), and the JVM must then end
 * by itself, with status 0 and without the exit watchdog stepping in.
 */
@Timeout(120)
class DemoExitTest {
    /** JavaFX and AWT platform settings of this JVM, handed to the child (headless Monocle under Maven). */
    private static final String[] FORWARDED = {"glass.platform", "monocle.platform", "prism.order", "prism.text",
            "java.awt.headless", "testfx.headless"};

    private static String run(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        for (String p : FORWARDED) {
            String v = System.getProperty(p);
            if (v != null) cmd.add("-D" + p + "=" + v);
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(DemoMain.class.getName());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        boolean ended = p.waitFor(60, TimeUnit.SECONDS);
        if (!ended) p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        System.out.println("[DemoExitTest " + String.join(" ", args) + "]\n" + out);
        assertTrue(ended, "the JVM did not end by itself after the window closed:\n" + out);
        assertFalse(out.contains("exit watchdog"), out);
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void closingTheJavaFxWindowEndsTheJvm() throws Exception {
        String out = run("--tab=work", "--autostart", "--close-after=1500");
        assertTrue(out.contains("[LoopBridge demo] JavaFX window closed: tasks cancelled, HTTP server stopped, loop closed."), out);
    }

    @Test
    @Tag("display")
    void closingTheSwingWindowEndsTheJvm() throws Exception {
        String out = run("--toolkit=swing", "--tab=work", "--autostart", "--close-after=1500");
        assertTrue(out.contains("[LoopBridge demo] Swing window closed: tasks cancelled, HTTP server stopped, loop closed."), out);
    }

    /** ProgressPrinter processes started from this build's classes, still alive. */
    private static long progressPrintersAlive() {
        String classes = io.loopbridge.demo.child.ProgressPrinter.class.getName();
        return ProcessHandle.allProcesses()
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().map(c -> c.contains(classes)).orElse(false))
                .count();
    }

    @Test
    void closingTheWindowWhileTheProcessRunsKillsItAndEndsTheJvm() throws Exception {
        long before = progressPrintersAlive();
        java.util.concurrent.atomic.AtomicBoolean seen = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicBoolean watching = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread watch = new Thread(() -> { // the demo's own child: seen alive while the demo runs
            while (watching.get() && !seen.get()) {
                if (progressPrintersAlive() > before) seen.set(true);
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "progress-printer-watch");
        watch.setDaemon(true);
        watch.start();
        String out;
        try {
            out = run("--tab=process", "--autostart", "--close-after=4000");
        } finally {
            watching.set(false);
            watch.join(5_000);
        }
        assertTrue(out.contains("[LoopBridge demo] JavaFX window closed"), out);
        assertTrue(seen.get(), "the Process panel's child ran while the window was open");
        assertEquals(before, progressPrintersAlive(), "the demo's child process outlived it");
    }

    @Test
    void closingTheWindowWithAnOpenChatConnectionEndsTheJvm() throws Exception {
        String out = run("--tab=chat", "--autostart", "--close-after=2000");
        assertTrue(out.contains("[LoopBridge demo] JavaFX window closed"), out);
    }

    @Test
    void helpPrintsTheUsageAndABadOptionExitsWithStatusTwo() throws Exception {
        assertTrue(run("--help").contains("--toolkit=javafx|swing"));
        Process p = new ProcessBuilder(System.getProperty("java.home") + "/bin/java", "-cp", System.getProperty("java.class.path"),
                DemoMain.class.getName(), "--toolkit=qt").redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, p.exitValue(), out);
        assertTrue(out.startsWith("LoopBridge demo: --toolkit: 'qt' (expected: javafx or swing)"), out);
    }
}
