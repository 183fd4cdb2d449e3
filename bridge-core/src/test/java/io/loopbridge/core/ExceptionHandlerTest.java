package io.loopbridge.core;

import io.loopbridge.core.testkit.RecordingHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Errors nobody else can receive: a throwing callback goes to the {@link ExceptionHandler} with message,
 * exception and the very handle as source, and the loop goes on; a throwing handler falls back to the
 * default handler, which logs through {@code System.Logger "io.loopbridge"} and never throws; a failed
 * future or task nobody observed is reported "exception was never retrieved" once garbage-collected;
 * {@link VirtualMachineError}s other than {@link StackOverflowError} propagate. Peers: asyncio
 * {@code test_base_events} (test_default_exc_handler_*, test_set_exc_handler_*) and {@code test_futures}
 * (test_tb_logger_*).
 */
@Timeout(60)
class ExceptionHandlerTest {
    private final RecordingHost host = RecordingHost.create();
    private final GuestLoop loop = host.loop();
    private final List<ErrorContext> errors = new CopyOnWriteArrayList<>();
    private final List<String> log = new ArrayList<>();

    @AfterEach
    void hostContractKept() {
        host.assertContractKept();
        loop.close();
    }

    private Runnable add(String s) {
        return () -> log.add(s);
    }

    // ---------------------------------------------------------------------------------------------
    // Throwing callbacks
    // ---------------------------------------------------------------------------------------------

    @Test
    void throwingCallbackReachesTheHandlerWithItsVeryHandleAndTheLoopGoesOn() {
        loop.setExceptionHandler(errors::add);
        RuntimeException boom = new IllegalArgumentException("boom");
        Runnable thrower = () -> {
            throw boom;
        };
        loop.callSoon(add("before"));
        Handle h = loop.callSoon(thrower);
        loop.callSoon(add("after"));
        assertEquals(3, host.runOnce());
        assertEquals(List.of("before", "after"), log);
        assertEquals(1, errors.size());
        ErrorContext c = errors.get(0);
        assertSame(boom, c.exception());
        assertSame(h, c.source());
        assertTrue(c.message().contains("Exception in callback") && c.message().contains(thrower.toString()), c.message());
        loop.callSoon(add("next pass"));
        host.runOnce();
        assertEquals(List.of("before", "after", "next pass"), log);
    }

    @Test
    void throwingTimerReachesTheHandlerWithItsTimerHandle() {
        loop.setExceptionHandler(errors::add);
        TimerHandle t = loop.callLater(Duration.ofMillis(5), () -> {
            throw new IllegalStateException("timer boom");
        });
        host.pump();
        assertEquals(1, errors.size());
        assertSame(t, errors.get(0).source());
    }

    @Test
    void handlerRunsOnTheLoopThreadForCallbackErrors() {
        List<Thread> on = new ArrayList<>();
        loop.setExceptionHandler(c -> on.add(Thread.currentThread()));
        loop.callSoon(() -> {
            throw new IllegalStateException();
        });
        host.runOnce();
        assertEquals(List.of(Thread.currentThread()), on);
    }

    @Test
    void throwingHandlerFallsBackToTheDefaultHandlerWhichLogsBothErrors() {
        // asyncio test_base_events.test_set_exc_handler_broken
        RuntimeException handlerBug = new IllegalStateException("handler bug");
        RuntimeException boom = new IllegalArgumentException("boom");
        loop.setExceptionHandler(c -> {
            throw handlerBug;
        });
        try (LogCapture logs = new LogCapture()) {
            loop.callSoon(() -> {
                throw boom;
            });
            loop.callSoon(add("the loop goes on"));
            host.runOnce();
            List<LogRecord> severe = logs.at(Level.SEVERE, "never retrieved");
            assertEquals(2, severe.size(), "the handler's own failure and the original error");
            assertSame(handlerBug, severe.get(0).getThrown());
            assertTrue(severe.get(0).getMessage().contains("Unhandled error in exception handler"), severe.get(0).getMessage());
            assertSame(boom, severe.get(1).getThrown());
            assertTrue(severe.get(1).getMessage().contains("Exception in callback"), severe.get(1).getMessage());
            assertEquals("io.loopbridge", severe.get(0).getLoggerName());
        }
        assertEquals(List.of("the loop goes on"), log);
    }

