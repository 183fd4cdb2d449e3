package io.loopbridge.core;

import io.loopbridge.core.testkit.ManualClock;
import io.loopbridge.core.testkit.RecordingHost;
import io.loopbridge.testsupport.UserCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Debug mode: slow-callback warnings to {@code System.Logger "io.loopbridge"} at {@code WARNING} (the
 * manual clock makes the duration exact) naming the callback and where it was scheduled; creation-site
 * capture; thread-confinement checks on loop-thread-only methods. Peer: asyncio
 * {@code test_base_events.test__run_once_logging}.
 */
@Timeout(30)
class DebugModeTest {
    private final RecordingHost host = RecordingHost.create();
    private final GuestLoop loop = host.loop();
    private final ManualClock clock = host.clock();

    @AfterEach
    void hostContractKept() {
        host.assertContractKept();
        loop.close();
    }

    private static List<LogRecord> warnings(LogCapture logs) {
        return logs.at(Level.WARNING);
    }

    // ---------------------------------------------------------------------------------------------
    // Slow callbacks
    // ---------------------------------------------------------------------------------------------

    @Test
    void slowCallbackIsReportedAtWarningNamingTheCallbackItsDurationAndWhereItWasScheduled() {
        loop.setDebug(true);
        try (LogCapture logs = new LogCapture()) {
            UserCode.scheduleSlowCallbackFromUserCode(loop, clock, Duration.ofMillis(150));
            host.runOnce();
            List<LogRecord> w = warnings(logs);
            assertEquals(1, w.size());
            String m = w.get(0).getMessage();
            assertEquals("io.loopbridge", w.get(0).getLoggerName());
            assertTrue(m.contains("SlowCallback[150 ms]"), "names the callback: " + m);
            assertTrue(m.contains("150.000 ms"), "says how long it took: " + m);
            assertTrue(m.contains("scheduled at") && m.contains("scheduleSlowCallbackFromUserCode"), "names the scheduling site: " + m);
        }
    }

    @Test
    void slowTimerCallbackIsReportedWithItsSchedulingSiteToo() {
        loop.setDebug(true);
        try (LogCapture logs = new LogCapture()) {
            UserCode.scheduleSlowTimerFromUserCode(loop, clock, Duration.ofMillis(200));
            host.pump();
            List<LogRecord> w = warnings(logs);
            assertEquals(1, w.size());
            assertTrue(w.get(0).getMessage().contains("scheduleSlowTimerFromUserCode"), w.get(0).getMessage());
        }
    }

    @Test
    void defaultThresholdIs100Milliseconds() {
        loop.setDebug(true);
        try (LogCapture logs = new LogCapture()) {
            UserCode.scheduleSlowCallbackFromUserCode(loop, clock, Duration.ofMillis(99));
            host.runOnce();
            assertEquals(0, warnings(logs).size(), "99 ms is not slow");
            UserCode.scheduleSlowCallbackFromUserCode(loop, clock, Duration.ofMillis(100));
            host.runOnce();
            assertEquals(1, warnings(logs).size(), "100 ms is slow");
        }
    }

    @Test
    void thresholdIsSettable() {
        loop.setDebug(true);
        loop.setSlowCallbackThreshold(Duration.ofMillis(10));
        try (LogCapture logs = new LogCapture()) {
            UserCode.scheduleSlowCallbackFromUserCode(loop, clock, Duration.ofMillis(9));
            host.runOnce();
            assertEquals(0, warnings(logs).size());
            UserCode.scheduleSlowCallbackFromUserCode(loop, clock, Duration.ofMillis(11));
            host.runOnce();
            assertEquals(1, warnings(logs).size());
        }
    }

    @Test
    void slowCallbacksAreNotReportedOutsideDebugMode() {
        assertFalse(loop.isDebug());
        try (LogCapture logs = new LogCapture()) {
            UserCode.scheduleSlowCallbackFromUserCode(loop, clock, Duration.ofSeconds(5));
            host.runOnce();
            assertEquals(0, warnings(logs).size());
        }
    }

