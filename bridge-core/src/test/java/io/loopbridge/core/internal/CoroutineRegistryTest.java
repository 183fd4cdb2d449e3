package io.loopbridge.core.internal;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No coroutine is ever abandoned (JDK 21+; see {@link CoroutineJdk}): the registry knows exactly the
 * suspended ones, {@code closeAll} resumes every one with the close failure at its suspend point so its
 * finally blocks run (100,000 of them), nothing is left behind, and finished coroutines are not kept.
 */
@Timeout(120)
class CoroutineRegistryTest {
    private static final int MANY = 100_000;
    private final FakeLoop loop = new FakeLoop();

    @BeforeAll
    static void coroutines() {
        CoroutineJdk.requireCoroutines();
    }

    private static CancellationException closed() {
        return new CancellationException("loop closed");
    }

    @Test
    void suspendedCountIsTheNumberOfSuspendedCoroutines() {
        CoroutineRegistry r = loop.registry;
        Coroutine a = r.create(null, Coroutine::suspend);
        Coroutine b = r.create(null, () -> {
            Coroutine.suspend();
            Coroutine.suspend();
        });
        assertEquals(0, r.suspendedCount(), "new ones are not suspended");
        a.resume();
        b.resume();
        assertEquals(2, r.suspendedCount());
        a.resume();
        assertEquals(1, r.suspendedCount());
        b.resume();
        assertEquals(1, r.suspendedCount());
        b.resume();
        assertEquals(0, r.suspendedCount());
    }

    @Test
    void closeAllResumesAHundredThousandSuspendedCoroutinesWithTheFailureAndEveryFinallyRuns() {
        AtomicInteger finallies = new AtomicInteger();
        AtomicInteger cancelled = new AtomicInteger();
        List<WeakReference<Coroutine>> refs = new ArrayList<>(MANY);
        for (int i = 0; i < MANY; i++) {
            Coroutine co = loop.registry.create(null, () -> {
                try {
                    Coroutine.suspend();
                } catch (CancellationException e) {
                    cancelled.incrementAndGet();
                    throw e;
                } finally {
                    finallies.incrementAndGet();
                }
            });
            co.resume();
            refs.add(new WeakReference<>(co));
        }
        assertEquals(MANY, loop.registry.suspendedCount());
        System.gc();
        int alive = 0;
        for (WeakReference<Coroutine> r : refs) if (r.get() != null) alive++;
        assertEquals(MANY, alive, "the registry must keep every suspended coroutine reachable (else it is collected, finally blocks unrun)");

        assertEquals(MANY, loop.registry.closeAll(CoroutineRegistryTest::closed));

        assertEquals(MANY, finallies.get());
        assertEquals(MANY, cancelled.get());
        assertEquals(0, loop.registry.suspendedCount());
        for (int k = 0; k < 10 && refs.stream().anyMatch(r -> r.get() != null); k++) System.gc();
        assertEquals(0, refs.stream().filter(r -> r.get() != null).count(), "coroutines left reachable after closeAll");
    }

    @Test
    void aCoroutineThatCatchesTheCloseFailureAndSuspendsAgainGetsItAgainAndEnds() {
        List<String> log = new ArrayList<>();
        Coroutine stubborn = loop.registry.create(null, () -> {
            for (int i = 0; i < 3; i++) {
                try {
                    Coroutine.suspend();
                } catch (CancellationException e) {
                    log.add("caught " + e.getMessage());
                }
            }
            log.add("ended");
        });
        stubborn.resume();
        assertEquals(1, loop.registry.closeAll(CoroutineRegistryTest::closed));
        assertEquals(List.of("caught loop closed", "caught loop closed", "caught loop closed", "ended"), log);
        assertEquals(Coroutine.State.DONE, stubborn.state());
        assertTrue(loop.registry.isClosed());
    }

    @Test
    void closeAllIsIdempotentAndKeepsTheFirstFailure() {
        CancellationException first = new CancellationException("first");
        assertEquals(0, loop.registry.closeAll(() -> first));
        assertEquals(0, loop.registry.closeAll(() -> new CancellationException("second")));
        assertSame(first, loop.registry.closedFailure());
    }

    @Test
    void afterCloseAllCreatingACoroutineIsRejected() {
        loop.registry.closeAll(CoroutineRegistryTest::closed);
        RejectedExecutionException e = assertThrows(RejectedExecutionException.class, () -> loop.registry.create("Task[x]", () -> {}));
        assertEquals("coroutine registry is closed: cannot create a coroutine for Task[x]", e.getMessage());
    }

    @Test
    void aCoroutineRunningDuringCloseAllCannotSuspendAfterwards() {
        // a coroutine created before the close but started after it (its start was queued) never suspends
        Coroutine late = loop.registry.create(null, () -> assertThrows(CancellationException.class, Coroutine::suspend));
        loop.registry.closeAll(CoroutineRegistryTest::closed);
        late.resume();
        assertEquals(Coroutine.State.DONE, late.state());
        assertEquals(0, loop.registry.suspendedCount());
    }

    @Test
    void closeAllResumesEveryCoroutineEvenWhenBodiesFailThenThrowsTheFirstUnexpectedFailure() {
        IllegalStateException a = new IllegalStateException("a");
        IllegalStateException b = new IllegalStateException("b");
        AtomicInteger finallies = new AtomicInteger();
        for (IllegalStateException f : List.of(a, b)) {
            loop.registry.create(null, () -> {
                try {
                    Coroutine.suspend();
                } catch (CancellationException closed) {
                    // cleanup that fails, below: a bug to report, not to swallow
                } finally {
                    finallies.incrementAndGet();
                }
                throw f;
            }).resume();
        }
        loop.registry.create(null, Coroutine::suspend).resume(); // lets the failure propagate: expected, not reported
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> loop.registry.closeAll(CoroutineRegistryTest::closed));
        assertEquals(2, finallies.get());
        assertEquals(0, loop.registry.suspendedCount());
        // most recently suspended first
        assertSame(b, thrown);
        assertEquals(List.of(a), List.of(thrown.getSuppressed()));
    }

    @Test
    void theRegistryDoesNotKeepAFinishedCoroutineReachable() {
        Coroutine co = loop.registry.create(null, Coroutine::suspend);
        co.resume();
        co.resume();
        WeakReference<Coroutine> ref = new WeakReference<>(co);
        co = null;
        for (int i = 0; i < 20 && ref.get() != null; i++) System.gc();
        assertNull(ref.get());
    }

    @Test
    void anAwaitOfAStageThatNeverCompletesKeepsTheCoroutineOnlyThroughTheRegistry() {
        // after the close the stage (still pending, holding its callback) must not keep the coroutine
        CompletableFuture<String> never = new CompletableFuture<>();
        Coroutine co = loop.launch(() -> assertThrows(CancellationException.class, () -> loop.await(never)));
        loop.runUntilIdle();
        assertEquals(Coroutine.State.SUSPENDED, co.state());
        assertEquals(1, never.getNumberOfDependents());
        loop.registry.closeAll(CoroutineRegistryTest::closed);
        assertEquals(Coroutine.State.DONE, co.state());
        WeakReference<Coroutine> ref = new WeakReference<>(co);
        co = null;
        for (int i = 0; i < 20 && ref.get() != null; i++) System.gc();
        assertNull(ref.get(), "the never-completing stage keeps the finished coroutine reachable");
        assertFalse(never.isDone(), "a foreign stage is abandoned, not cancelled");
    }
}