    @Test
    void defaultHandlerLogsThroughTheIoLoopbridgeSystemLoggerAtError() {
        // asyncio test_base_events.test_default_exc_handler_callback
        RuntimeException boom = new IllegalArgumentException("boom");
        try (LogCapture logs = new LogCapture()) {
            Handle h = loop.callSoon(() -> {
                throw boom;
            });
            host.runOnce();
            List<LogRecord> severe = logs.at(Level.SEVERE, "never retrieved");
            assertEquals(1, severe.size());
            assertSame(boom, severe.get(0).getThrown());
            assertEquals("io.loopbridge", severe.get(0).getLoggerName());
            assertTrue(severe.get(0).getMessage().contains("source: " + h), severe.get(0).getMessage());
        }
    }

    @Test
    void defaultHandlerNeverThrowsEvenWhenTheLoggerDoes() {
        try (LogCapture logs = new LogCapture()) {
            logs.throwOnPublish(new IllegalStateException("logging is broken"));
            loop.callSoon(() -> {
                throw new IllegalArgumentException("boom");
            });
            loop.callSoon(add("the loop goes on"));
            assertEquals(2, host.runOnce());
            assertEquals(1, logs.at(Level.SEVERE, "never retrieved").size());
        }
        assertEquals(List.of("the loop goes on"), log);
    }

    @Test
    void settingTheHandlerToNullRestoresTheDefault() {
        loop.setExceptionHandler(errors::add);
        loop.setExceptionHandler(null);
        assertNull(loop.getExceptionHandler());
        try (LogCapture logs = new LogCapture()) {
            loop.callSoon(() -> {
                throw new IllegalArgumentException("boom");
            });
            host.runOnce();
            assertEquals(1, logs.at(Level.SEVERE, "never retrieved").size());
        }
        assertTrue(errors.isEmpty());
    }

    @Test
    void callExceptionHandlerDeliversAContextAsIsFromAnyThread() throws Exception {
        loop.setExceptionHandler(errors::add);
        ErrorContext c = new ErrorContext("custom", null, "a source");
        Thread t = new Thread(() -> loop.callExceptionHandler(c));
        t.start();
        t.join();
        assertEquals(List.of(c), errors);
        assertNull(c.exception());
        assertTrue(c.toString().contains("custom"));
    }

    @Test
    void failedTaskIsNotReportedWhileItsFailureCanStillBeObserved() {
        loop.setExceptionHandler(errors::add);
        Task<Object> t = loop.createTask(() -> CompletableFuture.failedFuture(new IllegalStateException("boom")));
        host.pump();
        assertTrue(t.isCompletedExceptionally());
        assertTrue(errors.isEmpty(), "a task's failure is its own outcome, not an unhandled error: " + errors);
        t.exceptionally(e -> null); // observed now: no "never retrieved" report when it is collected
    }

    // ---------------------------------------------------------------------------------------------
    // Errors: which propagate
    // ---------------------------------------------------------------------------------------------

    @Test
    void virtualMachineErrorsPropagateOutOfRunOnceAndTheRestOfThePassRunsNextTime() {
        loop.setExceptionHandler(errors::add);
        OutOfMemoryError oom = new OutOfMemoryError("simulated");
        loop.callSoon(() -> {
            throw oom;
        });
        loop.callSoon(add("rest of the pass"));
        assertSame(oom, assertThrows(OutOfMemoryError.class, host::runOnce));
        assertTrue(errors.isEmpty(), "a fatal error is not 'handled'");
        assertEquals(1, host.runOnce());
        assertEquals(List.of("rest of the pass"), log);
        InternalError internal = new InternalError("simulated");
        loop.callSoon(() -> {
            throw internal;
        });
        assertSame(internal, assertThrows(InternalError.class, host::runOnce));
        assertThrows(IllegalStateException.class, EventLoop::current, "current() unbound after the error");
        assertEquals(0, host.runOnce());
    }

