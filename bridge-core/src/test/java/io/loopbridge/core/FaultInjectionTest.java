package io.loopbridge.core;

import io.loopbridge.core.testkit.TestCores;
import io.loopbridge.core.testkit.ManualClock;
import io.loopbridge.core.testkit.RecordingHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fault injection: each fault is reported to someone (the exception handler, the caller, or, for the
 * JVM's fatal errors, the host through {@code runOnce}) and leaves the loop consistent: the host can go
 * on calling {@code runOnce}, nothing is lost, nothing runs twice, and what waits on the faulty work ends.
 *
 * <p>Which errors propagate (the JVM's analogue of asyncio's {@code SystemExit}/{@code KeyboardInterrupt}):
 * {@link VirtualMachineError} except {@link StackOverflowError} ({@code OutOfMemoryError},
 * {@code InternalError}, {@code UnknownError}). Everything else, {@code AssertionError} and
 * {@code StackOverflowError} included, is reported and the loop goes on. A fatal error thrown by a task's
 * body also fails the task (as asyncio's {@code Task.__step} does before re-raising), so code that awaits
 * the task does not wait forever. See {@code docs/reliability.md}.
 */
@Timeout(30)
class FaultInjectionTest {
    private final RecordingHost host = RecordingHost.create();
    private final GuestLoop loop = host.loop();
    private final ManualClock clock = host.clock();
    private final List<ErrorContext> errors = Collections.synchronizedList(new ArrayList<>());
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void closeTheLoop() {
        host.assertContractKept();
        loop.close();
    }

    private Runnable add(String s) {
        return () -> log.add(s);
    }

    /** The loop's pending futures and tasks (white box: what close() would still have to cancel). */
    private static int pendingOwned(GuestLoop loop) {
        return loop.pendingOwned();
    }

    /** After a fatal error the loop is back to its idle state on the host thread. */
    private void assertIdleAndUnbound() {
        assertFalse(loop.isRunning(), "runOnce depth restored");
        assertNull(Task.current(), "no task is current");
        assertThrows(IllegalStateException.class, EventLoop::current, "current() unbound outside runOnce");
    }

    // ---------------------------------------------------------------------------------------------
    // Fatal errors: out of runOnce, loop consistent, waiters released
    // ---------------------------------------------------------------------------------------------

    @Test
    void everyVirtualMachineErrorButStackOverflowPropagatesAndTheNextRunOnceGoesOn() {
        loop.setExceptionHandler(errors::add);
        List<VirtualMachineError> fatal = List.of(new OutOfMemoryError("simulated"), new InternalError("simulated"),
                new UnknownError("simulated"));
        for (VirtualMachineError e : fatal) {
            int[] runs = {0};
            Handle faulty = loop.callSoon(() -> {
                runs[0]++;
                throw e;
            });
            loop.callSoon(add("after " + e.getClass().getSimpleName()));
            assertSame(e, assertThrows(VirtualMachineError.class, host::runOnce));
            assertIdleAndUnbound();
            assertFalse(faulty.isCancelled(), "the faulty callback counts as run");
            assertEquals(0, loop.nextTimeout(), "the rest of the pass is ready");
            assertEquals(1, host.runOnce());
            assertEquals(1, runs[0], "never run twice");
        }
        assertEquals(List.of("after OutOfMemoryError", "after InternalError", "after UnknownError"), log);
        assertTrue(errors.isEmpty(), "fatal errors are not 'handled': " + errors);
    }

    @Test
    void fatalErrorThrownFromANestedRunOnceUnwindsBothPassesAndTheHostGoesOn() {
        OutOfMemoryError oom = new OutOfMemoryError("simulated");
        loop.callSoon(() -> {
            log.add("outer");
            loop.callSoon(() -> {
                throw oom;
            });
            loop.callSoon(add("queued behind the error"));
            host.runOnce(); // a modal dialog's event loop: the host runs the loop again
            log.add("not reached");
        });
        loop.callSoon(add("rest of the outer pass"));
        assertSame(oom, assertThrows(OutOfMemoryError.class, host::runOnce));
        assertIdleAndUnbound();
        host.pump();
        assertEquals(List.of("outer", "rest of the outer pass", "queued behind the error"), log);
    }

    @Test
    void fatalErrorInATaskBodyFailsTheTaskAndPropagates() {
        OutOfMemoryError oom = new OutOfMemoryError("simulated");
        Task<String> task = loop.createTask(() -> {
            throw oom;
        });
        LoopFuture<String> awaiting = task.thenApply(v -> v);
        assertSame(oom, assertThrows(OutOfMemoryError.class, host::runOnce));
        assertIdleAndUnbound();
        assertTrue(task.isCompletedExceptionally(), "a task whose body died must not stay pending forever");
        host.pump();
        CompletionException e = assertThrows(CompletionException.class, awaiting::join);
        assertSame(oom, e.getCause());
    }

    @Test
    void fatalErrorInAnEagerTaskBodyFailsTheTaskAndPropagatesToTheCaller() {
        host.runOnce();
        OutOfMemoryError oom = new OutOfMemoryError("simulated");
        List<Task<Object>> created = new ArrayList<>();
        loop.callSoon(() -> created.add(loop.createEagerTask(() -> {
            throw oom;
        })));
        assertSame(oom, assertThrows(OutOfMemoryError.class, host::runOnce));
        assertTrue(created.isEmpty(), "createEagerTask threw");
        assertIdleAndUnbound();
        host.pump();
    }

    @Test
    void fatalErrorInAContinuationFailsTheDependentFutureAsCompletableFutureDoes() {
        // CompletableFuture catches every Throwable of a dependent action and completes the dependent with
        // it; the loop runs the dependent's completion as a callback, so the error is a result, not a crash
        OutOfMemoryError oom = new OutOfMemoryError("simulated");
        LoopFuture<String> f = loop.createFuture();
        LoopFuture<String> dependent = f.thenApply(v -> {
            throw oom;
        });
        f.complete("x");
        host.pump();
        assertSame(oom, assertThrows(CompletionException.class, dependent::join).getCause());
    }

    @Test
    void fatalErrorThrownByTheExceptionHandlerPropagatesAndTheLoopGoesOn() {
        OutOfMemoryError oom = new OutOfMemoryError("simulated");
        loop.setExceptionHandler(c -> {
            throw oom;
        });
        loop.callSoon(() -> {
            throw new IllegalStateException("reported");
        });
        loop.callSoon(add("after"));
        assertSame(oom, assertThrows(OutOfMemoryError.class, host::runOnce));
        assertIdleAndUnbound();
        host.pump();
        assertEquals(List.of("after"), log);
    }

    // ---------------------------------------------------------------------------------------------
    // Faulty exception handlers, wakers, executors
    // ---------------------------------------------------------------------------------------------

    @Test
    void handlerThrowingAnAssertionErrorFallsBackToTheDefaultHandlerAndTheLoopGoesOn() {
        try (LogCapture logged = new LogCapture()) {
            AssertionError inHandler = new AssertionError("handler broken");
            IllegalStateException original = new IllegalStateException("original");
            loop.setExceptionHandler(c -> {
                throw inHandler;
            });
            loop.callSoon(() -> {
                throw original;
            });
            loop.callSoon(add("after"));
            assertEquals(2, host.runOnce());
            List<java.util.logging.LogRecord> severe = logged.at(Level.SEVERE, "never retrieved");
            assertEquals(2, severe.size(), "the handler's own error and the original one");
            assertSame(inHandler, severe.get(0).getThrown());
            assertSame(original, severe.get(1).getThrown());
        }
        assertEquals(List.of("after"), log);
    }

    @Test
    void wakerThatThrowsIsReportedTheSubmissionStillRunsAndTheNextSubmissionWakesAgain() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        GuestLoop l = new GuestLoop(() -> {
            if (calls.incrementAndGet() == 1) throw new IllegalStateException("host is gone");
        }, clock);
        l.setExceptionHandler(errors::add);
        l.runOnce(); // the test thread is the loop thread
        Thread t = new Thread(() -> l.callSoon(add("first")));
        t.start();
        t.join();
        assertEquals(1, errors.size());
        assertTrue(errors.get(0).message().contains("HostWaker.wakeUp() failed"), errors.get(0).message());
        Thread t2 = new Thread(() -> l.callSoon(add("second")));
        t2.start();
        t2.join();
        assertEquals(2, calls.get(), "the failed wake-up did not leave the flag set: the next submission wakes");
        assertEquals(2, l.runOnce());
        assertEquals(List.of("first", "second"), log);
        l.close();
    }

    @Test
    void rejectingExecutorFailsTheFutureWithTheRejectionAndLeavesNothingPending() throws Exception {
        host.runOnce();
        Executor rejecting = r -> {
            throw new RejectedExecutionException("full");
        };
        LoopFuture<Integer> f = loop.runInExecutor(rejecting, () -> 1);
        assertTrue(f.isCompletedExceptionally());
        assertInstanceOf(RejectedExecutionException.class, assertThrows(CompletionException.class, f::join).getCause());
        assertEquals(0, pendingOwned(loop));
    }

    @Test
    void executorThatThrowsSomethingElseThrowsToTheCallerAndLeavesNothingPending() throws Exception {
        host.runOnce();
        Executor broken = r -> {
            throw new IllegalStateException("broken executor");
        };
        for (int i = 0; i < 1_000; i++) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> loop.runInExecutor(broken, () -> 1));
            assertEquals("broken executor", e.getMessage());
        }
        assertEquals(0, pendingOwned(loop), "futures of work that was never accepted stay pending in the loop");
    }

    @Test
    void executorWorkThatThrowsAnErrorFailsItsFuture() throws Exception {
        host.runOnce();
        AssertionError boom = new AssertionError("in the worker");
        LoopFuture<Object> f = loop.runInExecutor(Runnable::run, () -> {
            throw boom;
        });
        host.pump();
        assertSame(boom, assertThrows(CompletionException.class, f::join).getCause());
    }

    // ---------------------------------------------------------------------------------------------
    // A task that ignores its cancellation
    // ---------------------------------------------------------------------------------------------

    /** A body that catches every cancellation and waits again, forever. */
    private CompletableFuture<String> stubbornWait(AtomicInteger caught) {
        return loop.sleep(Duration.ofHours(1)).handle((v, e) -> {
            if (e != null) caught.incrementAndGet();
            return v;
        }).thenCompose(v -> stubbornWait(caught));
    }

    @Test
    void taskThatIgnoresCancellationKeepsRunningEachCancelReachesItsWaitAndCloseEndsIt() {
        AtomicInteger caught = new AtomicInteger();
        Task<String> stubborn = loop.createTask(() -> stubbornWait(caught));
        host.runOnce();
        for (int i = 1; i <= 5; i++) {
            assertTrue(stubborn.cancel(true));
            while (loop.nextTimeout() == 0) host.runOnce(); // what is ready (pump() would jump to its next hour)
            assertEquals(i, caught.get(), "cancel #" + i + " reached the sleep it waited on");
            assertFalse(stubborn.isDone(), "it caught the cancellation and waits again");
            assertTrue(stubborn.isCancelRequested());
            assertEquals(1, loop.stats().pendingTimers(), "only its current sleep is pending: no timer left behind");
        }
        loop.close(); // the body catches this one too, and tries to sleep again: on a closed loop
        assertTrue(stubborn.isCancelled(), "close() ends it cancelled, not failed with the rejection of its retry: " + stubborn);
        assertEquals(0, loop.stats().pendingTimers());
        assertThrows(CancellationException.class, stubborn::join);
    }

    @Test
    void taskThatIgnoresCancellationFromAnotherThreadIsStillEndedByCloseFromAnotherThread() throws Exception {
        AtomicInteger caught = new AtomicInteger();
        Task<String> stubborn = loop.createTask(() -> stubbornWait(caught));
        host.runOnce();
        Thread t = new Thread(() -> {
            stubborn.cancel(true);
            loop.close();
        });
        t.start();
        t.join();
        assertTrue(host.woken(), "close() from another thread wakes the host for the cleanup");
        host.runOnce();
        assertTrue(stubborn.isCancelled());
        assertEquals(0, loop.stats().pendingTimers());
    }

    // ---------------------------------------------------------------------------------------------
    // Standalone host: a fatal error ends the run, not the loop
    // ---------------------------------------------------------------------------------------------

    @Test
    void standaloneLoopRunEndsWithAFatalErrorAndTheLoopRunsAgainLosingNothing() {
        try (StandaloneLoop s = StandaloneLoop.create()) {
            OutOfMemoryError oom = new OutOfMemoryError("simulated");
            s.callSoon(() -> {
                throw oom;
            });
            s.callSoon(add("after"));
            LoopFuture<String> done = TestCores.of(s).createFuture();
            s.callLater(Duration.ofMillis(1), () -> done.complete("done"));
            assertSame(oom, assertThrows(OutOfMemoryError.class, () -> s.runUntilComplete(done)));
            assertFalse(s.isRunning());
            assertNull(TestCores.of(s).loopThread(), "the run let go of the thread");
            assertEquals("done", s.runUntilComplete(done));
            assertEquals(List.of("after"), log);
        }
    }
}
