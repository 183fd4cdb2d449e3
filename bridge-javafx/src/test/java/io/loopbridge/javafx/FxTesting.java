package io.loopbridge.javafx;

import javafx.application.Platform;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** Small helpers for tests that talk to the FX Application Thread. */
final class FxTesting {
    private FxTesting() {}

    /** Starts the toolkit (through an FxLoop) and keeps it alive when a test closes its last window. */
    static void startToolkit() {
        FxLoop.create().close();
        Platform.setImplicitExit(false);
    }

    /** Runs {@code action} in a plain FX event (not a loop callback) and returns its result; 10 s at most. */
    static <T> T onFx(Callable<T> action) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(action.call());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        return f.get(10, TimeUnit.SECONDS);
    }

    /** Waits until the FX thread has handled everything queued so far. */
    static void drainFx() throws Exception {
        onFx(() -> null);
    }

    /** The live thread with this exact name, or null. */
    static Thread thread(String name) {
        for (Thread t : Thread.getAllStackTraces().keySet()) if (t.getName().equals(name) && t.isAlive()) return t;
        return null;
    }
}
