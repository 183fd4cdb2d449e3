package io.loopbridge.core;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An interrupted loop thread never spins (issue 13, defect 4): once its thread is interrupted, an idle
 * {@link StandaloneLoop} ends the run with {@code CompletionException(InterruptedException)} and keeps
 * the flag set, instead of returning from its park at once, forever. "No spin" is pinned by counting
 * the loop's iterations over an interval, not by timing.
 */
@Timeout(30)
class StandaloneLoopInterruptTest {
    /** An idle loop makes a handful of iterations in this interval; a spinning one, hundreds of thousands. */
    private static final long INTERVAL_MILLIS = 200;
    private static final long MAX_IDLE_ITERATIONS = 50;

    private final StandaloneLoop loop = StandaloneLoop.create();

    @AfterEach
    void closeTheLoop() {
        loop.close();
    }

    /** Fails if the loop makes more than an idle loop's iterations over the interval. */
    private void assertNotSpinning() throws InterruptedException {
        long before = loop.stats().iterations();
        Thread.sleep(INTERVAL_MILLIS);
        long made = loop.stats().iterations() - before;
        assertTrue(made <= MAX_IDLE_ITERATIONS, "the idle loop made " + made + " iterations in " + INTERVAL_MILLIS + " ms: it spins");
    }

    @Test
    void aCallbackThatRestoresTheInterruptFlagEndsTheIdleRunInsteadOfSpinning() throws Exception {
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        CompletableFuture<Boolean> flag = new CompletableFuture<>();
        Thread runner = new Thread(() -> {
            try {
                loop.runForever();
                ended.complete(null);
            } catch (Throwable e) {
                ended.complete(e);
            } finally {
                flag.complete(Thread.currentThread().isInterrupted());
            }
        }, "runner");
        runner.setDaemon(true);
        loop.callSoon(() -> Thread.currentThread().interrupt()); // the catch-InterruptedException idiom
        runner.start();
        assertNotSpinning();
        Throwable e = ended.get(10, TimeUnit.SECONDS);
        assertInstanceOf(CompletionException.class, e, "the interrupted run did not end with an error: " + e);
        assertInstanceOf(InterruptedException.class, e.getCause());
        assertTrue(e.getMessage().contains("interrupted"), e.getMessage());
        assertTrue(flag.get(10, TimeUnit.SECONDS), "the interrupt flag was swallowed");
    }

    @Test
    void shutdownNowOnTheExecutorRunningRunForeverEndsTheRunInsteadOfSpinning() throws Exception {
        ExecutorService exec = Executors.newSingleThreadExecutor();
        try {
            CountDownLatch running = new CountDownLatch(1);
            loop.callSoon(running::countDown);
            Future<?> run = exec.submit(loop::runForever);
            assertTrue(running.await(10, TimeUnit.SECONDS));
            exec.shutdownNow(); // interrupts the thread inside runForever
            assertNotSpinning();
            assertTrue(exec.awaitTermination(10, TimeUnit.SECONDS), "runForever never returned");
            Throwable e = assertThrowsExecution(run);
            assertInstanceOf(CompletionException.class, e);
            assertInstanceOf(InterruptedException.class, e.getCause());
        } finally {
            exec.shutdownNow();
        }
    }

    @Test
    void anInterruptedLoopThreadStillRunsWhatIsReadyBeforeItEndsTheRun() {
        // preemptive: on a loop that spins, the run would never return to the test
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10), () -> {
            CompletableFuture<String> later = new CompletableFuture<>();
            loop.callSoon(() -> {
                Thread.currentThread().interrupt();
                loop.callSoon(() -> later.complete("ran"));
            });
            CompletionException e = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class, loop::runForever);
            assertInstanceOf(InterruptedException.class, e.getCause());
            assertTrue(Thread.interrupted(), "the flag is kept (and cleared here)");
            assertTrue(later.isDone(), "ready work was dropped: the run ends only when it would wait");
        });
    }

    private static Throwable assertThrowsExecution(Future<?> f) throws Exception {
        try {
            f.get(10, TimeUnit.SECONDS);
            throw new AssertionError("the run ended normally");
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        }
    }
}
