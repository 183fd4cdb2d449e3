package io.loopbridge.test;

import io.loopbridge.core.EventLoop;
import io.loopbridge.core.LoopFuture;
import io.loopbridge.core.TimerHandle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Virtual time on {@link TestLoop}: advanceBy, runCurrent, advanceUntilIdle, the step bound. Cases ported
 * from kotlinx-coroutines-test's {@code TestCoroutineSchedulerTest} are named in a comment.
 */
@Timeout(30)
class TestLoopTimeTest {
    private static final long MS = 1_000_000;

    @Test
    void clockStartsAtZeroAndMovesOnlyWhenTheTestSays() {
        try (TestLoop loop = TestLoop.create()) {
            assertEquals(0, loop.time());
            assertEquals(0, loop.currentTime());
            loop.callLater(Duration.ofSeconds(5), () -> { });
            loop.runCurrent();
            assertEquals(0, loop.time());
            loop.advanceBy(Duration.ofMillis(1500));
            assertEquals(1500 * MS, loop.time());
            assertEquals(Duration.ofMillis(1500), loop.elapsed());
            loop.advanceUntilIdle();
            assertEquals(Duration.ofSeconds(5), loop.elapsed());
        }
    }

    /** Ported: TestCoroutineSchedulerTest.testAdvanceTimeBy (stages at 1000, 1500, 2001 ms). */
    @Test
    void advanceByRunsEachTimerAtItsOwnDeadline() {
        try (TestLoop loop = TestLoop.create()) {
            int[] stage = {1};
            List<Long> seen = new ArrayList<>();
            loop.sleep(Duration.ofMillis(1000)).thenCompose(v -> {
                seen.add(loop.time());
                stage[0] = 2;
                return loop.sleep(Duration.ofMillis(500));
            }).thenCompose(v -> {
                seen.add(loop.time());
                stage[0] = 3;
                return loop.sleep(Duration.ofMillis(501));
            }).thenRun(() -> {
                seen.add(loop.time());
                stage[0] = 4;
            });
            assertEquals(1, stage[0]);
            loop.advanceBy(Duration.ofMillis(2000));
            assertEquals(3, stage[0]);
            assertEquals(2000 * MS, loop.currentTime());
            loop.advanceBy(Duration.ofMillis(2));
            assertEquals(4, stage[0]);
            assertEquals(2002 * MS, loop.currentTime());
            assertEquals(List.of(1000 * MS, 1500 * MS, 2001 * MS), seen);
        }
    }

    /**
     * Ported, with the difference documented on advanceBy: TestCoroutineSchedulerTest.testAdvanceTimeByDoesNotRunCurrent.
     * kotlinx leaves what is due at the target to runCurrent(); here it has run.
     */
    @Test
    void advanceByRunsWhatIsDueExactlyAtTheTarget() {
        try (TestLoop loop = TestLoop.create()) {
            boolean[] entered = {false};
            loop.callLater(Duration.ofMillis(15), () -> entered[0] = true);
            loop.advanceBy(Duration.ofMillis(14));
            assertFalse(entered[0]);
            loop.advanceBy(Duration.ofMillis(1));
            assertTrue(entered[0]);
        }
    }

    @Test
    void timersScheduledOnTheWayRunIfDueWithinTheTargetAndEqualDeadlinesKeepSchedulingOrder() {
        try (TestLoop loop = TestLoop.create()) {
            List<String> order = new ArrayList<>();
            loop.callLater(Duration.ofMillis(30), () -> order.add("c@" + loop.time() / MS));
            loop.callLater(Duration.ofMillis(10), () -> {
                order.add("a@" + loop.time() / MS);
                loop.callLater(Duration.ofMillis(5), () -> order.add("nested@" + loop.time() / MS));
                loop.callLater(Duration.ofMillis(100), () -> order.add("late@" + loop.time() / MS));
            });
            for (int i = 0; i < 3; i++) {
                int n = i;
                loop.callAt(20 * MS, () -> order.add("eq" + n + "@" + loop.time() / MS));
            }
            loop.advanceBy(Duration.ofMillis(50));
            assertEquals(List.of("a@10", "nested@15", "eq0@20", "eq1@20", "eq2@20", "c@30"), order);
            assertEquals(50 * MS, loop.time());
        }
    }

