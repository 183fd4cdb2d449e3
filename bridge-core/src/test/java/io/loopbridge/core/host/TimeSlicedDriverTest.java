package io.loopbridge.core.host;

import io.loopbridge.core.GuestLoop;
import io.loopbridge.core.testkit.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link TimeSlicedDriver} on a manual clock, with the test as the toolkit: its "event queue" is a deque
 * the test runs by hand, and its deadline timer records what it was asked.
 */
@Timeout(30)
class TimeSlicedDriverTest {
    private final ManualClock clock = new ManualClock();
    private final ArrayDeque<Runnable> events = new ArrayDeque<>();
    private final RecordingTimer timer = new RecordingTimer();
    private final AtomicInteger released = new AtomicInteger();
    private final AtomicInteger afterTurns = new AtomicInteger();
    private final TimeSlicedDriver driver = new TimeSlicedDriver("Test-1", events::add, Duration.ofMillis(2));
    private final GuestLoop core = new GuestLoop(driver, clock);

    {
        core.setName("Test-1");
        driver.start(core, timer, new TimeSlicedDriver.Hooks() {
            @Override public boolean isLoopThread() { return true; }
            @Override public void afterTurn() { afterTurns.incrementAndGet(); }
            @Override public void released() { released.incrementAndGet(); }
        });
    }

    /** What the driver asked of its timer. */
    static final class RecordingTimer implements DeadlineTimer {
        final List<String> log = new ArrayList<>();
        long armedAt = Long.MIN_VALUE;
        boolean armed;
        boolean closed;

        @Override public void arm(long deadline) { armed = true; armedAt = deadline; log.add("arm"); }
        @Override public void disarm() { armed = false; log.add("disarm"); }
        @Override public boolean isArmed() { return armed; }
        @Override public void close() { closed = true; armed = false; }
    }

    /** Runs the queued events, as the toolkit would, until none is left (bounded). */
    private int runEvents() {
        int n = 0;
        for (Runnable e; (e = events.poll()) != null && n < 1_000; n++) e.run();
        return n;
    }

    @Test
    void manyWakeUpsBetweenTurnsQueueOneTurn() throws Exception {
        Thread other = new Thread(() -> {
            for (int i = 0; i < 1_000; i++) core.callSoon(() -> { });
        });
        other.start();
        other.join();
        assertEquals(1, events.size(), "1,000 cross-thread submissions queued more than one turn");
        assertEquals(1, driver.posts());
        assertEquals("Test-1 turn", events.peek().toString());
        int turns = runEvents(); // the first turn, and the spare one the core's in-pass wake-up asks for
        assertEquals(1_000, core.stats().callbacksRun());
        assertEquals(turns, afterTurns.get(), "afterTurn runs after every turn");
    }

    @Test
    void aTurnOverItsBudgetYieldsWithOneTurnQueuedBehindTheToolkitsEvents() {
        List<Integer> ran = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            int n = i;
            core.callSoon(() -> {
                ran.add(n);
                clock.advance(Duration.ofMillis(1)); // each callback takes 1 ms of the 2 ms budget
            });
        }
        events.poll().run();
        assertEquals(List.of(0, 1), ran, "the turn did not stop at its budget");
        assertEquals(1, events.size(), "a yielding turn queues exactly one more");
        events.add(() -> ran.add(-1)); // a toolkit event queued meanwhile runs before the next slice
        runEvents();
        assertEquals(List.of(0, 1, 2, 3, -1, 4, 5, 6, 7, 8, 9), ran);
    }

    @Test
    void aTurnArmsTheTimerForTheNextDeadlineNeverEarlierAndDisarmsWhenNothingIsScheduled() {
        AtomicInteger fired = new AtomicInteger();
        core.callLater(Duration.ofMillis(5), fired::incrementAndGet);
        runEvents();
        assertTrue(timer.armed);
        assertTrue(timer.armedAt >= clock.getAsLong() + Duration.ofMillis(5).toNanos(), "armed early");
        clock.advance(Duration.ofMillis(5));
        driver.post(); // what the timer's fire does
        runEvents();
        assertEquals(1, fired.get());
        assertFalse(timer.armed, "still armed with nothing scheduled");
        assertEquals(List.of("arm", "disarm"), timer.log);
    }

    @Test
    void aPostFunctionThatThrowsLeavesNoTurnMarkedQueued() {
        AtomicInteger attempts = new AtomicInteger();
        TimeSlicedDriver d = new TimeSlicedDriver("Failing", r -> {
            if (attempts.incrementAndGet() == 1) throw new IllegalStateException("toolkit is busy");
            events.add(r);
        }, Duration.ofMillis(2));
        assertThrows(IllegalStateException.class, d::post);
        d.post();
        assertEquals(2, attempts.get(), "the failed post left the turn marked queued: the retry never posted");
        assertEquals(1, events.size());
    }

    @Test
    void closeOnTheLoopThreadReleasesTheHostOnceAndClosesTheTimer() {
        core.callLater(Duration.ofHours(1), () -> { });
        runEvents();
        assertTrue(driver.closeAndWait(Duration.ofSeconds(1), () -> false));
        assertEquals(1, released.get());
        assertTrue(timer.closed);
        assertTrue(driver.closeAndWait(Duration.ofSeconds(1), () -> false), "idempotent");
        assertEquals(1, released.get(), "released twice");
        runEvents(); // a turn after the release does nothing
        assertEquals(1, released.get());
    }

    @Test
    void closeFromACallbackReleasesWhenTheTurnEnds() {
        boolean[] releasedInside = new boolean[1];
        core.callSoon(() -> releasedInside[0] = driver.closeAndWait(Duration.ofSeconds(1), () -> false));
        runEvents();
        assertFalse(releasedInside[0], "released in the middle of a turn");
        assertEquals(1, released.get());
    }

    @Test
    void closeFromAnotherThreadWaitsAtMostItsBoundWhenTheLoopThreadNeverComes() throws Exception {
        TimeSlicedDriver d = new TimeSlicedDriver("Stuck", r -> { }, Duration.ofMillis(2)); // its turns never run
        GuestLoop c = new GuestLoop(d);
        Thread loopThread = Thread.currentThread();
        d.start(c, new RecordingTimer(), () -> Thread.currentThread() == loopThread);
        c.attachThread(c);
        CompletableFuture<Boolean> closed = CompletableFuture.supplyAsync(() -> d.closeAndWait(Duration.ofMillis(50), () -> false));
        assertFalse(closed.get(10, TimeUnit.SECONDS), "close() waited for a turn that never runs, without bound");
        assertTrue(c.isClosed());
        c.detachThread(); // the cleanup it could not wait for runs here
    }
}
