package io.loopbridge.core;

import io.loopbridge.core.testkit.ManualClock;
import io.loopbridge.core.testkit.RecordingHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link GuestLoop#runOnce()} and {@link GuestLoop#nextTimeout()}: the snapshot rule, the return count,
 * the timeout contract in every state, time slicing and re-entrancy (a callback that opens a nested host
 * loop, as a modal dialog does). Deterministic: a {@link RecordingHost} on a {@link ManualClock}.
 */
@Timeout(30)
class GuestLoopRunOnceTest {
    private final RecordingHost host = RecordingHost.create();
    private final GuestLoop loop = host.loop();
    private final ManualClock clock = host.clock();
    private final List<String> log = new ArrayList<>();

    @AfterEach
    void hostContractKept() {
        host.assertContractKept();
        loop.close();
    }

    private Runnable add(String s) {
        return () -> log.add(s);
    }

    // ---------------------------------------------------------------------------------------------
    // The snapshot
    // ---------------------------------------------------------------------------------------------

    @Test
    void callbacksReadyOnEntryAllRunInOnePassInFifoOrder() {
        loop.callSoon(add("a"));
        loop.callSoon(add("b"));
        loop.callSoon(add("c"));
        assertEquals(3, host.runOnce());
        assertEquals(List.of("a", "b", "c"), log);
        assertEquals(0, host.runOnce());
    }

    @Test
    void callbackScheduledDuringRunOnceRunsNextPass() {
        // asyncio test_base_events.test__run_once: ntodo is fixed on entry
        loop.callSoon(() -> {
            log.add("a");
            loop.callSoon(add("c"));
        });
        loop.callSoon(add("b"));
        assertEquals(2, host.runOnce());
        assertEquals(List.of("a", "b"), log);
        assertEquals(0, loop.nextTimeout(), "the callback scheduled meanwhile is ready now");
        assertEquals(1, host.runOnce());
        assertEquals(List.of("a", "b", "c"), log);
    }

    @Test
    void crossThreadSubmissionsMadeBeforeTheCallAreInTheSnapshot() throws Exception {
        host.runOnce(); // claims the test thread as the loop thread
        Thread t = new Thread(() -> {
            loop.callSoon(add("x"));
            loop.callSoon(add("y"));
        });
        t.start();
        t.join();
        assertEquals(2, host.runOnce());
        assertEquals(List.of("x", "y"), log);
    }

    @Test
    void timersDueOnEntryRunInTheSamePassAfterTheReadyCallbacks() {
        loop.callLater(Duration.ofMillis(10), add("timer"));
        loop.callSoon(add("soon"));
        clock.advance(Duration.ofMillis(10));
        assertEquals(2, host.runOnce());
        assertEquals(List.of("soon", "timer"), log);
    }

    @Test
    void allDueTimersAreCollectedBeforeAnyOfThemRuns() {
        // the first timer moves the clock past the third one's deadline: the third still waits for the
        // next pass, because the due set was fixed before the first ran
        loop.callLater(Duration.ofMillis(1), () -> {
            log.add("t1");
            clock.advance(Duration.ofMillis(100));
        });
        loop.callLater(Duration.ofMillis(2), add("t2"));
        loop.callLater(Duration.ofMillis(50), add("t3"));
        clock.advance(Duration.ofMillis(2));
        assertEquals(2, host.runOnce());
        assertEquals(List.of("t1", "t2"), log);
        assertEquals(1, host.runOnce());
        assertEquals(List.of("t1", "t2", "t3"), log);
    }

    @Test
    void timerRearmedWithZeroDelayRunsOncePerPassAndCannotSpin() {
        int[] runs = {0};
        Runnable[] rearm = new Runnable[1];
        rearm[0] = () -> {
            runs[0]++;
            loop.callLater(Duration.ZERO, rearm[0]);
        };
        loop.callLater(Duration.ZERO, rearm[0]);
        for (int pass = 1; pass <= 100; pass++) {
            assertEquals(1, host.runOnce(), "pass " + pass);
            assertEquals(pass, runs[0]);
            assertEquals(0, loop.nextTimeout());
        }
    }

    @Test
    void callbackRearmingItselfWithCallSoonRunsOncePerPass() {
        int[] runs = {0};
        Runnable[] again = new Runnable[1];
        again[0] = () -> {
            runs[0]++;
            loop.callSoon(again[0]);
        };
        loop.callSoon(again[0]);
        for (int pass = 1; pass <= 10; pass++) assertEquals(1, host.runOnce());
        assertEquals(10, runs[0]);
    }

