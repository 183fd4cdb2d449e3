package io.loopbridge.core.internal;

import io.loopbridge.core.testkit.OrderedExecution;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The coroutine itself (JDK 21+; see {@link CoroutineJdk}): resume runs the body on the calling thread until
 * it suspends or ends, a suspended body continues where it stopped with its locals, finally blocks and
 * loops intact, the states, the current coroutine, nesting, resuming with a failure, and the misuse errors.
 */
@Timeout(60)
class CoroutineTest {
    private final FakeLoop loop = new FakeLoop();

    @BeforeAll
    static void coroutines() {
        CoroutineJdk.requireCoroutines();
    }

    private Coroutine coroutine(Runnable body) {
        return loop.registry.create(null, body);
    }

    @Test
    void resumeRunsTheBodyOnTheCallingThreadUntilItSuspends() {
        OrderedExecution o = new OrderedExecution();
        Thread caller = Thread.currentThread();
        Coroutine co = coroutine(() -> {
            o.expect(2);
            assertSame(caller, Thread.currentThread());
            Coroutine.suspend();
            o.expect(4);
            assertSame(caller, Thread.currentThread());
        });
        o.expect(1);
        co.resume();
        o.expect(3);
        co.resume();
        o.finish(5);
    }

    @Test
    void aResumedBodyContinuesAfterItsSuspendWithLocalsLoopsAndFinallyBlocksIntact() {
        List<String> log = new ArrayList<>();
        Coroutine co = coroutine(() -> {
            int sum = 0;
            try {
                for (int i = 1; i <= 3; i++) {
                    sum += i;
                    log.add("step " + i + " sum " + sum);
                    Coroutine.suspend();
                }
            } finally {
                log.add("finally sum " + sum);
            }
        });
        for (int k = 0; k < 4; k++) co.resume();
        assertEquals(List.of("step 1 sum 1", "step 2 sum 3", "step 3 sum 6", "finally sum 6"), log);
        assertEquals(Coroutine.State.DONE, co.state());
    }

    @Test
    void statesGoFromNewThroughRunningAndSuspendedToDone() {
        AtomicReference<Coroutine> self = new AtomicReference<>();
        List<Coroutine.State> seen = new ArrayList<>();
        Coroutine co = coroutine(() -> {
            seen.add(self.get().state());
            Coroutine.suspend();
            seen.add(self.get().state());
        });
        self.set(co);
        assertEquals(Coroutine.State.NEW, co.state());
        co.resume();
        assertEquals(Coroutine.State.SUSPENDED, co.state());
        co.resume();
        assertEquals(Coroutine.State.DONE, co.state());
        assertEquals(List.of(Coroutine.State.RUNNING, Coroutine.State.RUNNING), seen);
    }

    @Test
    void currentIsTheCoroutineRunningOnThisThreadAndNullOutsideIt() {
        AtomicReference<Coroutine> inside = new AtomicReference<>();
        Coroutine co = coroutine(() -> inside.set(Coroutine.current()));
        assertNull(Coroutine.current());
        co.resume();
        assertSame(co, inside.get());
        assertNull(Coroutine.current());
    }

    @Test
    void ownerIsWhatTheCoroutineWasCreatedForAndNamesItInErrors() {
        Object task = new Object() {
            @Override
            public String toString() {
                return "Task[search]";
            }
        };
        Coroutine co = loop.registry.create(task, () -> {});
        assertSame(task, co.owner());
        assertSame(loop.registry, co.registry());
        assertEquals("coroutine of Task[search] [NEW]", co.toString());
    }

    @Test
    void aCoroutineResumedInsideAnotherSuspendsBackIntoItAndTheOuterStaysCurrent() {
        OrderedExecution o = new OrderedExecution();
        AtomicReference<Coroutine> inner = new AtomicReference<>();
        Coroutine outer = coroutine(() -> {
            Coroutine me = Coroutine.current();
            inner.set(coroutine(() -> {
                o.expect(2);
                Coroutine.suspend();
                o.expect(6);
            }));
            o.expect(1);
            inner.get().resume();
            o.expect(3);
            assertSame(me, Coroutine.current());
            assertEquals(Coroutine.State.SUSPENDED, inner.get().state());
            Coroutine.suspend();
            o.expect(5);
        });
        outer.resume();
        o.expect(4);
        assertEquals(2, loop.registry.suspendedCount());
        outer.resume(); // the outer ends; the inner, suspended inside it, is resumed later from the top level
        inner.get().resume();
        o.finish(7);
        assertEquals(Coroutine.State.DONE, inner.get().state());
    }