    /** Ported: TestCoroutineSchedulerTest.testRunCurrent (two launches, delay(1) twice). */
    @Test
    void runCurrentRunsWhatIsReadyAndTimePassesNot() {
        try (TestLoop loop = TestLoop.create()) {
            int[] stage = {0};
            for (int i = 0; i < 2; i++) {
                loop.createTask(() -> loop.sleep(Duration.ofMillis(1))
                        .thenCompose(v -> {
                            stage[0]++;
                            return loop.sleep(Duration.ofMillis(1));
                        })
                        .thenRun(() -> stage[0] += 10));
            }
            assertEquals(0, stage[0]);
            loop.runCurrent(); // the tasks start; their sleeps are 1 ms away
            assertEquals(0, stage[0]);
            assertEquals(0, loop.time());
            loop.advanceBy(Duration.ofMillis(1));
            assertEquals(2, stage[0]);
            loop.advanceBy(Duration.ofMillis(1));
            assertEquals(22, stage[0]);
        }
    }

    @Test
    void runCurrentRunsCallbacksThoseCallbacksQueueAndCountsThem() {
        try (TestLoop loop = TestLoop.create()) {
            List<Integer> order = new ArrayList<>();
            loop.callSoon(() -> {
                order.add(1);
                loop.callSoon(() -> {
                    order.add(3);
                    loop.callLater(Duration.ZERO, () -> order.add(4));
                });
            });
            loop.callSoon(() -> order.add(2));
            loop.callLater(Duration.ofNanos(1), () -> order.add(99));
            assertEquals(4, loop.runCurrent());
            assertEquals(List.of(1, 2, 3, 4), order);
            assertEquals(0, loop.runCurrent());
        }
    }

    /** Ported: TestCoroutineSchedulerTest.testDelaysPriority (nested sleeps at 100, 101, 150, 170, 171, 172, 200, 201). */
    @Test
    void advanceUntilIdleRunsEverythingInDeadlineOrderEachAtItsTime() {
        try (TestLoop loop = TestLoop.create()) {
            List<Long> checks = new ArrayList<>();
            Runnable check = () -> {
                long t = loop.time() / MS;
                if (!checks.isEmpty()) assertTrue(checks.get(checks.size() - 1) < t, checks + " then " + t);
                checks.add(t);
            };
            loop.createTask(() -> loop.sleep(Duration.ofMillis(100)).thenCompose(v -> {
                check.run();
                LoopFuture<Void> deferred = loop.sleep(Duration.ofMillis(70)).thenRun(check);
                return loop.sleep(Duration.ofMillis(1)).thenRun(check).thenCompose(x -> deferred)
                        .thenCompose(x -> loop.sleep(Duration.ofMillis(1))).thenRun(check);
            }));
            loop.createTask(() -> loop.sleep(Duration.ofMillis(200)).thenRun(check));
            loop.createTask(() -> loop.sleep(Duration.ofMillis(150)).thenRun(check)
                    .thenCompose(v -> loop.sleep(Duration.ofMillis(22))).thenRun(check));
            LoopFuture<Void> main = loop.sleep(Duration.ofMillis(201));
            loop.advanceUntilIdle();
            check.run();
            assertTrue(main.isDone());
            assertEquals(List.of(100L, 101L, 150L, 170L, 171L, 172L, 200L, 201L), checks);
        }
    }

    /** Ported: TestCoroutineSchedulerTest.testSmallTimeouts / testLargeTimeouts (waitFor is withTimeout). */
    @Test
    void virtualTimeoutsFireExactlyAtTheirDeadline() {
        try (TestLoop loop = TestLoop.create()) {
            LoopFuture<Void> late = loop.waitFor(loop.sleep(Duration.ofMillis(500)).thenCompose(v -> loop.sleep(Duration.ofMillis(500))),
                    Duration.ofMillis(1000));
            LoopFuture<Void> inTime = loop.waitFor(loop.sleep(Duration.ofMillis(500)).thenCompose(v -> loop.sleep(Duration.ofMillis(499))),
                    Duration.ofMillis(1000));
            loop.advanceUntilIdle();
            assertTrue(late.isCompletedExceptionally());
            Throwable e = assertThrows(Exception.class, late::join);
            assertInstanceOf(TimeoutException.class, e.getCause());
            assertFalse(inTime.isCompletedExceptionally());
            assertEquals(0, loop.stats().pendingTimers(), "waitFor left a timer behind");
        }
    }