    @Test
    void timerThatFallsDueDuringAPassRunsOnTheNextPass() {
        loop.callLater(Duration.ofMillis(5), add("timer"));
        loop.callSoon(() -> {
            log.add("soon");
            clock.advance(Duration.ofMillis(10));
        });
        assertEquals(1, host.runOnce());
        assertEquals(List.of("soon"), log);
        assertEquals(0, loop.nextTimeout());
        assertEquals(1, host.runOnce());
        assertEquals(List.of("soon", "timer"), log);
    }

    @Test
    void runOnceNeverWaitsForAFutureTimer() {
        loop.callLater(Duration.ofHours(1), add("timer"));
        long before = clock.getAsLong();
        assertEquals(0, host.runOnce()); // returns at once: nothing due, nothing ready
        assertEquals(before, clock.getAsLong());
        assertTrue(log.isEmpty());
    }

    @Test
    void runOnceCountsWhatRanButNotWhatWasCancelled() {
        loop.callSoon(add("a"));
        Handle b = loop.callSoon(add("b"));
        TimerHandle t = loop.callLater(Duration.ZERO, add("t"));
        loop.callSoon(add("c"));
        b.cancel();
        t.cancel();
        assertEquals(2, host.runOnce());
        assertEquals(List.of("a", "c"), log);
        assertEquals(2, loop.stats().callbacksRun());
    }

    @Test
    void callbackCancelledByAnEarlierOneInTheSamePassDoesNotRun() {
        Handle[] victim = new Handle[1];
        loop.callSoon(() -> victim[0].cancel());
        victim[0] = loop.callSoon(add("victim"));
        assertEquals(1, host.runOnce());
        assertTrue(log.isEmpty());
        assertTrue(victim[0].isCancelled());
    }

    @Test
    void cancellingAHandleThatAlreadyRanChangesNothing() {
        Handle h = loop.callSoon(add("a"));
        host.runOnce();
        h.cancel();
        assertFalse(h.isCancelled());
        assertEquals(List.of("a"), log);
    }

    @Test
    void throwingCallbackDoesNotLoseTheRestOfThePass() {
        loop.setExceptionHandler(c -> log.add("handler"));
        loop.callSoon(add("a"));
        loop.callSoon(() -> {
            throw new IllegalStateException("boom");
        });
        loop.callSoon(add("c"));
        assertEquals(3, host.runOnce());
        assertEquals(List.of("a", "handler", "c"), log);
    }

    // ---------------------------------------------------------------------------------------------
    // nextTimeout: 0 / > 0 / -1, in every state
    // ---------------------------------------------------------------------------------------------

    @Test
    void nextTimeoutOfAFreshLoopIsMinusOne() {
        assertEquals(-1, loop.nextTimeout());
    }

    @Test
    void nextTimeoutIsZeroWhileACallbackIsReady() {
        loop.callSoon(add("a"));
        assertEquals(0, loop.nextTimeout());
        host.runOnce();
        assertEquals(-1, loop.nextTimeout());
    }

    @Test
    void nextTimeoutIsZeroWhileACrossThreadSubmissionWaitsToBeTakenIn() throws Exception {
        host.runOnce();
        Thread t = new Thread(() -> loop.callSoon(add("x")));
        t.start();
        t.join();
        assertEquals(0, loop.stats().readyCallbacks(), "not taken in yet");
        assertEquals(0, loop.nextTimeout());
        host.runOnce();
        assertEquals(-1, loop.nextTimeout());
    }

    @Test
    void nextTimeoutCountsDownToTheEarliestTimer() {
        host.runOnce(); // claim the loop thread: from now on its timers go straight to the heap
        loop.callLater(Duration.ofMillis(250), add("late"));
        loop.callLater(Duration.ofMillis(100), add("early"));
        assertEquals(Duration.ofMillis(100).toNanos(), loop.nextTimeout());
        clock.advance(Duration.ofMillis(40));
        assertEquals(Duration.ofMillis(60).toNanos(), loop.nextTimeout());
        clock.advance(Duration.ofMillis(60));
        assertEquals(0, loop.nextTimeout(), "due now");
        host.runOnce();
        assertEquals(Duration.ofMillis(150).toNanos(), loop.nextTimeout());
        clock.advance(Duration.ofMillis(500));
        assertEquals(0, loop.nextTimeout(), "overdue is 0, never negative");
        host.runOnce();
        assertEquals(-1, loop.nextTimeout());
        assertEquals(List.of("early", "late"), log);
    }

