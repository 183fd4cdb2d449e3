package io.loopbridge.test.junit;

import io.loopbridge.core.ErrorContext;
import io.loopbridge.core.EventLoop;
import io.loopbridge.core.LoopFuture;
import io.loopbridge.core.TimerHandle;
import io.loopbridge.test.TestLoop;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * The JUnit 5 extension behind {@code FxLoopExtension} and {@code SwingLoopExtension}: per test, a loop
 * whose thread is the toolkit's UI thread; the test method runs on that thread; after it, the test fails
 * if the loop still has timers, futures or tasks pending (naming them) or if anything reached its
 * exception handler; then the loop is closed. Test methods may take the loop as a parameter ({@link
 * EventLoop}, the toolkit's loop type, or {@link TestLoop} with {@link #virtualTime()}).
 *
 * <p><b>Virtual time.</b> {@link #virtualTime()} gives each test a {@link TestLoop} built on the UI thread
 * instead of the toolkit's loop: the code under test runs on the real UI thread (it may touch widgets), and
 * its timers, sleeps and timeouts run on virtual time, driven by the test body ({@code advanceBy} ...). What
 * the toolkit itself times (JavaFX's pulse, animations, {@code Timeline}, {@code PauseTransition}; Swing's
 * {@code javax.swing.Timer}, caret blinking) stays on real time: only the loop's timers are virtual.
 *
 * <p><b>Threading.</b> JUnit calls the callbacks on the test thread; the test method and the test class's
 * {@code @BeforeEach}/{@code @AfterEach} methods, the loop's creation, the leak check and the close run on
 * the UI thread. {@link #runUntil} is for the test method (UI thread).
 * The extension holds one loop at a time: do not run the tests of one instance in parallel.
 *
 * @param <L> the toolkit's loop type
 */
public abstract class UiLoopExtension<L extends EventLoop>
        implements BeforeEachCallback, AfterEachCallback, InvocationInterceptor, ParameterResolver {

    /** How long the UI thread may take for a test method, a creation or a close before the test fails: 60 s. */
    public static final Duration UI_THREAD_WAIT = Duration.ofSeconds(60);

    private final Class<L> loopType;
    private boolean virtualTime;
    private boolean allowLeaks;
    /** The loop of the running test, or null. Written by the test thread in the callbacks. */
    private volatile EventLoop loop;
    /** What reached the toolkit loop's exception handler during the test (virtual-time loops report on their own). */
    private final List<ErrorContext> errors = new CopyOnWriteArrayList<>();

    protected UiLoopExtension(Class<L> loopType) {
        this.loopType = Objects.requireNonNull(loopType, "loopType");
    }

    /** Gives each test a {@link TestLoop} on the UI thread instead of the toolkit's loop (see the class javadoc). */
    public UiLoopExtension<L> virtualTime() {
        virtualTime = true;
        return this;
    }

    /** Does not fail a test that leaves work pending (it is still cancelled by the close). */
    public UiLoopExtension<L> allowLeaks() {
        allowLeaks = true;
        return this;
    }

    /** The toolkit's loop, created on any thread (starting the toolkit if needed). */
    protected abstract L createToolkitLoop();

    /** Runs {@code action} on the UI thread, in a plain UI event, and returns at once. */
    protected abstract void postToUiThread(Runnable action);

    /** Whether the calling thread is the UI thread. */
    protected abstract boolean onUiThread();

    /** The toolkit's name for messages ("the JavaFX Application Thread"). */
    protected abstract String uiThreadName();

    /** The loop of the running test. Any thread. */
    public EventLoop loop() {
        EventLoop l = loop;
        if (l == null) throw new IllegalStateException("no loop: " + getClass().getSimpleName() + " creates one per test, before each test method");
        return l;
    }

    // ---- lifecycle ----

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        Objects.requireNonNull(context, "context: null (expected: non-null)");
        errors.clear();
        if (virtualTime) {
            loop = onUi(() -> TestLoop.builder().name("TestLoop-" + context.getDisplayName()).build());
        } else {
            L l = createToolkitLoop();
            l.setExceptionHandler(errors::add);
            loop = l;
        }
    }

    /** Runs the test method on the UI thread. */
    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
                                    ExtensionContext extensionContext) throws Throwable {
        proceedOnUi(invocation, invocationContext, extensionContext);
    }

    /** Runs {@code @BeforeEach} methods on the UI thread too (after the loop was created), so they may build widgets. */
    @Override
    public void interceptBeforeEachMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
                                          ExtensionContext extensionContext) throws Throwable {
        proceedOnUi(invocation, invocationContext, extensionContext);
    }

    /** Runs {@code @AfterEach} methods on the UI thread too (before the leak check and the close). */
    @Override
    public void interceptAfterEachMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
                                         ExtensionContext extensionContext) throws Throwable {
        proceedOnUi(invocation, invocationContext, extensionContext);
    }

    private void proceedOnUi(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
                             ExtensionContext extensionContext) throws Exception {
        Objects.requireNonNull(invocation, "invocation: null (expected: non-null)");
        Objects.requireNonNull(invocationContext, "invocationContext: null (expected: non-null)");
        Objects.requireNonNull(extensionContext, "extensionContext: null (expected: non-null)");
        onUi(() -> {
            try {
                invocation.proceed();
            } catch (Exception | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new ExecutionException(t);
            }
            return null;
        });
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        Objects.requireNonNull(context, "context: null (expected: non-null)");
        EventLoop l = loop;
        if (l == null) return;
        loop = null;
        boolean failed = context.getExecutionException().isPresent();
        String leaks = onUi(() -> {
            List<Object> pending = l.isClosed() ? List.of() : l.pendingWork();
            String message = pending.isEmpty() ? null : leakMessage(pending); // named before the close cancels them
            l.close(); // a TestLoop fails here for errors and unobserved failures
            return message;
        });
        if (failed) return; // the test's own failure says more; the close cancelled what it left
        List<ErrorContext> reported = new ArrayList<>(errors);
        errors.clear();
        if (!reported.isEmpty()) {
            ErrorContext first = reported.get(0);
            AssertionError e = new AssertionError("the exception handler of the test's loop was called " + reported.size() + " time(s): "
                    + first.message(), first.exception());
            for (ErrorContext c : reported.subList(1, reported.size())) {
                if (c.exception() != null) e.addSuppressed(c.exception());
            }
            throw e;
        }
        if (!allowLeaks && leaks != null) throw new AssertionError(leaks);
    }

    /** "The test left 2 timers and 1 future pending on its loop: ..." */
    static String leakMessage(List<Object> left) {
        int timers = 0;
        int futures = 0;
        StringBuilder names = new StringBuilder();
        for (Object o : left) {
            if (o instanceof TimerHandle) timers++;
            else if (o instanceof LoopFuture) futures++;
            names.append("\n  ").append(o instanceof TimerHandle ? "timer at " + Duration.ofNanos(((TimerHandle) o).when()) + ": " : "").append(o);
        }
        return "the test left " + timers + " timer(s) and " + futures + " future(s)/task(s) pending on its loop"
                + " (cancel them, await them, or use allowLeaks()); they were cancelled by the close:" + names;
    }

    // ---- parameters ----

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        Objects.requireNonNull(p, "p: null (expected: non-null)");
        Objects.requireNonNull(e, "e: null (expected: non-null)");
        Class<?> t = p.getParameter().getType();
        return t == EventLoop.class || t == (virtualTime ? TestLoop.class : loopType);
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        Objects.requireNonNull(p, "p: null (expected: non-null)");
        Objects.requireNonNull(e, "e: null (expected: non-null)");
        EventLoop l = loop;
        if (l == null) throw new ParameterResolutionException("no loop yet: the loop is created before each test method");
        return l;
    }

    // ---- helpers for test bodies ----

    /**
     * Runs the loop (a nested run on the UI thread) until {@code condition} holds, checking it every
     * millisecond; fails if it does not hold within {@code timeout}. On a {@link TestLoop} the time is
     * virtual: the condition is checked after every pass, and the clock jumps from deadline to deadline up
     * to {@code timeout}. For the test method, on the UI thread.
     *
     * @throws AssertionError if {@code condition} does not hold in time
     * @throws IllegalStateException off the UI thread
     */
    public void runUntil(BooleanSupplier condition, Duration timeout) {
        Objects.requireNonNull(condition, "condition: null (expected: non-null)");
        Objects.requireNonNull(timeout, "timeout: null (expected: non-null)");
        EventLoop l = loop();
        if (!onUiThread()) throw new IllegalStateException("runUntil() is for the test method, on " + uiThreadName());
        if (condition.getAsBoolean()) return;
        if (l instanceof TestLoop) {
            runUntilVirtual((TestLoop) l, condition, timeout);
            return;
        }
        LoopFuture<Void> met = l.createFuture();
        long deadline = l.time() + timeout.toNanos();
        Runnable[] poll = new Runnable[1];
        poll[0] = () -> {
            if (met.isDone()) return;
            if (condition.getAsBoolean()) met.complete(null);
            else if (l.time() - deadline >= 0) met.completeExceptionally(new TimeoutException("condition not met within " + timeout));
            else l.callLater(Duration.ofMillis(1), poll[0]);
        };
        l.callSoon(poll[0]);
        try {
            l.runUntilComplete(met);
        } catch (java.util.concurrent.CompletionException e) {
            throw new AssertionError("runUntil: the condition did not hold within " + timeout, e.getCause());
        }
    }

    /** runUntil on virtual time: run what is ready, check, jump to the next deadline (up to the timeout), check. */
    private static void runUntilVirtual(TestLoop l, BooleanSupplier condition, Duration timeout) {
        long end = l.currentTime() + timeout.toNanos();
        for (;;) {
            l.runCurrent();
            if (condition.getAsBoolean()) return;
            long next = -1;
            for (Object o : l.pendingWork()) {
                if (o instanceof TimerHandle) {
                    next = ((TimerHandle) o).when();
                    break;
                }
            }
            long now = l.currentTime();
            if (now - end >= 0) break;
            if (next < 0 || next - end > 0) {
                l.advanceBy(Duration.ofNanos(end - now));
                if (condition.getAsBoolean()) return;
                break;
            }
            l.advanceBy(Duration.ofNanos(Math.max(0, next - now)));
            if (condition.getAsBoolean()) return;
        }
        throw new AssertionError("runUntil: the condition did not hold within " + timeout + " of virtual time (at " + l.elapsed() + ")");
    }

    /** Runs {@code action} on the UI thread and returns its result, waiting up to {@link #UI_THREAD_WAIT}. */
    protected <T> T onUi(Callable<T> action) throws Exception {
        if (onUiThread()) return action.call();
        CompletableFuture<T> f = new CompletableFuture<>();
        postToUiThread(() -> {
            try {
                f.complete(action.call());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        try {
            return f.get(UI_THREAD_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof ExecutionException && c.getCause() != null) c = c.getCause();
            if (c instanceof Exception) throw (Exception) c;
            if (c instanceof Error) throw (Error) c;
            throw e;
        } catch (TimeoutException e) {
            throw new AssertionError(uiThreadName() + " did not finish the test's work within " + UI_THREAD_WAIT + " (is it blocked?)", e);
        }
    }
}