    /** Ported: TestCoroutineSchedulerTest.testAdvanceTimeByEnormousDelays (the clock saturates; nothing overflows). */
    @Test
    void enormousAdvancesSaturateTheClockAndRunWhatIsDueOnTheWay() {
        try (TestLoop loop = TestLoop.create()) {
            loop.advanceBy(Duration.ofNanos(10));
            boolean[] nearInfinity = {false};
            boolean[] infinity = {false};
            loop.callAt(Long.MAX_VALUE - 1, () -> nearInfinity[0] = true);
            loop.callAt(Long.MAX_VALUE, () -> infinity[0] = true);
            loop.advanceBy(Duration.ofSeconds(Long.MAX_VALUE)); // more nanoseconds than a long holds
            assertTrue(nearInfinity[0]);
            assertTrue(infinity[0]);
            assertEquals(Long.MAX_VALUE, loop.currentTime());
            loop.advanceBy(Duration.ofDays(1)); // stays saturated
            assertEquals(Long.MAX_VALUE, loop.currentTime());
        }
    }

    /** Ported: TestCoroutineSchedulerTest.testAdvanceTimeByWithNegativeDelay. */
    @Test
    void negativeOrNullAdvanceIsRejectedWithItsName() {
        try (TestLoop loop = TestLoop.create()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> loop.advanceBy(Duration.ofMillis(-1)));
            assertTrue(e.getMessage().startsWith("delay: PT-0.001S (expected: >= 0"), e.getMessage());
            NullPointerException n = assertThrows(NullPointerException.class, () -> loop.advanceBy(null));
            assertEquals("delay: null (expected: non-null)", n.getMessage());
            loop.advanceBy(Duration.ZERO);
            assertEquals(0, loop.time());
        }
    }

    @Test
    void cancelledTimersDoNotRunAndDoNotStopTheClock() {
        try (TestLoop loop = TestLoop.create()) {
            boolean[] ran = {false};
            TimerHandle t = loop.callLater(Duration.ofSeconds(1), () -> ran[0] = true);
            t.cancel();
            loop.advanceUntilIdle();
            assertFalse(ran[0]);
            assertEquals(0, loop.time(), "advanceUntilIdle jumped to a cancelled timer's deadline");
        }
    }

    /** The "done when" of issue 16: a virtual hour of one-second timers runs at once (the virtual result is asserted, not wall time). */
    @Test
    void aVirtualHourOfOneSecondTimersRunsWithEveryTickAtItsSecond() {
        try (TestLoop loop = TestLoop.create()) {
            long[] ticks = new long[3600];
            int[] n = {0};
            for (int i = 1; i <= 3600; i++) loop.callLater(Duration.ofSeconds(i), () -> ticks[n[0]++] = loop.time());
            LoopFuture<Void> hour = loop.sleep(Duration.ofHours(1));
            loop.advanceBy(Duration.ofHours(1));
            assertEquals(3600, n[0]);
            for (int i = 0; i < 3600; i++) assertEquals(Duration.ofSeconds(i + 1).toNanos(), ticks[i], "tick " + i);
            assertTrue(hour.isDone());
            assertEquals(Duration.ofHours(1), loop.elapsed());
        }
    }

    @Test
    void aPeriodicTimerUnderAdvanceUntilIdleFailsWithAClearMessageInsteadOfHanging() {
        try (TestLoop loop = TestLoop.builder().maxSteps(10_000).build()) {
            Runnable[] tick = new Runnable[1];
            int[] ticks = {0};
            tick[0] = () -> {
                ticks[0]++;
                loop.callLater(Duration.ofSeconds(1), tick[0]);
            };
            loop.callSoon(tick[0]);
            IllegalStateException e = assertThrows(IllegalStateException.class, loop::advanceUntilIdle);
            assertTrue(e.getMessage().startsWith("advanceUntilIdle(): "), e.getMessage());
            assertTrue(e.getMessage().contains("still busy after 10000 steps"), e.getMessage());
            assertTrue(e.getMessage().contains("keeps scheduling"), e.getMessage());
            assertTrue(ticks[0] > 1000, "ticks: " + ticks[0]);
            // a bounded advance still works afterwards: one tick per virtual second, the first at 0
            long before = loop.currentTime();
            loop.advanceBy(Duration.ofSeconds(10));
            assertEquals(before + Duration.ofSeconds(10).toNanos(), loop.currentTime());
            assertEquals(loop.elapsed().toSeconds() + 1, ticks[0]);
        }
    }

    @Test
    void aCallbackThatRequeuesItselfFailsRunCurrentWithAClearMessage() {
        try (TestLoop loop = TestLoop.builder().maxSteps(1000).build()) {
            Runnable[] spin = new Runnable[1];
            spin[0] = () -> loop.callSoon(spin[0]);
            loop.callSoon(spin[0]);
            IllegalStateException e = assertThrows(IllegalStateException.class, loop::runCurrent);
            assertTrue(e.getMessage().startsWith("runCurrent(): "), e.getMessage());
            assertTrue(e.getMessage().contains("maxSteps"), e.getMessage());
            assertEquals(0, loop.time());
        }
    }

    @Test
    void theDefaultStepBoundStopsAnEndlessTickerUnderAnAutoAdvancingRun() {
        try (TestLoop loop = TestLoop.builder().autoAdvance(true).build()) {
            Runnable[] tick = new Runnable[1];
            tick[0] = () -> loop.callLater(Duration.ofMillis(1), tick[0]);
            loop.callSoon(tick[0]);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(loop.createFuture()));
            assertTrue(e.getMessage().contains("still busy after " + TestLoop.DEFAULT_MAX_STEPS + " steps"), e.getMessage());
        }
    }

    @Test
    void theLoopIsTheCurrentLoopOnTheTestThreadUntilClosed() {
        TestLoop loop = TestLoop.create();
        assertSame(loop, EventLoop.current());
        assertTrue(loop.inEventLoop());
        loop.close();
        assertThrows(IllegalStateException.class, EventLoop::current);
        assertFalse(loop.inEventLoop());
        try (TestLoop next = TestLoop.create()) { // the thread can drive another one
            assertSame(next, EventLoop.current());
        }
    }

    @Test
    void buildingASecondLoopWhileOneIsOpenOnTheThreadFailsNamingIt() {
        try (TestLoop loop = TestLoop.create()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, TestLoop::create);
            assertTrue(e.getMessage().contains("cannot build a TestLoop on thread '" + Thread.currentThread().getName() + "'"), e.getMessage());
            assertTrue(e.getMessage().contains(loop.toString().substring(0, 9)), e.getMessage());
        }
    }

    @Test
    void drivingFromAnotherThreadOrAfterCloseFailsNamingTheCall() throws Exception {
        TestLoop loop = TestLoop.create();
        LoopFuture<Object> pending = loop.createFuture();
        Throwable[] seen = new Throwable[1];
        Thread t = new Thread(() -> {
            try {
                loop.advanceBy(Duration.ofSeconds(1));
            } catch (Throwable e) {
                seen[0] = e;
            }
        }, "intruder");
        t.start();
        t.join(10_000);
        assertInstanceOf(IllegalStateException.class, seen[0]);
        assertTrue(seen[0].getMessage().contains("advanceBy() is for the thread that drives"), seen[0].getMessage());
        assertTrue(seen[0].getMessage().contains("called on thread 'intruder'"), seen[0].getMessage());
        loop.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, loop::advanceUntilIdle);
        assertTrue(e.getMessage().startsWith("loop is closed: cannot advanceUntilIdle"), e.getMessage());
        assertThrows(IllegalStateException.class, loop::runCurrent);
        assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(pending));
    }

    @Test
    void drivingOnJUnitsSeparateTimeoutThreadSaysHowToFixIt() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            Throwable[] seen = new Throwable[1];
            Thread t = new Thread(() -> {
                try {
                    loop.runCurrent();
                } catch (Throwable e) {
                    seen[0] = e;
                }
            }, "junit-timeout-thread-7");
            t.start();
            t.join(10_000);
            assertTrue(seen[0].getMessage().contains("build the loop in the test method, or use @Timeout(value = ..., threadMode = Timeout.ThreadMode.SAME_THREAD)"),
                    seen[0].getMessage());
        }
    }

    @Test
    void builderRejectsBadOptionsWithTheirNames() {
        IllegalArgumentException s = assertThrows(IllegalArgumentException.class, () -> TestLoop.builder().maxSteps(0));
        assertEquals("steps: 0 (expected: >= 1)", s.getMessage());
        IllegalArgumentException w = assertThrows(IllegalArgumentException.class, () -> TestLoop.builder().crossThreadWait(Duration.ofSeconds(-1)));
        assertEquals("wait: PT-1S (expected: >= 0)", w.getMessage());
        assertEquals("wait: null (expected: non-null)", assertThrows(NullPointerException.class, () -> TestLoop.builder().crossThreadWait(null)).getMessage());
        assertEquals("name: null (expected: non-null)", assertThrows(NullPointerException.class, () -> TestLoop.builder().name(null)).getMessage());
    }

    @Test
    void theNameAppearsInMessagesAndTheVirtualTimeInToString() {
        try (TestLoop loop = TestLoop.builder().name("SearchTest").build()) {
            loop.advanceBy(Duration.ofSeconds(2));
            assertTrue(loop.toString().startsWith("SearchTest[t=PT2S"), loop.toString());
        }
    }
}