    @Test
    void nextTimeoutSkipsCancelledTimers() {
        host.runOnce(); // claim the loop thread: from now on its timers go straight to the heap
        TimerHandle early = loop.callLater(Duration.ofMillis(10), add("early"));
        TimerHandle late = loop.callLater(Duration.ofMillis(30), add("late"));
        early.cancel();
        assertEquals(Duration.ofMillis(30).toNanos(), loop.nextTimeout());
        late.cancel();
        assertEquals(-1, loop.nextTimeout());
    }

    @Test
    void nextTimeoutSkipsTimersCancelledFromAnotherThread() throws Exception {
        host.runOnce();
        TimerHandle early = loop.callLater(Duration.ofMillis(10), add("early"));
        loop.callLater(Duration.ofMillis(30), add("late"));
        Thread t = new Thread(early::cancel);
        t.start();
        t.join();
        assertEquals(Duration.ofMillis(30).toNanos(), loop.nextTimeout());
    }

    @Test
    void nextTimeoutIsZeroAfterACrossThreadCloseUntilTheHostRanTheCleanupThenMinusOne() throws Exception {
        loop.callLater(Duration.ofHours(1), add("timer"));
        host.runOnce();
        Thread t = new Thread(loop::close);
        t.start();
        t.join();
        assertTrue(host.woken(), "close from another thread wakes the host for the cleanup");
        assertEquals(0, loop.nextTimeout());
        assertEquals(0, host.runOnce());
        assertEquals(-1, loop.nextTimeout());
    }

    @Test
    void nextTimeoutInsideACallbackSeesTheRestOfThePass() {
        long[] seen = new long[1];
        loop.callSoon(() -> seen[0] = loop.nextTimeout());
        loop.callSoon(add("b"));
        host.runOnce();
        assertEquals(0, seen[0]);
    }

    // ---------------------------------------------------------------------------------------------
    // Time slicing: runOnce(budget)
    // ---------------------------------------------------------------------------------------------

    @Test
    void runOnceWithABudgetStopsOnceItIsSpentAndKeepsTheRestFirstInLine() {
        for (int i = 0; i < 10; i++) {
            String s = "slow" + i;
            loop.callSoon(() -> {
                log.add(s);
                clock.advance(Duration.ofMillis(1));
            });
        }
        assertEquals(3, host.runOnce(Duration.ofMillis(3).toNanos()));
        assertEquals(List.of("slow0", "slow1", "slow2"), log);
        loop.callSoon(add("new"));
        host.runOnce();
        assertEquals(List.of("slow0", "slow1", "slow2", "slow3", "slow4", "slow5", "slow6", "slow7", "slow8", "slow9", "new"), log);
    }

    @Test
    void runOnceWithAZeroBudgetStillRunsOneCallback() {
        loop.callSoon(add("a"));
        loop.callSoon(add("b"));
        assertEquals(1, host.runOnce(0));
        assertEquals(1, host.runOnce(0));
        assertEquals(List.of("a", "b"), log);
    }

    @Test
    void runOnceWithABudgetRunsEverythingWhenCallbacksAreCheap() {
        for (int i = 0; i < 1000; i++) loop.callSoon(() -> { });
        assertEquals(1000, host.runOnce(Duration.ofMillis(1).toNanos()));
    }

    // ---------------------------------------------------------------------------------------------
    // Re-entrancy: a callback that opens a nested host loop (a modal dialog)
    // ---------------------------------------------------------------------------------------------

    @Test
    void nestedRunOnceRunsTheRestOfTheOuterPassOnceAndInOrder() {
        loop.callSoon(add("a"));
        loop.callSoon(() -> {
            log.add("b opens");
            host.runOnce();
            log.add("b closes");
        });
        loop.callSoon(add("c"));
        loop.callSoon(add("d"));
        int outer = host.runOnce();
        assertEquals(List.of("a", "b opens", "c", "d", "b closes"), log);
        assertEquals(2, outer, "the outer pass counts only what it ran itself");
        assertEquals(0, host.runOnce(), "nothing runs twice");
        assertEquals(4, loop.stats().callbacksRun());
    }

    @Test
    void nestedRunOnceAlsoRunsWorkScheduledBeforeItOpenedAfterTheOuterPass() {
        loop.callSoon(() -> {
            log.add("a");
            loop.callSoon(add("scheduled by a"));
        });
        loop.callSoon(() -> {
            log.add("b opens");
            host.runOnce();
            log.add("b closes");
        });
        loop.callSoon(add("c"));
        host.runOnce();
        assertEquals(List.of("a", "b opens", "c", "scheduled by a", "b closes"), log);
        assertEquals(0, host.runOnce());
    }