    @Test
    void stackOverflowAndOtherErrorsAreReportedAndTheLoopGoesOn() {
        loop.setExceptionHandler(errors::add);
        List<Throwable> thrown = List.of(new StackOverflowError("simulated"), new AssertionError("assert"),
                new NoClassDefFoundError("Missing"), new ExceptionInInitializerError("init"));
        for (Throwable e : thrown) {
            loop.callSoon(() -> {
                if (e instanceof Error) throw (Error) e;
            });
        }
        loop.callSoon(add("after"));
        assertEquals(5, host.runOnce());
        assertEquals(4, errors.size());
        for (int i = 0; i < 4; i++) assertSame(thrown.get(i), errors.get(i).exception());
        assertEquals(List.of("after"), log);
    }

    @Test
    void realStackOverflowInACallbackIsReportedAndTheLoopGoesOn() {
        loop.setExceptionHandler(errors::add);
        loop.callSoon(this::recurse);
        loop.callSoon(add("after"));
        host.runOnce();
        assertInstanceOf(StackOverflowError.class, errors.get(0).exception());
        assertEquals(List.of("after"), log);
    }

    private int depth;

    private void recurse() {
        depth++;
        recurse();
    }

    // ---------------------------------------------------------------------------------------------
    // "exception was never retrieved"
    // ---------------------------------------------------------------------------------------------

    /** A loop whose host is this test: its waker releases a semaphore the GC polling waits on. */
    private static final class GcHost implements AutoCloseable {
        final Semaphore woken = new Semaphore(0);
        final GuestLoop loop = new GuestLoop(woken::release);
        final List<ErrorContext> reports = new CopyOnWriteArrayList<>();

        GcHost() {
            loop.setExceptionHandler(reports::add);
            loop.runOnce(); // the test thread is the loop thread
        }

        /**
         * Collects garbage and runs the loop until {@code done} holds: bounded polling (at most ~10 s),
         * the only way to observe what the Cleaner does. Returns whether {@code done} held.
         */
        boolean gcUntil(BooleanSupplier done) throws InterruptedException {
            return gcUntil(done, 100);
        }

        boolean gcUntil(BooleanSupplier done, int rounds) throws InterruptedException {
            for (int round = 0; round < rounds; round++) {
                do loop.runOnce(); while (loop.nextTimeout() == 0); // an iteration lets go of failed futures
                if (done.getAsBoolean()) return true;
                System.gc();
                if (woken.tryAcquire(100, TimeUnit.MILLISECONDS)) loop.runOnce();
            }
            return done.getAsBoolean();
        }

        List<ErrorContext> neverRetrieved() {
            List<ErrorContext> out = new ArrayList<>();
            for (ErrorContext c : reports) if (c.message().contains("never retrieved")) out.add(c);
            return out;
        }

        @Override
        public void close() {
            loop.close();
        }
    }

    /** Fails a loop future and forgets it (in its own frame, so no local keeps it alive). */
    private static void failAndForget(GuestLoop loop, Throwable e, Consumer<LoopFuture<String>> observe) {
        LoopFuture<String> f = loop.createFuture();
        if (observe != null) observe.accept(f);
        f.completeExceptionally(e);
    }

    @Test
    void failedFutureNobodyObservedIsReportedAsNeverRetrievedAfterGc() throws Exception {
        // asyncio test_futures.test_tb_logger_exception_unretrieved
        try (GcHost gc = new GcHost()) {
            IllegalStateException boom = new IllegalStateException("nobody saw me");
            failAndForget(gc.loop, boom, null);
            assertTrue(gc.gcUntil(() -> !gc.neverRetrieved().isEmpty()), "no 'never retrieved' report within the bound");
            ErrorContext c = gc.neverRetrieved().get(0);
            assertSame(boom, c.exception());
            assertTrue(c.message().startsWith("Future exception was never retrieved"), c.message());
            assertNull(c.source(), "the future is gone by the time of the report");
        }
    }

