package io.loopbridge.core;

import io.loopbridge.core.testkit.CoroutineJdk;
import io.loopbridge.core.testkit.RecordingHost;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import static io.loopbridge.core.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The three ways an await attaches to what it awaits, each pinned: a pending future of the coroutine's own
 * loop is called back by its own completion (no dependent stage: {@code getNumberOfDependents()} stays 0);
 * a future {@code CompletableFuture} completes from inside (a dependent stage of a {@code LoopFuture}), a
 * second await of the same pending future, and a foreign stage attach a {@code whenComplete} dependent; a
 * done stage attaches nothing. Every way a {@code LoopFuture} can complete resumes the coroutine awaiting it
 * directly. Runs on JDK 21+ ({@link CoroutineJdk}).
 */
@Timeout(60)
class AwaitPathsTest extends ToolboxTestSupport {
    @Override
    RecordingHost newHost() {
        return RecordingHost.create().toleratingLateWakeUps(); // one test completes from another thread
    }

    @BeforeEach
    void coroutinesHere() {
        CoroutineJdk.requireCoroutines();
    }

    /** What the body's await returned or threw, as text. */
    private static String outcome(LoopFuture<String> f) {
        try {
            return "value " + await(f);
        } catch (CompletionException e) {
            return "CompletionException(" + e.getCause() + ")";
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : "(" + e.getMessage() + ")");
        }
    }

    @Test
    void anAwaitOfThisLoopsPendingFutureAttachesNoDependentAndIsResumedByEachWayItCanComplete() {
        Map<String, Consumer<LoopFuture<String>>> ways = new LinkedHashMap<>();
        ways.put("complete", f -> f.complete("v"));
        ways.put("complete(null)", f -> f.complete(null));
        ways.put("completeExceptionally unchecked", f -> f.completeExceptionally(new IllegalStateException("boom")));
        ways.put("completeExceptionally checked", f -> f.completeExceptionally(new IOException("io")));
        ways.put("cancel", f -> f.cancel(true));
        ways.put("obtrudeValue", f -> f.obtrudeValue("forced"));
        ways.put("obtrudeException", f -> f.obtrudeException(new IllegalArgumentException("forced")));
        ways.put("completeAsync", f -> f.completeAsync(() -> "async"));
        ways.put("completeAsync failing", f -> f.completeAsync(() -> {
            throw new IllegalStateException("supplier");
        }));
        ways.put("completeAsync on an executor", f -> f.completeAsync(() -> "ran", Runnable::run));
        ways.put("completeOnTimeout", f -> f.completeOnTimeout("late", 0, TimeUnit.SECONDS));
        ways.put("orTimeout", f -> f.orTimeout(0, TimeUnit.SECONDS));
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("complete", "value v");
        expected.put("complete(null)", "value null");
        expected.put("completeExceptionally unchecked", "IllegalStateException(boom)");
        expected.put("completeExceptionally checked", "CompletionException(java.io.IOException: io)");
        expected.put("cancel", "CancellationException");
        expected.put("obtrudeValue", "value forced");
        expected.put("obtrudeException", "IllegalArgumentException(forced)");
        expected.put("completeAsync", "value async");
        expected.put("completeAsync failing", "IllegalStateException(supplier)");
        expected.put("completeAsync on an executor", "value ran");
        expected.put("completeOnTimeout", "value late");
        expected.put("orTimeout", "TimeoutException"); // checked: as the cause of a CompletionException
        for (Map.Entry<String, Consumer<LoopFuture<String>>> way : ways.entrySet()) {
            LoopFuture<String> f = loop.createFuture();
            Task<String> t = loop.launch(() -> outcome(f));
            step();
            assertFalse(t.isDone(), way.getKey() + ": suspended");
            assertEquals(0, f.getNumberOfDependents(), way.getKey() + ": the await attached no dependent stage");
            loop.callSoon(() -> way.getValue().accept(f));
            pump();
            assertTrue(t.isDone(), way.getKey() + ": resumed and finished");
            String want = expected.get(way.getKey());
            String got = t.join();
            if (want.equals("TimeoutException")) {
                assertTrue(got.startsWith("CompletionException(java.util.concurrent.TimeoutException"), way.getKey() + ": " + got);
            } else if (want.equals("CancellationException")) {
                assertTrue(got.startsWith("CancellationException"), way.getKey() + ": " + got);
            } else {
                assertEquals(want, got, way.getKey());
            }
        }
        assertEquals(List.of(), errors);
    }

    @Test
    void aCompletionFromAnotherThreadResumesTheAwaitOnTheLoopThread() throws Exception {
        LoopFuture<String> f = loop.createFuture();
        Thread loopThread = Thread.currentThread();
        Task<Thread> t = loop.launch(() -> {
            await(f);
            return Thread.currentThread();
        });
        step();
        Thread other = new Thread(() -> f.complete("x"));
        other.start();
        other.join();
        host.pumpUntil(t::isDone);
        assertSame(loopThread, t.join());
    }

    @Test
    void aDependentStageOfALoopFutureIsAwaitedThroughADependentOfItsOwn() {
        LoopFuture<String> source = loop.createFuture();
        LoopFuture<String> dependent = source.thenApply(v -> v + "+1");
        Task<String> t = loop.launch(() -> await(dependent));
        step();
        assertEquals(1, dependent.getNumberOfDependents(), "CompletableFuture completes it from inside: a whenComplete dependent");
        source.complete("v");
        pump();
        assertEquals("v+1", t.join());
    }

    @Test
    void twoCoroutinesAwaitingTheSameFutureAreBothResumedTheSecondThroughADependent() {
        LoopFuture<String> f = loop.createFuture();
        List<String> log = new ArrayList<>();
        Task<Boolean> a = loop.launch(() -> log.add("a " + await(f)));
        Task<Boolean> b = loop.launch(() -> log.add("b " + await(f)));
        step();
        assertEquals(1, f.getNumberOfDependents(), "the first is called back directly, the second attached a dependent");
        f.complete("v");
        pump();
        assertTrue(a.isDone() && b.isDone());
        assertEquals(List.of("a v", "b v"), log.stream().sorted().toList());
    }

    @Test
    void aFutureAwaitedAgainAfterACancelledAwaitStillResumesTheSecondAwait() {
        LoopFuture<String> f = loop.createFuture();
        LoopFuture<Void> interrupt = loop.createFuture();
        Task<String> t = loop.launch(() -> {
            try {
                return await(f);
            } finally {
                interrupt.complete(null);
            }
        });
        step();
        t.cancel(true);
        pump();
        assertTrue(t.isCancelled());
        assertTrue(interrupt.isDone(), "the first await ended with its finally block");
        assertFalse(f.isDone(), "a cancelled task does not cancel a future it only awaited");
        Task<String> again = loop.launch(() -> "again " + await(f));
        step();
        f.complete("v");
        pump();
        assertEquals("again v", again.join());
    }

    @Test
    void aCoroutineAwaitingATaskIsResumedWhenItSucceedsAndWhenItIsCancelled() {
        LoopFuture<String> gate = loop.createFuture();
        Task<String> child = loop.launch(() -> await(gate) + "!");
        Task<String> parent = loop.launch(() -> "got " + await(child));
        step();
        gate.complete("c");
        pump();
        assertEquals("got c!", parent.join());

        Task<String> child2 = loop.launch(() -> await(loop.<String>createFuture()));
        Task<String> parent2 = loop.launch(() -> {
            try {
                return await(child2);
            } catch (CancellationException e) {
                return "child cancelled";
            }
        });
        step();
        child2.cancel(true);
        pump();
        assertEquals("child cancelled", parent2.join());
    }

    @Test
    void aForeignStageIsAwaitedThroughAWhenCompleteDependentAndADoneOneThroughNone() {
        CompletableFuture<String> foreign = new CompletableFuture<>();
        Task<String> t = loop.launch(() -> await(foreign));
        step();
        assertEquals(1, foreign.getNumberOfDependents());
        foreign.complete("f");
        pump();
        assertEquals("f", t.join());

        LoopFuture<String> done = loop.createFuture();
        done.complete("d");
        Task<String> d = loop.launch(() -> await(done));
        assertEquals(1, step(), "the whole body ran in its first step: no suspension");
        assertEquals("d", d.getNow(null));
        assertEquals(0, done.getNumberOfDependents());
    }

    @Test
    void closeResumesACoroutineAwaitingThisLoopsFutureWithCancellation() {
        LoopFuture<String> f = loop.createFuture();
        AtomicBoolean finallyRan = new AtomicBoolean();
        List<Throwable> thrown = new ArrayList<>();
        Task<String> t = loop.launch(() -> {
            try {
                return await(f);
            } catch (RuntimeException e) {
                thrown.add(e);
                throw e;
            } finally {
                finallyRan.set(true);
            }
        });
        step();
        loop.close();
        assertTrue(finallyRan.get());
        assertInstanceOf(CancellationException.class, thrown.get(0));
        assertTrue(t.isCancelled());
    }

    @Test
    void completeAsyncSkipsItsSupplierWhenTheFutureIsDoneAndWrapsAFailureLikeCompletableFuture() {
        LoopFuture<String> f = loop.createFuture();
        f.complete("first");
        AtomicBoolean called = new AtomicBoolean();
        f.completeAsync(() -> {
            called.set(true);
            return "second";
        }, Runnable::run);
        assertFalse(called.get());
        assertEquals("first", f.join());

        LoopFuture<String> g = loop.createFuture();
        IllegalStateException boom = new IllegalStateException("boom");
        g.completeAsync(() -> {
            throw boom;
        }, Runnable::run);
        CompletionException e = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class, g::join);
        assertSame(boom, e.getCause());
        CompletableFuture<String> plain = new CompletableFuture<>();
        plain.completeAsync(() -> {
            throw boom;
        }, Runnable::run);
        CompletionException p = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class, plain::join);
        assertSame(boom, p.getCause(), "the same as CompletableFuture's own");
    }

    @Test
    void aHostsNestedLoopCheckIsReadAtEachSuspendOnlyAndRefusesTheSuspendNamingTheNestedLoop() {
        AtomicBoolean insideNestedLoop = new AtomicBoolean();
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        loop.setNestedLoopCheck(() -> {
            reads.incrementAndGet();
            return insideNestedLoop.get();
        });
        List<String> log = new ArrayList<>();
        Task<String> t = loop.launch(() -> {
            for (int i = 0; i < 3; i++) await(loop.sleep(Duration.ZERO)); // three suspends, three resumes
            insideNestedLoop.set(true); // as if the body had opened a dialog whose handler awaits now
            try {
                await(loop.sleep(Duration.ZERO));
                log.add("suspended");
            } catch (IllegalStateException e) {
                log.add(e.getMessage().contains("nested event loop") ? "refused, naming the nested loop" : e.getMessage());
            }
            insideNestedLoop.set(false);
            await(loop.sleep(Duration.ZERO)); // the dialog closed: the body awaits fine
            return "done";
        });
        pump();
        assertEquals("done", t.join());
        assertEquals(List.of("refused, naming the nested loop"), log);
        assertEquals(5, reads.get(), "read at the five suspends (one refused), never at the four resumes");
    }

    @Test
    void aTimeoutBlockInterruptsAnAwaitOfThisLoopsFuture() {
        LoopFuture<String> f = loop.createFuture();
        Task<String> t = loop.launch(() -> {
            try {
                return TimeoutScope.after(loop, Duration.ofMillis(10)).call(() -> await(f));
            } catch (TimeoutException e) {
                return "timed out";
            }
        });
        pump();
        assertEquals("timed out", t.join());
        f.complete("late"); // completing it later resumes nothing: the await is over
        pump();
        assertEquals("timed out", t.join());
    }
}
