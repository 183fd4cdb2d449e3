package io.loopbridge.javafx;

import io.loopbridge.core.EventLoop;
import io.loopbridge.core.GuestLoop;
import io.loopbridge.core.host.OpenLoops;
import javafx.application.Platform;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Every JavaFX toolkit quirk the bridge depends on, in one place: starting the toolkit when nobody has,
 * learning which thread is the JavaFX Application Thread, and noticing that the toolkit has exited.
 *
 * <p>Why exit needs watching: after {@code Platform.exit()} JavaFX drops {@code Platform.runLater}
 * silently, so a loop that posted a turn (or a thread that waits for one) would wait forever. The FX
 * Application Thread terminates on exit (with GTK and with Monocle alike), so one daemon thread joins it
 * and then closes every open {@link FxLoop}. Nothing here uses JavaFX internals.
 *
 * <p><b>Threading.</b> Every method is safe from any thread.
 */
final class FxPlatform {
    /** How often a thread waiting for the FX thread re-checks that the toolkit is still alive. */
    private static final long EXIT_POLL_MILLIS = 20;

    /** The JavaFX Application Thread once seen; written once, by that thread. */
    private static volatile Thread fxThread;
    /** Open loops, oldest first (the kit's registry: current() on the FX thread is the newest open one). */
    private static final OpenLoops OPEN = new OpenLoops();
    /** The exit watcher, once started. Guarded by {@link #OPEN}. */
    private static Thread watcher;

    private FxPlatform() {}

    /** Starts the JavaFX toolkit unless it runs already. */
    static void startup() {
        if (Platform.isFxApplicationThread()) return; // running, and we are on its thread
        if (exited()) throw exitedError(null);
        try {
            Platform.startup(() -> { });
        } catch (IllegalStateException e) {
            // Started already (Application.launch, TestFX, an earlier FxLoop): fine, unless it has exited
            // ("Platform.exit has been called"): JavaFX cannot start again in this JVM.
            String m = String.valueOf(e.getMessage());
            if (m.contains("exit")) throw exitedError(e);
        } catch (UnsupportedOperationException e) {
            // GTK without a display ("Unable to open DISPLAY"): say how to run headless.
            throw new IllegalStateException("cannot start the JavaFX toolkit: " + e.getMessage()
                    + " (without a display, use Monocle: -Dglass.platform=Monocle -Dmonocle.platform=Headless"
                    + " -Dprism.order=sw with openjfx-monocle on the class path, or run under xvfb-run)", e);
        }
    }

    private static IllegalStateException exitedError(Throwable cause) {
        return new IllegalStateException("the JavaFX toolkit has exited (Platform.exit(), or its last window closed with implicit exit on):"
                + " an FxLoop cannot run in this JVM any more", cause);
    }

    /** Whether the toolkit is known to have exited (its FX Application Thread terminated). */
    static boolean exited() {
        Thread t = fxThread;
        return t != null && !t.isAlive();
    }

    /**
     * Runs {@code action} on the FX Application Thread and waits for it; fails instead of hanging if the
     * toolkit exits meanwhile (its {@code runLater} would be dropped).
     */
    static void runAndWait(Runnable action) {
        if (Platform.isFxApplicationThread()) {
            see(Thread.currentThread());
            action.run();
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        Platform.runLater(() -> {
            see(Thread.currentThread());
            try {
                action.run();
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        });
        boolean interrupted = false;
        try {
            for (;;) {
                try {
                    done.get(EXIT_POLL_MILLIS, TimeUnit.MILLISECONDS);
                    return;
                } catch (TimeoutException e) {
                    if (exited()) throw exitedError(null);
                } catch (InterruptedException e) {
                    interrupted = true; // finish waiting: the action may already run on the FX thread
                } catch (ExecutionException e) {
                    Throwable c = e.getCause();
                    if (c instanceof RuntimeException) throw (RuntimeException) c;
                    if (c instanceof Error) throw (Error) c;
                    throw new CompletionException(c);
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    /** Records the FX Application Thread; called on it. */
    private static void see(Thread t) {
        if (fxThread == null) fxThread = t;
    }

    /** Registers an open loop: it is closed when the toolkit exits. */
    static void register(FxLoop loop, GuestLoop core) {
        synchronized (OPEN) {
            OPEN.register(loop, core);
            if (watcher == null && fxThread != null) {
                Thread fx = fxThread;
                watcher = new Thread(() -> closeAllWhenDead(fx), "loopbridge-fx-exit-watcher");
                watcher.setDaemon(true); // it must never keep the JVM alive
                watcher.start();
            }
        }
    }

    /**
     * Unregisters a closed loop; on the FX thread, the most recently created loop still open becomes the
     * FX thread's {@code EventLoop.current()}.
     */
    static void release(FxLoop loop, GuestLoop core) {
        OPEN.release(loop, core);
    }

    private static void closeAllWhenDead(Thread fx) {
        boolean done = false;
        while (!done) {
            try {
                fx.join();
                done = true;
            } catch (InterruptedException e) {
                // nobody interrupts this private thread on purpose; keep watching
            }
        }
        for (EventLoop l : OPEN.snapshot()) l.close(); // the FX thread is dead: each close cleans up on this thread
    }
}