    @Test
    void failedTaskNobodyObservedIsReportedAsNeverRetrievedAfterGc() throws Exception {
        try (GcHost gc = new GcHost()) {
            IllegalStateException boom = new IllegalStateException("task nobody awaited");
            startFailingTask(gc.loop, boom);
            assertTrue(gc.gcUntil(() -> !gc.neverRetrieved().isEmpty()), "no 'never retrieved' report within the bound");
            ErrorContext c = gc.neverRetrieved().get(0);
            assertSame(boom, c.exception());
            assertTrue(c.message().startsWith("Task exception was never retrieved"), c.message());
        }
    }

    private static void startFailingTask(GuestLoop loop, Throwable e) {
        loop.createTask(() -> loop.sleep(Duration.ZERO).thenCompose(v -> CompletableFuture.failedFuture(e)));
    }

    @Test
    void observedAndCancelledFailuresAreNeverReported() throws Exception {
        // asyncio test_futures.test_tb_logger_exception_retrieved / test_tb_logger_result_retrieved
        try (GcHost gc = new GcHost()) {
            failAndForget(gc.loop, new IllegalStateException("joined"), f -> gc.loop.callSoon(() -> {
                try {
                    f.join();
                } catch (RuntimeException expected) {
                    // observed
                }
            }));
            failAndForget(gc.loop, new IllegalStateException("handled"), f -> f.handle((v, e) -> e));
            failAndForget(gc.loop, new IllegalStateException("exceptionally"), f -> f.exceptionally(e -> "x"));
            failAndForget(gc.loop, new IllegalStateException("getNow"), f -> gc.loop.callSoon(() -> {
                try {
                    f.getNow("absent");
                } catch (RuntimeException expected) {
                    // observed
                }
            }));
            failAndForget(gc.loop, new IllegalStateException("gathered"), f -> gc.loop.gather(List.of(f)).exceptionally(e -> null));
            cancelAndForget(gc.loop);
            IllegalStateException control = new IllegalStateException("control: unobserved");
            failAndForget(gc.loop, control, null);
            assertTrue(gc.gcUntil(() -> !gc.neverRetrieved().isEmpty()), "the control was not reported within the bound");
            gc.gcUntil(() -> false, 5); // a few more rounds for any stragglers
            assertEquals(1, gc.neverRetrieved().size(), "reported: " + gc.neverRetrieved());
            assertSame(control, gc.neverRetrieved().get(0).exception());
        }
    }

    private static void cancelAndForget(GuestLoop loop) {
        loop.createFuture().cancel(false);
    }

    @Test
    void neverRetrievedReportQueuedWhenTheLoopClosesReachesItsHandler() throws Exception {
        // The Cleaner queues the report for the loop thread; a close before the next pass cancels what
        // is queued, and must not take the report with it.
        GcHost gc = new GcHost();
        IllegalStateException boom = new IllegalStateException("collected just before close");
        failAndForget(gc.loop, boom, null);
        do gc.loop.runOnce(); while (gc.loop.nextTimeout() == 0); // lets go of the failed future
        boolean queued = false;
        for (int round = 0; round < 100 && !queued; round++) {
            System.gc();
            queued = gc.woken.tryAcquire(100, TimeUnit.MILLISECONDS); // the report's wake-up; no pass runs
        }
        assertTrue(queued, "the Cleaner made no report within the bound");
        assertTrue(gc.neverRetrieved().isEmpty(), "delivered before any pass ran");
        gc.loop.close();
        assertEquals(1, gc.neverRetrieved().size(), gc.reports.toString());
        assertSame(boom, gc.neverRetrieved().get(0).exception());
    }

    @Test
    void neverRetrievedReportOfAClosedLoopGoesToTheDefaultHandler() throws Exception {
        GcHost gc = new GcHost();
        try (LogCapture logs = new LogCapture()) {
            IllegalStateException boom = new IllegalStateException("after close");
            failAndForget(gc.loop, boom, null);
            gc.loop.close();
            boolean logged = false;
            for (int round = 0; round < 100 && !logged; round++) {
                System.gc();
                gc.woken.tryAcquire(100, TimeUnit.MILLISECONDS); // bounded wait; the loop never wakes again
                for (LogRecord r : logs.records()) logged |= r.getThrown() == boom;
            }
            assertTrue(logged, "the report of a closed loop was lost");
        }
    }
}
