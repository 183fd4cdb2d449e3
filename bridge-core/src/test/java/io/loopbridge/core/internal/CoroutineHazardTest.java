package io.loopbridge.core.internal;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The hazards of suspending (JDK 21+; see {@link CoroutineJdk}), each turned into an error that names its
 * cause instead of a crash or a frozen loop: a critical section, a native frame (a static initializer), a
 * monitor (pinned on the JDKs where monitors pin; on JDK 24+ the suspend succeeds and leaves the monitor
 * locked, which the debug-mode check refuses), and a callback of a nested event loop the coroutine opened.
 */
@Timeout(60)
class CoroutineHazardTest {
    private final FakeLoop loop = new FakeLoop();

    @BeforeAll
    static void coroutines() {
        CoroutineJdk.requireCoroutines();
    }

    // ---- critical section ----

    @Test
    void suspendingInACriticalSectionThrowsNamingItAndTheCoroutineGoesOn() {
        List<String> log = new ArrayList<>();
        Coroutine co = loop.registry.create("Task[pinned]", () -> {
            try {
                CoroutineJdk.pin();
                try {
                    IllegalStateException e = assertThrows(IllegalStateException.class, Coroutine::suspend);
                    log.add(e.getMessage());
                    assertEquals("Pinned: CRITICAL_SECTION", e.getCause().getMessage());
                    assertEquals(Coroutine.State.RUNNING, Coroutine.current().state());
                } finally {
                    CoroutineJdk.unpin();
                }
            } catch (Throwable t) {
                throw new AssertionError(t);
            }
            Coroutine.suspend(); // unpinned: suspends fine
            log.add("resumed");
        });
        co.resume();
        assertEquals(Coroutine.State.SUSPENDED, co.state());
        co.resume();
        assertEquals(List.of("cannot suspend coroutine of Task[pinned] [RUNNING]: the JDK has pinned it in a critical section"
                + " (Continuation.pin(), JDK-internal code that must not be suspended)", "resumed"), log);
    }

    // ---- native frame ----

    /** A class whose static initializer suspends: the VM runs initializers below a native frame. */
    static final class SuspendsInItsInitializer {
        static final IllegalStateException FAILURE;

        static {
            IllegalStateException f = null;
            try {
                Coroutine.suspend();
            } catch (IllegalStateException e) {
                f = e;
            }
            FAILURE = f;
        }

        private SuspendsInItsInitializer() {}
    }

    @Test
    void suspendingInAStaticInitializerThrowsNamingTheNativeFrameAndTheClass() {
        AtomicReference<IllegalStateException> got = new AtomicReference<>();
        Coroutine co = loop.registry.create(null, () -> got.set(SuspendsInItsInitializer.FAILURE));
        co.resume();
        assertEquals(Coroutine.State.DONE, co.state());
        IllegalStateException e = got.get();
        assertNotNull(e, "the suspend in the initializer did not throw");
        assertEquals("Pinned: NATIVE", e.getCause().getMessage());
        assertTrue(e.getMessage().contains(": a native frame is on its stack (the static initializer of "
                + SuspendsInItsInitializer.class.getName() + "): the JDK cannot suspend across native code"), e.getMessage());
    }

    @Test
    void aNativeFrameBelowTheResumeDoesNotPin() {
        // only frames above the coroutine's entry count: a toolkit's native loop calling runOnce is fine
        List<String> log = new ArrayList<>();
        initRegistry = loop.registry; // read by the initializer (assigning its own fields would run it first)
        initLog = log;
        assertSame(Coroutine.State.SUSPENDED, ResumesInItsInitializer.STATE);
        assertEquals(List.of("suspended"), log);
        ResumesInItsInitializer.CO.resume();
        assertEquals(List.of("suspended", "resumed"), log);
    }

    private static CoroutineRegistry initRegistry;
    private static List<String> initLog;

    static final class ResumesInItsInitializer {
        static final Coroutine CO;
        static final Coroutine.State STATE;

        static {
            List<String> l = initLog;
            CO = initRegistry.create(null, () -> {
                l.add("suspended");
                Coroutine.suspend();
                l.add("resumed");
            });
            CO.resume();
            STATE = CO.state();
        }

        private ResumesInItsInitializer() {}
    }

    // ---- monitors ----