    @Test
    void throwingSlowCallbackIsBothReportedAndTimed() {
        loop.setDebug(true);
        loop.setExceptionHandler(c -> { });
        try (LogCapture logs = new LogCapture()) {
            loop.callSoon(() -> {
                clock.advance(Duration.ofMillis(300));
                throw new IllegalStateException("slow and broken");
            });
            host.runOnce();
            assertEquals(1, warnings(logs).size());
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Creation sites
    // ---------------------------------------------------------------------------------------------

    @Test
    void creationSitesAreCapturedOnlyInDebugMode() {
        HandleImpl plain = (HandleImpl) loop.callSoon(() -> { });
        LoopFuture<Object> plainFuture = loop.createFuture();
        assertNull(plain.createdAt, "no stack capture outside debug mode (it costs)");
        assertNull(plainFuture.createdAt);
        loop.setDebug(true);
        assertNotNull(((HandleImpl) loop.callSoon(() -> { })).createdAt);
        assertNotNull(loop.createFuture().createdAt);
        assertNotNull(((HandleImpl) loop.callLater(Duration.ofHours(1), () -> { })).createdAt);
        host.runOnce();
    }

    @Test
    void taskKeepsTheSiteWhereItWasCreatedNotWhereItStarted() {
        // regression: when the task started, TaskStart.run registered it a second time and own()
        // overwrote the creation site captured in createTask with the stack of the runOnce that started it
        loop.setDebug(true);
        host.runOnce();
        Task<String> t = UserCode.createTaskFromUserCode(loop, () -> new CompletableFuture<>());
        host.runOnce(); // starts it
        assertTrue(trace(t.createdAt).contains("createTaskFromUserCode"), trace(t.createdAt));
        t.cancel(true);
        host.pump();
    }

    @Test
    void taskCreatedFromAnotherThreadKeepsItsCreationSiteOnThatThread() throws Exception {
        loop.setDebug(true);
        host.runOnce();
        AtomicReference<Task<String>> t = new AtomicReference<>();
        Thread other = new Thread(() -> t.set(UserCode.createTaskFromUserCode(loop, () -> new CompletableFuture<>())));
        other.start();
        other.join();
        host.runOnce();
        assertTrue(trace(t.get().createdAt).contains("createTaskFromUserCode"), trace(t.get().createdAt));
        t.get().cancel(true);
        host.pump();
    }

    @Test
    void defaultHandlerPrintsWhereTheSourceWasCreated() {
        loop.setDebug(true);
        host.runOnce();
        Task<String> t = UserCode.createTaskFromUserCode(loop, () -> new CompletableFuture<>());
        host.runOnce();
        try (LogCapture logs = new LogCapture()) {
            loop.callExceptionHandler(new ErrorContext("something about this task", null, t));
            List<LogRecord> severe = logs.at(Level.SEVERE, "never retrieved");
            assertEquals(1, severe.size());
            assertTrue(severe.get(0).getMessage().contains("createTaskFromUserCode"), severe.get(0).getMessage());
        }
        t.cancel(true);
        host.pump();
    }

    private static String trace(Throwable t) {
        if (t == null) return "(no trace)";
        StringBuilder sb = new StringBuilder();
        for (StackTraceElement e : t.getStackTrace()) sb.append(e).append('\n');
        return sb.toString();
    }

    // ---------------------------------------------------------------------------------------------
    // Thread confinement
    // ---------------------------------------------------------------------------------------------

    /**
     * The one loop-thread-only method of the loop itself: an eager task runs its body on the calling
     * thread, so it is checked always, debug mode or not (the future-creating operations are safe from any
     * thread: AnyThreadOperationsTest).
     */
    @Test
    void createEagerTaskFromAnotherThreadFailsNamingTheMethodAndBothThreadsInAndOutOfDebugMode() throws Exception {
        host.runOnce();
        String loopThread = Thread.currentThread().getName();
        for (boolean debug : new boolean[] {false, true}) {
            loop.setDebug(debug);
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread t = new Thread(() -> {
                try {
                    loop.createEagerTask(() -> CompletableFuture.completedFuture(null));
                } catch (Throwable e) {
                    thrown.set(e);
                }
            }, "intruder");
            t.start();
            t.join();
            assertInstanceOf(IllegalStateException.class, thrown.get(), "debug " + debug);
            String m = thrown.get().getMessage();
            assertTrue(m.contains("createEagerTask()") && m.contains("intruder") && m.contains(loopThread), m);
        }
    }

    @Test
    void debugModeCanBeSwitchedOnAndOff() {
        assertFalse(loop.isDebug());
        loop.setDebug(true);
        assertTrue(loop.isDebug());
        loop.setDebug(false);
        assertFalse(loop.isDebug());
    }
}
