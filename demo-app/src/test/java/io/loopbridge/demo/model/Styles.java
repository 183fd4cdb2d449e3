package io.loopbridge.demo.model;

import io.loopbridge.core.Await;
import io.loopbridge.core.EventLoop;
import io.loopbridge.core.LoopFuture;

import java.time.Duration;
import java.util.function.BooleanSupplier;
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

    /** Runs {@code loop} until {@code condition} holds on the loop thread (the test's timeout bounds it). */
    public static void runUntil(EventLoop loop, BooleanSupplier condition) {
        loop.runUntilComplete(loop.createTask(() -> poll(loop, condition)));
    }

    private static LoopFuture<Void> poll(EventLoop loop, BooleanSupplier condition) {
        return condition.getAsBoolean() ? loop.completedFuture(null) : loop.sleep(Duration.ofMillis(1)).thenCompose(v -> poll(loop, condition));
    }
}
