package io.loopbridge.javafx;

import io.loopbridge.core.testkit.TestCores;
import io.loopbridge.core.ErrorContext;
import io.loopbridge.core.LoopFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static io.loopbridge.javafx.FxTesting.onFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults on the FX Application Thread: exceptions and errors thrown by callbacks go to the loop's
 * exception handler (a throwing handler falls back to the default one); a fatal error propagates out of
 * the host's turn to the FX thread's uncaught-exception handler, and the loop goes on: the callbacks and
 * timers queued behind it still run. (A host whose post fails, the toolkit's exit, is
 * {@link FxHostFailureTest}.)
 */
@Timeout(60)
class FxFaultTest {
    private FxLoop loop;
    private final List<Throwable> uncaught = Collections.synchronizedList(new ArrayList<>());
    private Thread.UncaughtExceptionHandler previous;

    @BeforeAll
    static void startToolkit() {
        FxTesting.startToolkit();
    }

    @BeforeEach
    void setUp() throws Exception {
        loop = FxLoop.create();
        previous = onFx(() -> {
            Thread t = Thread.currentThread();
            Thread.UncaughtExceptionHandler p = t.getUncaughtExceptionHandler();
            t.setUncaughtExceptionHandler((th, e) -> uncaught.add(e));
            return p;
        });
    }

    @AfterEach
    void tearDown() throws Exception {
        loop.close();
        onFx(() -> {
            Thread.currentThread().setUncaughtExceptionHandler(previous);
            return null;
        });
    }

    @Test
    void callbackErrorsReachTheHandlerOnTheFxThreadAndTheLoopGoesOn() {
        List<ErrorContext> errors = Collections.synchronizedList(new ArrayList<>());
        List<Boolean> handledOnFx = Collections.synchronizedList(new ArrayList<>());
        loop.setExceptionHandler(c -> {
            errors.add(c);
            handledOnFx.add(javafx.application.Platform.isFxApplicationThread());
        });
        List<Throwable> thrown = List.of(new IllegalStateException("x"), new AssertionError("y"), new StackOverflowError("z"));
        for (Throwable e : thrown) {
            loop.callSoon(() -> {
                if (e instanceof RuntimeException re) throw re;
                throw (Error) e;
            });
        }
        LoopFuture<String> after = TestCores.of(loop).createFuture();
        loop.callSoon(() -> after.complete("after"));
        assertEquals("after", loop.runUntilComplete(after));
        assertEquals(3, errors.size());
        for (int i = 0; i < 3; i++) assertSame(thrown.get(i), errors.get(i).exception());
        assertEquals(List.of(true, true, true), handledOnFx);
        assertTrue(uncaught.isEmpty(), "nothing escaped: " + uncaught);
    }

    @Test
    void throwingExceptionHandlerFallsBackToTheDefaultHandlerAndTheLoopGoesOn() {
        loop.setExceptionHandler(c -> {
            throw new IllegalStateException("the handler is broken too");
        });
        loop.callSoon(() -> {
            throw new IllegalStateException("reported");
        });
        LoopFuture<String> after = TestCores.of(loop).createFuture();
        loop.callSoon(() -> after.complete("after"));
        assertEquals("after", loop.runUntilComplete(after));
        assertTrue(uncaught.isEmpty(), "nothing escaped to the FX thread: " + uncaught);
    }

    @Test
    void fatalErrorsEscapeTheTurnToTheFxThreadAndTheCallbacksAndTimersBehindThemStillRun() {
        OutOfMemoryError inCallback = new OutOfMemoryError("simulated, in a callback");
        OutOfMemoryError inTimer = new OutOfMemoryError("simulated, in a timer");
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        loop.callSoon(() -> {
            throw inCallback;
        });
        loop.callSoon(() -> log.add("callback behind it"));
        loop.callLater(Duration.ofMillis(1), () -> {
            throw inTimer;
        });
        LoopFuture<String> later = TestCores.of(loop).createFuture();
        // the only thing left after the failing timer is a later timer: the host must have re-armed
        loop.callLater(Duration.ofMillis(30), () -> later.complete("later timer"));
        assertEquals("later timer", loop.runUntilComplete(later));
        assertEquals(List.of("callback behind it"), log);
        assertEquals(List.of(inCallback, inTimer), uncaught);
    }
}
