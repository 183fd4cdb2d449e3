package io.loopbridge.demo;

import java.time.Duration;

/**
 * The last line of defence after the window closed: the demo should end by itself once the window,
 * the loop and the HTTP server are closed (every other thread it starts is a daemon). If something
 * still holds the JVM after a grace period, this says which threads, and exits.
 *
 * <p><b>Threading.</b> Safe from any thread.
 */
public final class Exit {
    /** How long a clean exit may take before the watchdog steps in. */
    static final Duration GRACE = Duration.ofSeconds(10);

    private Exit() {}

    /** Starts the watchdog: a daemon thread, so it never keeps the JVM alive itself. */
    public static void watchdog() {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(GRACE.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            StringBuilder alive = new StringBuilder();
            for (Thread th : Thread.getAllStackTraces().keySet()) {
                if (th.isAlive() && !th.isDaemon() && th != Thread.currentThread()) alive.append(" '").append(th.getName()).append('\'');
            }
            System.err.println("[LoopBridge demo] exit watchdog: the JVM did not end " + GRACE.toSeconds()
                    + " s after the window closed; still running:" + alive + ". Exiting.");
            System.exit(3);
        }, "demo-exit-watchdog");
        t.setDaemon(true);
        t.start();
    }

    /** The line printed when the window closed and everything was shut down. */
    public static void closed(String toolkit) {
        System.out.println("[LoopBridge demo] " + toolkit + " window closed: tasks cancelled, HTTP server stopped, loop closed.");
    }
}