    @Test
    void suspendingInsideSynchronizedLeavesTheMonitorLockedOnJdk24PlusAndPinsBefore() throws Exception {
        Object lock = new Object();
        AtomicReference<IllegalStateException> pinned = new AtomicReference<>();
        Coroutine co = loop.registry.create(null, () -> {
            synchronized (lock) {
                try {
                    Coroutine.suspend();
                } catch (IllegalStateException e) {
                    pinned.set(e);
                }
            }
        });
        co.resume();
        if (Runtime.version().feature() < 24) {
            // JDK 21-23: monitors pin, the yield is refused
            assertEquals(Coroutine.State.DONE, co.state());
            assertTrue(pinned.get().getMessage().contains("it holds a monitor (the await is inside a synchronized block or method)"),
                    pinned.get().getMessage());
            return;
        }
        // JDK 24+ (JEP 491): the suspend succeeds, and the suspended coroutine still holds the monitor
        assertEquals(Coroutine.State.SUSPENDED, co.state());
        assertFalse(Thread.holdsLock(lock), "the resumer's thread does not hold it either");
        CountDownLatch entered = new CountDownLatch(1);
        Thread other = new Thread(() -> {
            synchronized (lock) {
                entered.countDown();
            }
        }, "enters-the-monitor");
        other.setDaemon(true);
        other.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (other.getState() != Thread.State.BLOCKED && entered.getCount() > 0 && System.nanoTime() < deadline) Thread.onSpinWait();
        assertEquals(Thread.State.BLOCKED, other.getState(), "another thread entered the monitor of a suspended coroutine");
        co.resume(); // the body leaves the synchronized block: the monitor is released
        assertTrue(entered.await(20, TimeUnit.SECONDS));
        assertEquals(Coroutine.State.DONE, co.state());
    }

    @Test
    void onJdksWhereMonitorsPinTheErrorNamesTheMonitor() throws Exception {
        int feature = Runtime.version().feature();
        assumeTrue(feature < 26, "JDK " + feature + ": -XX:LockingMode (legacy locking, where monitors pin) is gone");
        List<String> args = new ArrayList<>();
        // JDK 24/25: legacy locking makes monitors pin as on JDK 21-23 (the JVM warns that the option is deprecated)
        if (feature >= 24) args.add("-XX:LockingMode=1");
        args.addAll(List.of("--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED",
                "-cp", CoroutineJdk.mainClasses() + File.pathSeparator + CoroutineJdk.testClasses(), MonitorPinProbe.class.getName()));
        CoroutineJdk.Child c = CoroutineJdk.java(args);
        assertEquals(0, c.exit, c::toString);
        assertTrue(c.output.contains("suspend=java.lang.IllegalStateException: cannot suspend coroutine@"), c::toString);
        assertTrue(c.output.contains(": it holds a monitor (the await is inside a synchronized block or method), which pins a coroutine"
                + " on this JDK; release the monitor before awaiting, or use an AsyncLock"), c::toString);
        assertTrue(c.output.contains("cause=java.lang.IllegalStateException: Pinned: MONITOR"), c::toString);
        assertTrue(c.output.contains("state=DONE suspended=0"), c::toString);
    }

    @Test
    void theMonitorCheckIsOffByDefaultAndOnWhenAsked() {
        assertFalse(loop.registry.monitorCheck());
        assertTrue(MonitorCheck.isAvailable(), CoroutineRegistry::monitorCheckUnavailableReason);
        assertEquals(null, CoroutineRegistry.monitorCheckUnavailableReason());
        assertTrue(loop.registry.setMonitorCheck(true));
        assertTrue(loop.registry.monitorCheck());
        assertFalse(loop.registry.setMonitorCheck(false));
    }

    @Test
    void withTheMonitorCheckASuspendInsideSynchronizedThrowsNamingTheLockAndWhereItWasLocked() {
        loop.registry.setMonitorCheck(true);
        Object lock = new Object();
        AtomicReference<IllegalStateException> got = new AtomicReference<>();
        Coroutine co = loop.registry.create(null, () -> {
            synchronized (lock) {
                got.set(assertThrows(IllegalStateException.class, Coroutine::suspend));
            }
            Coroutine.suspend(); // released: suspends fine with the check on
        });
        co.resume();
        assertEquals(Coroutine.State.SUSPENDED, co.state());
        String m = got.get().getMessage();
        assertTrue(m.contains(": it holds the monitor of java.lang.Object@" + Integer.toHexString(System.identityHashCode(lock))
                + ", locked in "), m);
        assertTrue(m.contains(CoroutineHazardTest.class.getName() + ".lambda$withTheMonitorCheck"), m);
        assertTrue(m.contains("the loop thread would deadlock when it next enters that monitor"), m);
        co.resume();
        assertEquals(Coroutine.State.DONE, co.state());
    }

    private static synchronized void suspendInASynchronizedMethod() {
        Coroutine.suspend();
    }

    @Test
    void withTheMonitorCheckASuspendInASynchronizedMethodThrows() {
        loop.registry.setMonitorCheck(true);
        AtomicReference<IllegalStateException> got = new AtomicReference<>();
        Coroutine co = loop.registry.create(null, () -> got.set(assertThrows(IllegalStateException.class,
                CoroutineHazardTest::suspendInASynchronizedMethod)));
        co.resume();
        assertEquals(Coroutine.State.DONE, co.state());
        assertTrue(got.get().getMessage().contains("it holds the monitor of java.lang.Class@"), got.get().getMessage());
        assertTrue(got.get().getMessage().contains("suspendInASynchronizedMethod"), got.get().getMessage());
    }