    @Test
    void workScheduledInsideTheNestedPassRunsOnTheNextPass() {
        loop.callSoon(() -> {
            log.add("b opens");
            host.runOnce();
            log.add("b closes");
        });
        loop.callSoon(() -> {
            log.add("c");
            loop.callSoon(add("scheduled by c"));
        });
        host.runOnce();
        assertEquals(List.of("b opens", "c", "b closes"), log);
        assertEquals(1, host.runOnce());
        assertEquals(List.of("b opens", "c", "b closes", "scheduled by c"), log);
    }

    @Test
    void twoNestedPassesInOneCallbackEachRunTheirOwnSnapshot() {
        loop.callSoon(() -> {
            log.add("b opens");
            loop.callSoon(add("x"));
            host.runOnce(); // c, d, x
            loop.callSoon(add("y"));
            host.runOnce(); // y
            log.add("b closes");
        });
        loop.callSoon(add("c"));
        loop.callSoon(add("d"));
        host.runOnce();
        assertEquals(List.of("b opens", "c", "d", "x", "y", "b closes"), log);
        assertEquals(0, host.runOnce());
    }

    @Test
    void doublyNestedPassesKeepOrderAndRunEverythingOnce() {
        loop.callSoon(add("a"));
        loop.callSoon(() -> {
            log.add("b opens");
            host.runOnce();
            log.add("b closes");
        });
        loop.callSoon(() -> {
            log.add("c opens");
            host.runOnce();
            log.add("c closes");
        });
        loop.callSoon(add("d"));
        loop.callSoon(add("e"));
        host.runOnce();
        assertEquals(List.of("a", "b opens", "c opens", "d", "e", "c closes", "b closes"), log);
        assertEquals(0, host.runOnce());
        assertEquals(5, loop.stats().callbacksRun());
    }

    @Test
    void nestedModalLoopRunsTimersUntilItsConditionHoldsThenTheOuterPassResumes() {
        // the shape of a modal dialog: a nested host loop that pumps until the dialog is closed
        LoopFuture<String> dialogResult = loop.createFuture();
        loop.callSoon(() -> {
            log.add("open dialog");
            loop.callLater(Duration.ofMillis(10), add("tick"));
            loop.callLater(Duration.ofMillis(20), () -> dialogResult.complete("ok"));
            int turns = 0;
            while (!dialogResult.isDone()) {
                assertTrue(++turns < 100, "the modal loop spins");
                host.runOnce();
                long t = loop.nextTimeout();
                if (t > 0) clock.advanceNanos(t);
            }
            log.add("dialog said " + dialogResult.join());
        });
        loop.callSoon(add("after the dialog callback"));
        loop.callLater(Duration.ofMillis(15), add("outer timer"));
        host.pump();
        assertEquals(List.of("open dialog", "after the dialog callback", "tick", "outer timer", "dialog said ok"), log);
    }

    @Test
    void nestedPassWithABudgetLeavesTheRestToTheOuterPassInOrder() {
        loop.callSoon(() -> {
            log.add("b opens");
            host.runOnce(0); // runs one callback (c) then stops
            log.add("b closes");
        });
        loop.callSoon(add("c"));
        loop.callSoon(add("d"));
        loop.callSoon(add("e"));
        host.runOnce();
        assertEquals(List.of("b opens", "c", "b closes", "d", "e"), log);
        assertEquals(0, host.runOnce());
    }

    @Test
    void nestedPassRunsTimersThatWereDueForTheOuterPassOnlyOnce() {
        loop.callLater(Duration.ofMillis(1), () -> {
            log.add("t1 opens");
            host.runOnce();
            log.add("t1 closes");
        });
        loop.callLater(Duration.ofMillis(1), add("t2"));
        loop.callLater(Duration.ofMillis(1), add("t3"));
        clock.advance(Duration.ofMillis(1));
        host.runOnce();
        assertEquals(List.of("t1 opens", "t2", "t3", "t1 closes"), log);
        assertEquals(0, host.runOnce());
    }

