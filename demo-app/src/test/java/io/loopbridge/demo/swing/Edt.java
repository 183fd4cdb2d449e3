package io.loopbridge.demo.swing;

import java.awt.EventQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Test helpers for the EDT: run there, and poll there until a condition holds. */
final class Edt {
    private static final long WAIT_SECONDS = 20;

    private Edt() {}

    /** Runs {@code action} in a plain EDT event and returns its result (10 s at most). */
    static <T> T call(Callable<T> action) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        EventQueue.invokeLater(() -> {
            try {
                f.complete(action.call());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        return f.get(10, TimeUnit.SECONDS);
    }

    static void run(Runnable action) throws Exception {
        call(() -> {
            action.run();
            return null;
        });
    }

    /** Polls {@code condition} on the EDT until it holds; fails after a generous bound, saying what it waited for. */
    static void waitUntil(BooleanSupplier condition, Supplier<String> what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!call(condition::getAsBoolean)) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting until " + call(what::get));
            Thread.sleep(5);
        }
    }
}
