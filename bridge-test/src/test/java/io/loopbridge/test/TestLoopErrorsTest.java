package io.loopbridge.test;

import io.loopbridge.core.ErrorContext;
import io.loopbridge.core.LoopFuture;
import io.loopbridge.core.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Errors fail the test by default on a {@link TestLoop} (as kotlinx-coroutines-test's runTest), with an opt-out. */
@Timeout(30)
class TestLoopErrorsTest {

    @Test
    void aThrowingCallbackFailsTheNextDriveCallWithItsExceptionAsCause() {
        try (TestLoop loop = TestLoop.create()) {
            IllegalStateException boom = new IllegalStateException("boom");
            loop.callLater(Duration.ofSeconds(1), () -> {
                throw boom;
            });
            boolean[] after = {false};
            loop.callLater(Duration.ofSeconds(2), () -> after[0] = true);
            AssertionError e = assertThrows(AssertionError.class, () -> loop.advanceBy(Duration.ofSeconds(5)));
            assertSame(boom, e.getCause());
            assertTrue(e.getMessage().contains("exception handler of"), e.getMessage());
            assertTrue(e.getMessage().contains("Exception in callback"), e.getMessage());
            assertTrue(after[0], "the loop went on after the throwing callback");
            loop.advanceBy(Duration.ofSeconds(1)); // reported once only
        }
    }

    /** Ported: RunTestTest.testSuppressedExceptions: the first report is the cause, the others are suppressed. */
    @Test
    void severalReportsFailOnceTheFirstAsCauseTheOthersSuppressed() {
        try (TestLoop loop = TestLoop.create()) {
            for (String m : List.of("x", "y", "z")) loop.callSoon(() -> {
                throw new IllegalArgumentException(m);
            });
            AssertionError e = assertThrows(AssertionError.class, loop::runCurrent);
            assertEquals("x", e.getCause().getMessage());
            assertEquals(2, e.getSuppressed().length);
            assertEquals("y", e.getSuppressed()[0].getMessage());
            assertEquals("z", e.getSuppressed()[1].getMessage());
            assertTrue(e.getMessage().contains(" 3 times"), e.getMessage());
        }
    }

    @Test
    void callExceptionHandlerReportsFailTheTestToo() {
        try (TestLoop loop = TestLoop.builder().autoAdvance(true).build()) {
            loop.callSoon(() -> loop.callExceptionHandler(new ErrorContext("lost a reply", null, null)));
            AssertionError e = assertThrows(AssertionError.class, () -> loop.runUntilComplete(loop.sleep(Duration.ofSeconds(1))));
            assertTrue(e.getMessage().contains("lost a reply"), e.getMessage());
        }
    }

    /** Ported: RunTestTest.testThrowingInRunTestPendingTask: a task that fails and that nobody awaits fails the test at close. */
    @Test
    void aTaskThatFailedUnobservedFailsClose() {
        TestLoop loop = TestLoop.create();
        RuntimeException boom = new RuntimeException("nobody awaited me");
        Task<Object> t = loop.createTask(() -> loop.sleep(Duration.ofSeconds(1)).thenApply(v -> {
            throw boom;
        }));
        t.setName("watchdog");
        loop.advanceUntilIdle(); // no exception handler report: the failure is the task's
        AssertionError e = assertThrows(AssertionError.class, loop::close);
        assertTrue(e.getMessage().contains("failed and nobody observed it"), e.getMessage());
        assertTrue(e.getMessage().contains("Task exception was never retrieved"), e.getMessage());
        assertTrue(e.getMessage().contains("watchdog"), e.getMessage());
        assertSame(boom, e.getCause() instanceof CompletionException ? e.getCause().getCause() : e.getCause());
        loop.close(); // idempotent: fails once
    }

    @Test
    void aFailedFutureThatTheTestObservedDoesNotFailClose() {
        try (TestLoop loop = TestLoop.create()) {
            Task<Object> t = loop.createTask(() -> loop.sleep(Duration.ofSeconds(1)).thenApply(v -> {
                throw new IllegalStateException("expected");
            }));
            LoopFuture<Void> f = loop.createFuture();
            f.completeExceptionally(new IllegalStateException("also expected"));
            loop.advanceUntilIdle();
            assertThrows(CompletionException.class, t::join);
            assertTrue(f.isCompletedExceptionally());
            assertThrows(CompletionException.class, () -> f.getNow(null));
        }
    }

    @Test
    void aFailureHandledDownstreamIsObserved() {
        try (TestLoop loop = TestLoop.create()) {
            String[] out = {null};
            loop.runInExecutor(() -> {
                throw new java.io.IOException("offline");
            }).exceptionally(e -> "fallback").thenAccept(v -> out[0] = (String) v);
            loop.advanceUntilIdle();
            assertEquals("fallback", out[0]);
        }
    }

    @Test
    void cancellationIsNotAFailure() {
        try (TestLoop loop = TestLoop.create()) {
            Task<Void> t = loop.createTask(() -> loop.sleep(Duration.ofHours(1)));
            loop.runCurrent();
            t.cancel(true);
            loop.advanceUntilIdle();
            loop.sleep(Duration.ofHours(3)); // cancelled by close: not a failure either
        }
    }

    @Test
    void failOnErrorsOffCollectsTheReportsAndTheUnobservedFailuresInErrors() {
        TestLoop loop = TestLoop.builder().failOnErrors(false).build();
        loop.callSoon(() -> {
            throw new IllegalStateException("in a callback");
        });
        loop.createTask(() -> {
            throw new IllegalStateException("in a task");
        });
        loop.runCurrent();
        assertEquals(1, loop.errors().size());
        assertEquals("in a callback", loop.errors().get(0).exception().getMessage());
        loop.close(); // does not throw
        List<ErrorContext> errors = loop.errors();
        assertEquals(2, errors.size(), errors.toString());
        assertTrue(errors.get(1).message().startsWith("Task exception was never retrieved"), errors.get(1).message());
    }

    @Test
    void aHandlerOfTheTestsOwnReceivesTheReportsInsteadAndNullRestoresTheKits() {
        try (TestLoop loop = TestLoop.create()) {
            List<ErrorContext> mine = new ArrayList<>();
            loop.setExceptionHandler(mine::add);
            loop.callSoon(() -> {
                throw new IllegalStateException("mine");
            });
            loop.runCurrent();
            assertEquals(1, mine.size());
            assertEquals(0, loop.errors().size());
            loop.setExceptionHandler(null);
            loop.callSoon(() -> {
                throw new IllegalStateException("the kit's");
            });
            assertThrows(AssertionError.class, loop::runCurrent);
        }
    }

    @Test
    void anErrorNotYetRethrownFailsClose() {
        TestLoop loop = TestLoop.create();
        loop.callSoon(() -> {
            throw new IllegalStateException("late");
        });
        loop.callSoon(loop::close); // closes from a callback: the drive call sees the report...
        AssertionError e = assertThrows(AssertionError.class, loop::runCurrent);
        assertEquals("late", e.getCause().getMessage());
        loop.close(); // ... and close does not report it twice
    }
}
