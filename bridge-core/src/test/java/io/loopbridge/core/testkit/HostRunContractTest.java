package io.loopbridge.core.testkit;

import io.loopbridge.core.EventLoop;
import io.loopbridge.core.LoopFuture;
import io.loopbridge.core.StandaloneLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rules of running a host's loop that hold on every host (issue 13's host-side defects): what
 * {@code isRunning()} means, how a run on another thread ends when the loop stops, closes or the waiting
 * thread is interrupted, and a future of a loop nobody drives. Subclassed by the standalone, JavaFX,
 * Swing and test-toolkit hosts' tests; the runs here are all made from threads other than the loop's,
 * so the same code holds for a loop that only runs inside a run (standalone) and for one its toolkit
 * drives anyway.
 */
@Timeout(60)
public abstract class HostRunContractTest {

    protected EventLoop loop;

    /** A fresh loop for one test; closed after it. */
    protected abstract EventLoop createLoop();

    /** What the host names its loops, before the number: {@code "FxLoop-"} for {@code FxLoop-1}. */
    protected abstract String loopNamePrefix();

    @BeforeEach
    void createTheLoop() {
        loop = createLoop();
    }

    @AfterEach
    void closeTheLoop() {
        if (loop != null) loop.close();
    }

    /** What a thread threw, exactly. */
    private static final class Thrown extends RuntimeException {
        Thrown(Throwable e) {
            super(e);
        }
    }

