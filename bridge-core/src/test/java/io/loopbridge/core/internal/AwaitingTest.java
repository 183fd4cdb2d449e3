package io.loopbridge.core.internal;

import io.loopbridge.core.LoopBlockingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The await paths that need no coroutine, on every JDK: which path an await takes (a loop thread outside a
 * coroutine is refused, saying to use launch), the blocking path off the loop thread, and how a failure is
 * thrown (the exception itself when unchecked, a checked one in a {@code CompletionException}).
 */
@Timeout(60)
class AwaitingTest {

    @Test
    void offTheLoopThreadOutsideACoroutineAnAwaitBlocks() {
        assertEquals(Awaiting.Path.BLOCK, Awaiting.decide(null, false, "loop"));
    }

    @Test
    void onTheLoopThreadOutsideACoroutineAnAwaitThrowsLoopBlockingExceptionSayingToUseLaunch() {
        LoopBlockingException e = assertThrows(LoopBlockingException.class, () -> Awaiting.decide(null, true, "FxLoop[1]"));
        assertTrue(e.getMessage().startsWith("await() on the loop thread of FxLoop[1] outside a coroutine would block the loop:"
                + " run this code in a coroutine started with launch(...)"), e.getMessage());
        if (CoroutineSupport.isSupported()) assertFalse(e.getMessage().contains("unavailable"), e.getMessage());
        else assertTrue(e.getMessage().endsWith("; note that coroutines are unavailable here: " + CoroutineSupport.reason()), e.getMessage());
    }

    @Test
    void suspendOutsideACoroutineThrowsOnEveryJdk() {
        IllegalStateException e = assertThrows(IllegalStateException.class, Coroutine::suspend);
        assertEquals("suspend outside a coroutine: only code running in a coroutine's body (started with launch) can suspend,"
                + " and only on the thread that runs it", e.getMessage());
        assertEquals(null, Coroutine.current());
    }

    @Test
    void joinReturnsTheValueOfAStageCompletedByAnotherThread() throws Exception {
        CompletableFuture<String> f = new CompletableFuture<>();
        Thread t = new Thread(() -> f.complete("v"));
        t.start();
        assertEquals("v", Awaiting.join(f));
        t.join();
    }

    @Test
    void joinWorksForAStageThatIsNotACompletableFuture() {
        CompletableFuture<String> f = new CompletableFuture<>();
        CompletionStage<String> minimal = f.minimalCompletionStage();
        f.complete("m");
        assertEquals("m", Awaiting.join(minimal));
        CompletableFuture<String> g = new CompletableFuture<>();
        CompletionStage<String> failing = g.minimalCompletionStage();
        IllegalArgumentException boom = new IllegalArgumentException();
        g.completeExceptionally(boom);
        assertSame(boom, assertThrows(IllegalArgumentException.class, () -> Awaiting.join(failing)));
    }

    @Test
    void joinThrowsAnUncheckedFailureItselfNotWrapped() {
        IllegalStateException boom = new IllegalStateException("boom");
        assertSame(boom, assertThrows(IllegalStateException.class, () -> Awaiting.join(CompletableFuture.failedFuture(boom))));
        // a dependent's failure, which CompletableFuture wraps in CompletionException
        CompletableFuture<Object> dependent = CompletableFuture.completedFuture(1).thenApply(v -> {
            throw boom;
        });
        assertSame(boom, assertThrows(IllegalStateException.class, () -> Awaiting.join(dependent)));
    }

    @Test
    void joinThrowsCancellationExceptionItself() {
        CompletableFuture<String> f = new CompletableFuture<>();
        f.cancel(false);
        assertThrows(CancellationException.class, () -> Awaiting.join(f));
    }

    @Test
    void joinWrapsACheckedFailureInCompletionExceptionWithItAsTheCause() {
        IOException io = new IOException("io");
        CompletionException e = assertThrows(CompletionException.class, () -> Awaiting.join(CompletableFuture.failedFuture(io)));
        assertSame(io, e.getCause());
    }

    @Test
    void failureUnwrapsNestedCompletionExceptionsAndWrapsOnlyCheckedCauses() {
        TimeoutException timeout = new TimeoutException();
        RuntimeException unchecked = new RuntimeException();
        assertSame(unchecked, Awaiting.failure(new CompletionException(new CompletionException(unchecked))));
        assertSame(timeout, Awaiting.failure(new CompletionException(timeout)).getCause());
        assertEquals(CompletionException.class, Awaiting.failure(timeout).getClass());
        CompletionException bare = new CompletionException("no cause", null);
        assertSame(bare, Awaiting.failure(bare));
        CancellationException c = new CancellationException();
        assertSame(c, Awaiting.failure(new CompletionException(c)));
        StackOverflowError error = new StackOverflowError();
        assertSame(error, assertThrows(StackOverflowError.class, () -> Awaiting.failure(new CompletionException(error))));
    }
}
