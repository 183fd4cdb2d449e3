package io.loopbridge.swing;

import java.awt.EventQueue;
import java.lang.reflect.InvocationTargetException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.fail;

/** Test helpers that run code on the EDT and wait for it. */
final class Edt {
    private Edt() {}

    /** Runs {@code action} on the EDT and returns its value; rethrows what it threw. */
    static <T> T call(Callable<T> action) {
        Object[] out = new Object[1];
        Throwable[] err = new Throwable[1];
        try {
            EventQueue.invokeAndWait(() -> {
                try {
                    out[0] = action.call();
                } catch (Throwable e) {
                    err[0] = e;
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (InvocationTargetException e) {
            throw new AssertionError(e.getCause());
        }
        if (err[0] instanceof RuntimeException) throw (RuntimeException) err[0];
        if (err[0] instanceof Error) throw (Error) err[0];
        if (err[0] != null) throw new AssertionError(err[0]);
        @SuppressWarnings("unchecked")
        T t = (T) out[0];
        return t;
    }

    static void run(Runnable action) {
        call(() -> {
            action.run();
            return null;
        });
    }

    /** Polls {@code condition} on the EDT until it holds; fails after {@code timeout}. */
    static void await(Duration timeout, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!call(condition::getAsBoolean)) {
            if (System.nanoTime() - deadline > 0) fail("timed out waiting for " + what);
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
