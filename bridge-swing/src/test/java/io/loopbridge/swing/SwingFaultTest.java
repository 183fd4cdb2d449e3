package io.loopbridge.swing;

import io.loopbridge.core.ErrorContext;
import io.loopbridge.core.LoopFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.awt.EventQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults on the EDT: exceptions and errors thrown by callbacks go to the loop's exception handler (a
 * throwing handler falls back to the default one); a fatal error propagates out of the host's turn to
 * the EDT's uncaught-exception handler, and the loop goes on: the callbacks and timers behind it still
 * run (the turn re-arms in its {@code finally}).
 */
@Timeout(60)
class SwingFaultTest {
    private SwingLoop loop;
    private final List<Throwable> uncaught = Collections.synchronizedList(new ArrayList<>());
    private Thread.UncaughtExceptionHandler previous;

    @BeforeEach
    void setUp() {
        loop = SwingLoop.create();
        previous = Edt.call(() -> {
            Thread t = Thread.currentThread();
            Thread.UncaughtExceptionHandler p = t.getUncaughtExceptionHandler();
            t.setUncaughtExceptionHandler((th, e) -> uncaught.add(e));
            return p;
        });
    }

    @AfterEach
    void tearDown() {
        loop.close();
        Edt.run(() -> Thread.currentThread().setUncaughtExceptionHandler(previous));
    }

    @Test
    void callbackErrorsReachTheHandlerOnTheEdtAndTheLoopGoesOn() {
        List<ErrorContext> errors = Collections.synchronizedList(new ArrayList<>());
        List<Boolean> handledOnEdt = Collections.synchronizedList(new ArrayList<>());
        loop.setExceptionHandler(c -> {
            errors.add(c);
            handledOnEdt.add(EventQueue.isDispatchThread());
        });
        List<Throwable> thrown = List.of(new IllegalStateException("x"), new AssertionError("y"), new StackOverflowError("z"));
        for (Throwable e : thrown) {
            loop.callSoon(() -> {
                if (e instanceof RuntimeException re) throw re;
                throw (Error) e;
            });
        }
        LoopFuture<String> after = Edt.call(() -> loop.createFuture());
        loop.callSoon(() -> after.complete("after"));
        assertEquals("after", loop.runUntilComplete(after));
        assertEquals(3, errors.size());
        for (int i = 0; i < 3; i++) assertSame(thrown.get(i), errors.get(i).exception());
        assertEquals(List.of(true, true, true), handledOnEdt);
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
        LoopFuture<String> after = Edt.call(() -> loop.createFuture());
        loop.callSoon(() -> after.complete("after"));
        assertEquals("after", loop.runUntilComplete(after));
        assertTrue(uncaught.isEmpty(), "nothing escaped to the EDT: " + uncaught);
    }

    @Test
    void fatalErrorsEscapeTheTurnToTheEdtAndTheCallbacksAndTimersBehindThemStillRun() {
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
        LoopFuture<String> later = Edt.call(() -> loop.createFuture());
        loop.callLater(Duration.ofMillis(30), () -> later.complete("later timer"));
        assertEquals("later timer", loop.runUntilComplete(later));
        assertEquals(List.of("callback behind it"), log);
        assertEquals(List.of(inCallback, inTimer), uncaught);
    }
}