    /** Runs {@code call} on a new thread; the returned future has what it returned or threw. */
    private static <T> CompletableFuture<T> onNewThread(String name, Supplier<T> call, Thread[] started) {
        CompletableFuture<T> out = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                out.complete(call.get());
            } catch (Throwable e) {
                out.completeExceptionally(new Thrown(e)); // as thrown: CompletableFuture would unwrap a CompletionException
            }
        }, name);
        t.setDaemon(true);
        if (started != null) started[0] = t;
        t.start();
        return out;
    }

    /** Starts {@code runForever()} on a new thread and returns once the loop reports it running. */
    private CompletableFuture<Object> runForeverOnAnotherThread() throws InterruptedException {
        CompletableFuture<Object> a = onNewThread("runner-A", () -> {
            loop.runForever();
            return "returned";
        }, null);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!loop.isRunning() && !a.isDone() && System.nanoTime() < deadline) Thread.sleep(1);
        assertTrue(loop.isRunning(), "runForever on another thread is not reported running");
        return a;
    }

    /** Waits until {@code t} blocks (in a wait of the loop's). */
    private static void awaitBlocked(Thread t) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Thread.State s = t.getState(); // one sample decides: a wait can end between two reads
        while (s != Thread.State.WAITING && s != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
            Thread.sleep(1);
            s = t.getState();
        }
        assertTrue(s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING, "thread '" + t.getName() + "' never blocked: " + s);
    }

    private static Throwable failureOf(CompletableFuture<?> f) throws Exception {
        try {
            f.get(10, TimeUnit.SECONDS);
            return null;
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause() instanceof Thrown ? e.getCause().getCause() : e.getCause();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Names
    // ---------------------------------------------------------------------------------------------

    @Test
    protected void theLoopAndItsWorkerThreadsCarryTheHostsName() {
        String worker = loop.runUntilComplete(loop.runInExecutor(() -> Thread.currentThread().getName()));
        String prefix = java.util.regex.Pattern.quote(loopNamePrefix());
        assertTrue(worker.matches(prefix + "\\d+-worker-\\d+"), worker);
        String name = worker.substring(0, worker.indexOf("-worker-"));
        assertTrue(loop.toString().startsWith(name), loop + " does not say its name " + name);
    }

    // ---------------------------------------------------------------------------------------------
    // isRunning(): one meaning on every host
    // ---------------------------------------------------------------------------------------------

    @Test
    protected void isRunningIsFalseWhileNoRunIsInProgressAndNoCallbackRuns() {
        assertFalse(loop.isRunning());
    }

    @Test
    protected void isRunningIsTrueInsideEveryCallback() throws Exception {
        LoopFuture<Boolean> inside = loop.createFuture();
        loop.callSoon(() -> inside.complete(loop.isRunning()));
        assertTrue(loop.runUntilComplete(inside));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (loop.isRunning() && System.nanoTime() < deadline) Thread.sleep(1); // the pass may still be finishing
        assertFalse(loop.isRunning(), "the run is over");
    }

    @Test
    protected void isRunningIsTrueWhileARunForeverIsInProgressAndFalseOnceItReturned() throws Exception {
        CompletableFuture<Object> a = runForeverOnAnotherThread();
        assertFalse(a.isDone());
        loop.stop();
        assertEquals("returned", a.get(10, TimeUnit.SECONDS));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (loop.isRunning() && System.nanoTime() < deadline) Thread.sleep(1); // a last callback may run
        assertFalse(loop.isRunning());
    }

    // ---------------------------------------------------------------------------------------------
    // A run on another thread: released when the loop stops or closes (defect 5)
    // ---------------------------------------------------------------------------------------------

    @Test
    protected void runUntilCompleteOnAnotherThreadThrowsWhenTheLoopIsStopped() throws Exception {
        CompletableFuture<Object> a = runForeverOnAnotherThread();
        Thread[] b = new Thread[1];
        CompletableFuture<Object> waiting = onNewThread("waiter-B", () -> loop.runUntilComplete(new CompletableFuture<>()), b);
        awaitBlocked(b[0]);
        loop.stop();
        assertEquals("returned", a.get(10, TimeUnit.SECONDS));
        Throwable e = failureOf(waiting);
        assertInstanceOf(IllegalStateException.class, e, "waiter-B was not released: " + e);
        assertTrue(e.getMessage().contains("stopped before"), e.getMessage());
    }

    @Test
    protected void runUntilCompleteOnAnotherThreadThrowsWhenTheLoopIsClosed() throws Exception {
        CompletableFuture<Object> a = runForeverOnAnotherThread();
        Thread[] b = new Thread[1];
        CompletableFuture<Object> waiting = onNewThread("waiter-B", () -> loop.runUntilComplete(new CompletableFuture<>()), b);
        awaitBlocked(b[0]);
        loop.close();
        assertEquals("returned", a.get(10, TimeUnit.SECONDS));
        Throwable e = failureOf(waiting);
        assertInstanceOf(IllegalStateException.class, e, "waiter-B was not released: " + e);
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    // ---------------------------------------------------------------------------------------------
    // Interrupting a waiting run: one rule (defect 10)
    // ---------------------------------------------------------------------------------------------

    @Test
    protected void interruptingAThreadWaitingInRunUntilCompleteThrowsCompletionExceptionAndKeepsTheFlag() throws Exception {
        CompletableFuture<Object> a = runForeverOnAnotherThread();
        Thread[] b = new Thread[1];
        CompletableFuture<Boolean> flagAfter = new CompletableFuture<>();
        CompletableFuture<Object> waiting = onNewThread("waiter-B", () -> {
            try {
                return loop.runUntilComplete(new CompletableFuture<>());
            } finally {
                flagAfter.complete(Thread.currentThread().isInterrupted());
            }
        }, b);
        awaitBlocked(b[0]);
        b[0].interrupt();
        Throwable e = failureOf(waiting);
        assertInstanceOf(CompletionException.class, e, "an interrupted wait did not end: " + e);
        assertInstanceOf(InterruptedException.class, e.getCause());
        assertTrue(flagAfter.get(10, TimeUnit.SECONDS), "the interrupt flag was not restored");
        assertFalse(a.isDone(), "the interrupt of a waiter stopped the loop");
        loop.stop();
        assertEquals("returned", a.get(10, TimeUnit.SECONDS));
    }

    // ---------------------------------------------------------------------------------------------
    // A future of a loop nobody drives (defect 6)
    // ---------------------------------------------------------------------------------------------

    @Test
    protected void runUntilCompleteOfAFutureOfALoopThatDoesNotRunFailsAtOnce() throws Exception {
        try (StandaloneLoop other = StandaloneLoop.create()) {
            LoopFuture<String> foreign = other.createFuture();
            CompletableFuture<Object> call = onNewThread("caller", () -> loop.runUntilComplete(foreign), null);
            Throwable e = failureOf(call);
            assertInstanceOf(IllegalArgumentException.class, e, "it did not fail at once: " + e);
            assertTrue(e.getMessage().contains(other.toString()) || e.getMessage().contains("not running"), e.getMessage());
            assertFalse(loop.isRunning(), "a refused run leaves no run behind");
        }
    }

    @Test
    protected void runUntilCompleteOfAFutureOfALoopRunningElsewhereReturnsItsValue() throws Exception {
        try (StandaloneLoop other = StandaloneLoop.create()) {
            LoopFuture<String> foreign = other.createFuture();
            CompletableFuture<Object> otherRun = onNewThread("other-runner", () -> {
                other.runForever();
                return null;
            }, null);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!other.isRunning() && System.nanoTime() < deadline) Thread.sleep(1);
            other.callLater(java.time.Duration.ofMillis(5), () -> foreign.complete("from the other loop"));
            CompletableFuture<Object> call = onNewThread("caller", () -> loop.runUntilComplete(foreign), null);
            assertEquals("from the other loop", call.get(10, TimeUnit.SECONDS));
            other.stop();
            otherRun.get(10, TimeUnit.SECONDS);
        }
    }
}
