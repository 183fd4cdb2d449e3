package io.loopbridge.demo.model;

import io.loopbridge.core.Await;
import io.loopbridge.core.EventLoop;
import io.loopbridge.core.LoopFuture;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Test support: the styles this JVM runs (the chain everywhere; the coroutine too on JDK 21+ with the
 * flag, which the demo-app {@code coroutines} profile gives the test JVM), and running a loop until a
 * condition holds.
 */
public final class Styles {
    private Styles() {}

    /** For {@code @MethodSource("io.loopbridge.demo.model.Styles#available")}. */
    public static Stream<Style> available() {
        return Await.isSupported() ? Stream.of(Style.CHAIN, Style.COROUTINE) : Stream.of(Style.CHAIN);
    }

    /** How long {@link #runUntil} waits at most: generous, since the machine may be busy. */
    private static final Duration WAIT = Duration.ofSeconds(20);

    /** Runs {@code loop} until {@code condition} holds on the loop thread; fails after {@link #WAIT}. */
    public static void runUntil(EventLoop loop, BooleanSupplier condition) {
        runUntil(loop, condition, () -> "the condition");
    }

    /** Runs {@code loop} until {@code condition} holds on the loop thread; fails after {@link #WAIT}, saying {@code what} it waited for. */
    public static void runUntil(EventLoop loop, BooleanSupplier condition, Supplier<String> what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Boolean held = loop.runUntilComplete(loop.createTask(() -> poll(loop, condition, deadline)));
        if (!held) throw new AssertionError("timed out waiting until " + loop.runUntilComplete(loop.createTask(() -> loop.completedFuture(what.get()))));
    }

    private static LoopFuture<Boolean> poll(EventLoop loop, BooleanSupplier condition, long deadline) {
        if (condition.getAsBoolean()) return loop.completedFuture(true);
        if (System.nanoTime() > deadline) return loop.completedFuture(false);
        return loop.sleep(Duration.ofMillis(1)).thenCompose(v -> poll(loop, condition, deadline));
    }
}
