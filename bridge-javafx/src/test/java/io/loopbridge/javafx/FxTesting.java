package io.loopbridge.javafx;

import javafx.application.Platform;
import org.testfx.api.FxToolkit;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Small helpers for tests that talk to the FX Application Thread. */
final class FxTesting {
    private FxTesting() {}

    /**
     * Starts the toolkit the way TestFX does, and keeps it alive when a test closes its last window.
     * Whichever test class runs first in the JVM, the toolkit must be started by TestFX: if a plain
     * {@code Platform.startup} (which {@code FxLoop.create()} uses) starts it first, TestFX's glass robot
     * clicks reach no window under Monocle (seen with TestFX 4.0.18 and Monocle 17.0.10). FxLoop itself
     * works either way: it treats an already running toolkit as fine.
     */
    static void startToolkit() {
        try {
            FxToolkit.registerPrimaryStage();
        } catch (TimeoutException e) {
            throw new IllegalStateException("TestFX could not start the JavaFX toolkit", e);
        }
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

    /** The lines of {@code source} between {@code // tag::name[]} and {@code // end::name[]}, their common indent removed. */
    static String tagged(String source, String name) {
        java.util.List<String> body = new java.util.ArrayList<>();
        boolean in = false;
        for (String l : source.split("\n", -1)) {
            if (l.trim().equals("// tag::" + name + "[]")) { in = true; continue; }
            if (l.trim().equals("// end::" + name + "[]")) break;
            if (in) body.add(l);
        }
        int indent = Integer.MAX_VALUE;
        for (String l : body) if (!l.isBlank()) indent = Math.min(indent, l.length() - l.stripLeading().length());
        StringBuilder out = new StringBuilder();
        for (String l : body) out.append(l.isBlank() ? "" : l.substring(indent)).append('\n');
        return out.toString();
    }
}