    @Test
    void theMonitorCheckIgnoresMonitorsHeldBelowTheCoroutine() {
        // the resumer's monitors, and those of an outer coroutine that resumed this one, are not frozen with it
        loop.registry.setMonitorCheck(true);
        Object resumerLock = new Object();
        Object outerLock = new Object();
        AtomicReference<Coroutine> inner = new AtomicReference<>();
        Coroutine outer = loop.registry.create(null, () -> {
            synchronized (outerLock) {
                inner.set(loop.registry.create(null, Coroutine::suspend));
                inner.get().resume();
            }
        });
        synchronized (resumerLock) {
            Coroutine plain = loop.registry.create(null, Coroutine::suspend);
            plain.resume();
            assertEquals(Coroutine.State.SUSPENDED, plain.state());
            outer.resume();
        }
        assertEquals(Coroutine.State.DONE, outer.state());
        assertEquals(Coroutine.State.SUSPENDED, inner.get().state());
    }

    // ---- nested event loops ----

    @Test
    void aPlainCallbackOfANestedLoopThatTheCoroutineOpenedCannotSuspendIt() {
        List<String> log = new ArrayList<>();
        CompletableFuture<String> pending = new CompletableFuture<>();
        loop.launch(() -> {
            log.add("outer at depth " + loop.depth());
            // a plain callback (no coroutine of its own) queued for the nested loop, as a dialog's button handler
            loop.execute(() -> {
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> loop.await(pending));
                log.add(e.getMessage());
            });
            loop.runOnce(); // the nested loop, as showAndWait() or a SecondaryLoop
            log.add("nested loop returned");
        });
        loop.runUntilIdle();
        assertEquals(3, log.size(), log::toString);
        assertEquals("outer at depth 1", log.get(0));
        assertTrue(log.get(1).startsWith("cannot suspend coroutine@"), log.get(1));
        assertTrue(log.get(1).contains("this code runs inside a nested event loop (depth 2) that the coroutine opened at depth 1"
                + " (showAndWait(), a Swing SecondaryLoop, a modal dialog, runUntilComplete), so suspending would suspend the coroutine"
                + " that opened the loop and freeze that loop; launch a new coroutine for this callback"), log.get(1));
        assertEquals("nested loop returned", log.get(2));
        assertEquals(0, pending.getNumberOfDependents(), "the refused await attached nothing to the stage");
    }

    @Test
    void aCoroutineStartedInsideTheNestedLoopSuspendsThereAndTheOuterOneAfterItReturns() {
        List<String> log = new ArrayList<>();
        CompletableFuture<String> inner = new CompletableFuture<>();
        CompletableFuture<String> outer = new CompletableFuture<>();
        loop.launch(() -> {
            loop.launch(() -> log.add("inner got " + loop.await(inner))); // started by the nested loop below
            loop.runOnce();
            log.add("nested loop returned, inner suspended: " + loop.registry.suspendedCount());
            log.add("outer got " + loop.await(outer));
        });
        loop.runUntilIdle();
        assertEquals(List.of("nested loop returned, inner suspended: 1"), log);
        assertEquals(2, loop.registry.suspendedCount());
        inner.complete("a");
        outer.complete("b");
        loop.runUntilIdle();
        assertEquals(List.of("nested loop returned, inner suspended: 1", "inner got a", "outer got b"), log);
        assertEquals(0, loop.registry.suspendedCount());
    }

    // ---- how each JDK refusal is worded ----

    @Test
    void everyPinReasonOfTheJdkIsWordedForThePersonWhoWroteTheAwait() {
        assertTrue(CoroutineErrors.pinned("C", new IllegalStateException("Pinned: MONITOR")).getMessage()
                .startsWith("cannot suspend C: it holds a monitor"));
        assertTrue(CoroutineErrors.pinned("C", new IllegalStateException("Pinned: CRITICAL_SECTION")).getMessage()
                .startsWith("cannot suspend C: the JDK has pinned it in a critical section"));
        assertTrue(CoroutineErrors.pinned("C", new IllegalStateException("Pinned: NATIVE")).getMessage()
                .startsWith("cannot suspend C: a native frame is on its stack"));
        assertEquals("cannot suspend C: the JDK failed to capture its stack (an exception while freezing it)",
                CoroutineErrors.pinned("C", new IllegalStateException("Pinned: EXCEPTION")).getMessage());
        IllegalStateException other = new IllegalStateException("Pinned: SOMETHING_NEW");
        IllegalStateException e = CoroutineErrors.pinned("C", other);
        assertEquals("cannot suspend C: the JDK refused to suspend it (Pinned: SOMETHING_NEW)", e.getMessage());
        assertSame(other, e.getCause());
        assertEquals("cannot suspend C: the JDK refused to suspend it (Not in scope x)",
                CoroutineErrors.pinned("C", new IllegalStateException("Not in scope x")).getMessage());
    }
}