    @Test
    void resumeThrowingMakesThePendingSuspendThrowAndTheFinallyBlocksRun() {
        List<String> log = new ArrayList<>();
        CancellationException cancel = new CancellationException("cancelled");
        Coroutine co = coroutine(() -> {
            try {
                Coroutine.suspend();
                log.add("not reached");
            } catch (CancellationException e) {
                log.add("caught " + e.getMessage());
                throw e;
            } finally {
                log.add("finally");
            }
        });
        co.resume();
        CancellationException thrown = assertThrows(CancellationException.class, () -> co.resumeThrowing(cancel));
        assertSame(cancel, thrown, "the body let it propagate: resume rethrows the very exception");
        assertEquals(List.of("caught cancelled", "finally"), log);
        assertEquals(Coroutine.State.DONE, co.state());
    }

    @Test
    void theBodyMayCatchTheResumeFailureAndGoOn() {
        List<String> log = new ArrayList<>();
        Coroutine co = coroutine(() -> {
            try {
                Coroutine.suspend();
            } catch (CancellationException e) {
                log.add("caught");
            }
            Coroutine.suspend();
            log.add("resumed normally");
        });
        co.resume();
        co.resumeThrowing(new CancellationException());
        assertEquals(Coroutine.State.SUSPENDED, co.state());
        co.resume();
        assertEquals(List.of("caught", "resumed normally"), log);
    }

    @Test
    void failNextSuspendOnARunningCoroutineThrowsAtItsNextSuspendWithoutSuspending() {
        List<String> log = new ArrayList<>();
        Coroutine co = coroutine(() -> {
            Coroutine me = Coroutine.current();
            me.failNextSuspend(new CancellationException("self"));
            assertTrue(me.hasPendingFailure());
            try {
                Coroutine.suspend();
            } catch (CancellationException e) {
                log.add("thrown " + e.getMessage() + ", still " + me.state());
            }
            assertFalse(me.hasPendingFailure());
        });
        co.resume();
        assertEquals(List.of("thrown self, still RUNNING"), log);
        assertEquals(Coroutine.State.DONE, co.state());
        assertEquals(0, loop.registry.suspendedCount());
    }

    @Test
    void failNextSuspendOnASuspendedCoroutineIsThrownByWhoeverResumesItNext() {
        AtomicReference<Throwable> got = new AtomicReference<>();
        Coroutine co = coroutine(() -> {
            try {
                Coroutine.suspend();
            } catch (CancellationException e) {
                got.set(e);
            }
        });
        co.resume();
        CancellationException c = new CancellationException();
        co.failNextSuspend(c);
        assertEquals(Coroutine.State.SUSPENDED, co.state(), "failNextSuspend does not resume it");
        co.resume();
        assertSame(c, got.get());
    }

    @Test
    void failNextSuspendOnANewCoroutineIsThrownAtItsFirstSuspension() {
        List<String> log = new ArrayList<>();
        Coroutine co = coroutine(() -> {
            log.add("started");
            try {
                Coroutine.suspend();
            } catch (CancellationException e) {
                log.add("first suspend threw");
            }
        });
        co.failNextSuspend(new CancellationException());
        co.resume();
        assertEquals(List.of("started", "first suspend threw"), log);
    }

    @Test
    void aFailureRequestedWhileRunningThatTheBodyNeverSuspendedForIsStillVisibleOnceDone() {
        Coroutine co = coroutine(() -> Coroutine.current().failNextSuspend(new CancellationException()));
        co.resume();
        assertEquals(Coroutine.State.DONE, co.state());
        assertTrue(co.hasPendingFailure(), "the task must learn that it was cancelled while it ran");
    }

    @Test
    void failNextSuspendOnADoneCoroutineIsIgnored() {
        Coroutine co = coroutine(() -> {});
        co.resume();
        co.failNextSuspend(new CancellationException());
        assertFalse(co.hasPendingFailure());
    }

    @Test
    void aBodyThatThrowsEndsTheCoroutineAndResumeRethrowsIt() {
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        Coroutine co = coroutine(() -> {
            Coroutine.suspend();
            throw boom;
        });
        co.resume();
        assertSame(boom, assertThrows(IllegalArgumentException.class, co::resume));
        assertEquals(Coroutine.State.DONE, co.state());
        assertNull(Coroutine.current());

        AssertionError error = new AssertionError("error");
        Coroutine co2 = coroutine(() -> {
            throw error;
        });
        assertSame(error, assertThrows(AssertionError.class, co2::resume));
    }