    @Test
    void closingTheLoopInsideANestedHostLoopEndsItInsteadOfSpinning() {
        // regression: a runOnce nested in a callback never ran close()'s cleanup (only depth 0 did), so
        // nextTimeout() stayed 0 and the modal loop, waiting for a future the cleanup would cancel, spun
        LoopFuture<String> dialogResult = loop.createFuture();
        int[] turns = {0};
        loop.callSoon(() -> {
            loop.callSoon(loop::close); // e.g. the application quits from inside the dialog
            while (!dialogResult.isDone()) {
                assertTrue(++turns[0] < 100, "the modal loop spins on a closed loop");
                host.runOnce();
                long t = loop.nextTimeout();
                if (t > 0) clock.advanceNanos(t);
            }
            log.add("dialog ended: " + (dialogResult.isCancelled() ? "cancelled" : "done"));
        });
        host.runOnce();
        assertEquals(List.of("dialog ended: cancelled"), log);
        assertEquals(-1, loop.nextTimeout());
        assertEquals(0, host.runOnce());
    }

    // ---------------------------------------------------------------------------------------------
    // The loop thread
    // ---------------------------------------------------------------------------------------------

    @Test
    void runOnceFromASecondThreadFailsClearly() throws Exception {
        host.runOnce(); // the test thread is now the loop thread
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                loop.runOnce();
            } catch (Throwable e) {
                thrown.set(e);
            }
        }, "intruder");
        t.start();
        t.join();
        assertTrue(thrown.get() instanceof IllegalStateException, String.valueOf(thrown.get()));
        String m = thrown.get().getMessage();
        assertTrue(m.contains("runOnce") && m.contains("intruder") && m.contains(Thread.currentThread().getName()), m);
    }

    @Test
    void nextTimeoutFromASecondThreadFailsClearly() throws Exception {
        host.runOnce();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                loop.nextTimeout();
            } catch (Throwable e) {
                thrown.set(e);
            }
        }, "intruder");
        t.start();
        t.join();
        assertTrue(thrown.get() instanceof IllegalStateException, String.valueOf(thrown.get()));
        assertTrue(thrown.get().getMessage().contains("nextTimeout"), thrown.get().getMessage());
    }

    @Test
    void theFirstRunOnceClaimsTheLoopThread() {
        assertEquals(null, loop.loopThread());
        assertFalse(loop.inEventLoop());
        host.runOnce();
        assertSame(Thread.currentThread(), loop.loopThread());
        assertTrue(loop.inEventLoop());
    }

    @Test
    void detachingAfterACrossThreadCloseRunsTheCleanupTheCloseLeftToTheLoopThread() throws Exception {
        // regression: a close() from another thread only wakes the host; a host that left after its last
        // runOnce (detaching) never ran the loop-thread cleanup, so pending futures stayed pending forever
        host.runOnce();
        LoopFuture<Void> sleep = loop.sleep(Duration.ofHours(1));
        Thread t = new Thread(loop::close);
        t.start();
        t.join();
        assertFalse(sleep.isDone(), "close() from another thread leaves the cleanup to the loop thread");
        loop.detachThread();
        assertTrue(sleep.isCancelled());
        assertEquals(null, loop.loopThread());
    }

    @Test
    void currentIsThisLoopInsideRunOnceAndUnboundAfter() {
        AtomicReference<EventLoop> inside = new AtomicReference<>();
        loop.callSoon(() -> inside.set(EventLoop.current()));
        host.runOnce();
        assertSame(loop, inside.get());
        assertThrows(IllegalStateException.class, EventLoop::current);
    }

    @Test
    void isRunningIsTrueOnlyInsideRunOnce() {
        boolean[] inside = new boolean[1];
        loop.callSoon(() -> inside[0] = loop.isRunning());
        host.runOnce();
        assertTrue(inside[0]);
        assertFalse(loop.isRunning());
    }

    @Test
    void statsCountPassesCallbacksAndQueues() {
        host.runOnce(); // claim the loop thread: from now on its timers go straight to the heap
        loop.callSoon(add("a"));
        loop.callLater(Duration.ofHours(1), add("t"));
        LoopStats s = loop.stats();
        assertEquals(1, s.pendingTimers());
        host.runOnce();
        host.runOnce();
        s = loop.stats();
        assertEquals(3, s.iterations());
        assertEquals(1, s.callbacksRun());
        assertEquals(0, s.readyCallbacks());
    }

    @Test
    void bareGuestLoopCannotRunItselfAndSaysToUseAHost() {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> loop.runUntilComplete(CompletableFuture.completedFuture(1)));
        assertTrue(e.getMessage().contains("host"), e.getMessage());
        assertThrows(UnsupportedOperationException.class, loop::runForever);
        assertThrows(UnsupportedOperationException.class, loop::stop);
    }
}
