package io.loopbridge.demo.model;

import io.loopbridge.core.ErrorContext;
import io.loopbridge.core.GuestLoop;
import io.loopbridge.core.StandaloneLoop;
import io.loopbridge.core.testkit.RecordingHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Loop panel's figures: lag measured on a manual clock; the flood and the throwing callback on a real loop. */
@Timeout(30)
class LoopMonitorTest {

    /** Moves the manual clock forward {@code d} one millisecond at a time, running what is due at each. */
    private static void runFor(RecordingHost host, Duration d) {
        for (long ms = 0; ms < d.toMillis(); ms++) host.advanceAndRun(Duration.ofMillis(1));
    }

    @Test
    void aBlockedLoopThreadShowsAsTheWorstLagOfTheLastSecondAndThenAgesOut() {
        RecordingHost host = RecordingHost.create();
        GuestLoop loop = host.loop();
        LoopMonitor monitor = new LoopMonitor(loop, Duration.ofMillis(10), Duration.ofMillis(50));
        loop.callSoon(monitor::start);
        host.runOnce();
        runFor(host, Duration.ofMillis(100)); // probes at 10, 20, ... 100 ms; the next is due at 110 ms
        assertEquals(0, monitor.worstLagNanos(), "timers on a manual clock run exactly on time");

        loop.callSoon(() -> host.clock().advance(Duration.ofMillis(300))); // a callback that takes 300 ms
        host.runOnce();
        host.runOnce(); // at 400 ms: the probe due at 110 ms, then the refresh due at 150 ms

        assertEquals(Duration.ofMillis(290).toNanos(), monitor.worstLagNanos());
        assertTrue(monitor.callbacksPerSecond() > 0);
        assertTrue(monitor.stats().pendingTimers() >= 2, "the probe and the refresh are pending: " + monitor.stats());

        runFor(host, Duration.ofMillis(1100));
        assertEquals(0, monitor.worstLagNanos(), "the stall has left the one-second window");

        loop.callSoon(monitor::stop);
        host.runOnce();
        assertEquals(0, loop.stats().pendingTimers());
        loop.close();
        host.assertContractKept();
    }

    @Test
    void aFloodFromBackgroundThreadsRunsEveryCallbackAndReportsIt() {
        try (StandaloneLoop loop = StandaloneLoop.create()) {
            LoopMonitor monitor = new LoopMonitor(loop, Duration.ofMillis(5), Duration.ofMillis(20));
            loop.runUntilComplete(loop.createTask(() -> {
                monitor.start();
                return monitor.flood(20_000, 4);
            }));

            assertEquals(20_000, monitor.floodDone());
            assertFalse(monitor.flooding());
            assertTrue(monitor.floodStatus().startsWith("20,000 callbacks from 4 threads ran in"), monitor.floodStatus());
        }
    }

    @Test
    void aCallbackThatThrowsReachesTheExceptionHandlerAndTheLoopGoesOn() {
        try (StandaloneLoop loop = StandaloneLoop.create()) {
            List<ErrorContext> errors = new CopyOnWriteArrayList<>();
            loop.setExceptionHandler(errors::add);
            LoopMonitor monitor = new LoopMonitor(loop, Duration.ofMillis(5), Duration.ofMillis(20));
            loop.runUntilComplete(loop.createTask(() -> {
                monitor.throwFromCallback();
                return loop.sleep(Duration.ofMillis(10));
            }));

            assertEquals(1, errors.size(), errors.toString());
            assertTrue(errors.get(0).exception() instanceof IllegalStateException);
            assertEquals("done", loop.runUntilComplete(loop.createTask(() -> Outcomes.completed(loop, "done"))));
        }
    }
}