    @Test
    void aCheckedThrowableSmuggledOutOfTheBodyIsRethrownWrapped() {
        IOException io = new IOException("io");
        Coroutine co = coroutine(() -> sneakyThrow(io));
        UndeclaredThrowableException e = assertThrows(UndeclaredThrowableException.class, co::resume);
        assertSame(io, e.getCause());
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> void sneakyThrow(Throwable t) throws E {
        throw (E) t;
    }

    @Test
    void resumingAFinishedCoroutineThrows() {
        Coroutine co = coroutine(() -> {});
        co.resume();
        IllegalStateException e = assertThrows(IllegalStateException.class, co::resume);
        assertTrue(e.getMessage().endsWith("it has finished"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> co.resumeThrowing(new CancellationException()));
    }

    @Test
    void resumingACoroutineFromInsideItselfThrowsNamingIt() {
        AtomicReference<IllegalStateException> got = new AtomicReference<>();
        Coroutine[] self = new Coroutine[1];
        self[0] = coroutine(() -> got.set(assertThrows(IllegalStateException.class, self[0]::resume)));
        self[0].resume();
        assertTrue(got.get().getMessage().startsWith("cannot resume " + self[0].toString().replace("[DONE]", "[RUNNING]")
                + ": it is running (resumed from inside itself"), got.get().getMessage());
        assertEquals(Coroutine.State.DONE, self[0].state());
    }

    @Test
    void resumeThrowingOnANewOrRunningCoroutineThrowsAndSaysWhatToDoInstead() {
        Coroutine fresh = coroutine(() -> {});
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> fresh.resumeThrowing(new CancellationException()));
        assertTrue(e.getMessage().contains("it never started"), e.getMessage());
        assertEquals(Coroutine.State.NEW, fresh.state());

        AtomicReference<IllegalStateException> running = new AtomicReference<>();
        Coroutine[] self = new Coroutine[1];
        self[0] = coroutine(() -> running.set(assertThrows(IllegalStateException.class,
                () -> self[0].resumeThrowing(new CancellationException()))));
        self[0].resume();
        assertTrue(running.get().getMessage().contains("it is running; failNextSuspend"), running.get().getMessage());
    }

    @Test
    void suspendingAnotherCoroutineThanTheCurrentOneThrows() {
        Coroutine suspended = coroutine(Coroutine::suspend);
        suspended.resume();
        AtomicReference<IllegalStateException> got = new AtomicReference<>();
        Coroutine other = coroutine(() -> got.set(assertThrows(IllegalStateException.class, () -> suspended.suspend(null))));
        other.resume();
        assertTrue(got.get().getMessage().contains("a coroutine suspends only itself"), got.get().getMessage());
        IllegalStateException outside = assertThrows(IllegalStateException.class, () -> suspended.suspend(null));
        assertTrue(outside.getMessage().contains("not in any coroutine"), outside.getMessage());
    }

    @Test
    void suspendFromAThreadTheBodyStartedIsOutsideAnyCoroutine() throws Exception {
        AtomicReference<Throwable> got = new AtomicReference<>();
        Coroutine co = coroutine(() -> {
            Thread t = new Thread(() -> got.set(assertThrows(IllegalStateException.class, Coroutine::suspend)));
            t.start();
            try {
                t.join();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        co.resume();
        assertTrue(got.get().getMessage().startsWith("suspend outside a coroutine"), got.get().getMessage());
    }

    @Test
    void theTokenOfTheSuspendTellsWhatTheCoroutineWaitsFor() {
        Object token = new Object();
        Coroutine co = coroutine(() -> Coroutine.current().suspend(token));
        co.resume();
        assertTrue(co.isSuspendedOn(token));
        assertFalse(co.isSuspendedOn(new Object()));
        co.resume();
        assertFalse(co.isSuspendedOn(token));
    }

    @Test
    void aFinishedCoroutineKeepsNoReferenceToItsBody() {
        Object[] captured = {new Object()};
        WeakReference<Object> ref = new WeakReference<>(captured[0]);
        Coroutine co = coroutine(new Runnable() {
            final Object held = captured[0];

            @Override
            public void run() {
                Coroutine.suspend();
                assertTrue(held != null);
            }
        });
        captured[0] = null;
        co.resume();
        co.resume();
        assertEquals(Coroutine.State.DONE, co.state());
        for (int i = 0; i < 20 && ref.get() != null; i++) System.gc();
        assertNull(ref.get(), "the body of a finished coroutine is still reachable");
    }

    @Test
    void aCoroutineRunsOnAVirtualThreadAndTheVirtualThreadMayParkInsideIt() throws Exception {
        // StandaloneLoop on a virtual thread is allowed: the coroutine's continuation nests in the thread's
        CountDownLatch gate = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<String> log = new ArrayList<>();
        Runnable onTheVirtualThread = () -> {
            try {
                CoroutineRegistry r = new CoroutineRegistry(() -> 0);
                Coroutine co = r.create(null, () -> {
                    try {
                        gate.await(); // parks the virtual thread, with the coroutine mounted inside it
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                    log.add("after park");
                    Coroutine.suspend();
                    log.add("resumed");
                });
                co.resume();
                log.add("suspended");
                co.resume();
                log.add(co.state().toString());
            } catch (Throwable t) {
                failure.set(t);
            }
        };
        // Thread.startVirtualThread is JDK 21+, and the tests compile for release 17
        Thread vt = (Thread) Thread.class.getMethod("startVirtualThread", Runnable.class).invoke(null, onTheVirtualThread);
        gate.countDown();
        vt.join(30_000);
        assertFalse(vt.isAlive(), "the virtual thread did not finish");
        if (failure.get() != null) throw new AssertionError(failure.get());
        assertEquals(List.of("after park", "suspended", "resumed", "DONE"), log);
    }
}
