package io.loopbridge.test;

import io.loopbridge.core.EventLoop;
import io.loopbridge.core.ForwardingEventLoop;
import io.loopbridge.core.testkit.ApiTable;
import io.loopbridge.core.testkit.EventLoopRows;
import io.loopbridge.test.fx.FxLoopExtension;
import io.loopbridge.test.junit.UiLoopExtension;
import io.loopbridge.test.swing.SwingLoopExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input over the test kit's public API ({@link TestLoop}, its {@link TestLoop.Builder}, the UI test
 * extensions) and the {@link EventLoop} contract on a {@code TestLoop}, table-driven like the core's
 * ({@link ApiTable}: a new public method without a row fails this test). Run on the test thread, the loop thread.
 */
@Timeout(60)
class TestKitPublicApiBadInputTest {
    private TestLoop last;

    /** A fresh loop on this thread (one open at a time: the previous one is closed). */
    private TestLoop fresh() {
        if (last != null) last.close();
        last = TestLoop.builder().failOnErrors(false).build();
        return last;
    }

    @AfterEach
    void close() {
        if (last != null) last.close();
    }

    private static void noop() {}

    /** A stand-in for a JUnit interface: the null checks come first, so it is never called. */
    private static <T> Supplier<T> dummy(Class<T> type) {
        return () -> type.cast(java.lang.reflect.Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, m, args) -> {
            throw new UnsupportedOperationException("a stand-in " + type.getSimpleName() + " for the bad-input table");
        }));
    }

    @Test
    void everyPublicTestKitMemberRejectsBadInputClearly() throws Exception {
        ApiTable t = new ApiTable().api(EventLoop.class, ForwardingEventLoop.class, TestLoop.class, TestLoop.Builder.class,
                UiLoopExtension.class, FxLoopExtension.class, SwingLoopExtension.class);
        t.sample(Runnable.class, () -> TestKitPublicApiBadInputTest::noop)
                .sample(Duration.class, () -> Duration.ofMillis(1))
                .sample(Supplier.class, () -> () -> CompletableFuture.completedFuture(null))
                .sample(CompletionStage.class, () -> CompletableFuture.completedFuture(null))
                .sample(Executor.class, () -> Runnable::run)
                .sample(Callable.class, () -> () -> 1)
                .sample(List.class, List::of)
                .sample(io.loopbridge.core.ErrorContext.class, () -> new io.loopbridge.core.ErrorContext("sample", null, null))
                .sample(io.loopbridge.core.ExceptionHandler.class, () -> c -> { })
                .sample(Consumer.class, () -> v -> { })
                .sample(BooleanSupplier.class, () -> () -> true)
                .sample(String.class, () -> "sample")
                .sample(org.junit.jupiter.api.extension.ExtensionContext.class, dummy(org.junit.jupiter.api.extension.ExtensionContext.class))
                .sample(org.junit.jupiter.api.extension.ParameterContext.class, dummy(org.junit.jupiter.api.extension.ParameterContext.class))
                .sample(org.junit.jupiter.api.extension.InvocationInterceptor.Invocation.class,
                        dummy(org.junit.jupiter.api.extension.InvocationInterceptor.Invocation.class))
                .sample(org.junit.jupiter.api.extension.ReflectiveInvocationContext.class,
                        dummy(org.junit.jupiter.api.extension.ReflectiveInvocationContext.class));
        EventLoopRows.add(t);
        // TestLoop
        t.row("TestLoop#create()");
        t.bad("TestLoop#create()", "while another open loop is bound to the thread", r -> {
            TestLoop open = fresh();
            try {
                TestLoop.create();
            } finally {
                open.close();
            }
        }, IllegalStateException.class, "is bound to it and not closed");
        t.row("TestLoop#builder()");
        t.row("TestLoop#currentTime()");
        t.row("TestLoop#elapsed()");
        t.row("TestLoop#isAutoAdvance()");
        t.row("TestLoop#autoAdvance(boolean)", "-");
        t.row("TestLoop#runCurrent()");
        t.row("TestLoop#advanceBy(Duration)", "delay");
        t.bad("TestLoop#advanceBy(Duration)", "negative", r -> fresh().advanceBy(Duration.ofNanos(-1)),
                IllegalArgumentException.class, "delay: PT-0.000000001S (expected: >= 0; virtual time only moves forward)");
        t.bad("TestLoop#advanceBy(Duration)", "huge: saturates", r -> fresh().advanceBy(Duration.ofSeconds(Long.MAX_VALUE)), null, null);
        t.bad("TestLoop#advanceBy(Duration)", "off the loop thread", r -> {
            TestLoop l = fresh();
            ApiTable.onOtherThread(x -> l.advanceBy(Duration.ZERO));
        }, IllegalStateException.class, "advanceBy() is for the thread that drives");
        t.bad("TestLoop#advanceBy(Duration)", "a closed loop", r -> {
            TestLoop l = fresh();
            l.close();
            l.advanceBy(Duration.ZERO);
        }, IllegalStateException.class, "loop is closed: cannot advanceBy");
        t.row("TestLoop#advanceUntilIdle()");
        t.row("TestLoop#errors()");
        t.row("TestLoop#toString()");
        t.bad("EventLoop#runUntilComplete(CompletionStage)", "a closed test loop", r -> {
            TestLoop l = fresh();
            l.close();
            l.runUntilComplete(new CompletableFuture<>());
        }, IllegalStateException.class, "loop is closed");
        // TestLoop.Builder
        t.row("Builder#autoAdvance(boolean)", "-");
        t.row("Builder#failOnErrors(boolean)", "-");
        t.row("Builder#crossThreadWait(Duration)", "wait");
        t.bad("Builder#crossThreadWait(Duration)", "negative", r -> TestLoop.builder().crossThreadWait(Duration.ofSeconds(-1)),
                IllegalArgumentException.class, "wait: PT-1S (expected: >= 0)");
        t.row("Builder#maxSteps(long)", "-");
        t.bad("Builder#maxSteps(long)", "zero", r -> TestLoop.builder().maxSteps(0), IllegalArgumentException.class, "steps: 0 (expected: >= 1)");
        t.row("Builder#name(String)", "name");
        t.row("Builder#build()");
        // the extensions (JUnit never passes null; a clear message anyway)
        t.row("UiLoopExtension#virtualTime()");
        t.row("UiLoopExtension#allowLeaks()");
        t.row("UiLoopExtension#loop()");
        t.bad("UiLoopExtension#loop()", "outside a test", r -> new FxLoopExtension().loop(), IllegalStateException.class, "no loop");
        t.row("UiLoopExtension#beforeEach(ExtensionContext)", "context");
        t.row("UiLoopExtension#afterEach(ExtensionContext)", "context");
        t.row("UiLoopExtension#interceptTestMethod(Invocation,ReflectiveInvocationContext,ExtensionContext)",
                "invocation", "invocationContext", "extensionContext");
        t.row("UiLoopExtension#interceptBeforeEachMethod(Invocation,ReflectiveInvocationContext,ExtensionContext)",
                "invocation", "invocationContext", "extensionContext");
        t.row("UiLoopExtension#interceptAfterEachMethod(Invocation,ReflectiveInvocationContext,ExtensionContext)",
                "invocation", "invocationContext", "extensionContext");
        t.row("UiLoopExtension#supportsParameter(ParameterContext,ExtensionContext)", "p", "e");
        t.row("UiLoopExtension#resolveParameter(ParameterContext,ExtensionContext)", "p", "e");
        t.row("UiLoopExtension#runUntil(BooleanSupplier,Duration)", "condition", "timeout");
        t.bad("UiLoopExtension#runUntil(BooleanSupplier,Duration)", "outside a test", r -> new SwingLoopExtension().runUntil(() -> true, Duration.ZERO),
                IllegalStateException.class, "no loop");
        t.row("FxLoopExtension#<init>()");
        t.row("SwingLoopExtension#<init>()");

        Map<Class<?>, Supplier<?>> receivers = new LinkedHashMap<>();
        receivers.put(TestLoop.class, this::fresh);
        receivers.put(TestLoop.Builder.class, TestLoop::builder);
        receivers.put(FxLoopExtension.class, FxLoopExtension::new);
        receivers.put(SwingLoopExtension.class, SwingLoopExtension::new);
        List<String> problems = t.run(receivers);
        System.out.printf("[bad input] test kit: %d calls%n", t.callsMade());
        assertTrue(problems.isEmpty(), problems.size() + " problems:\n" + String.join("\n", problems));
    }
}
