package io.loopbridge.core;

import io.loopbridge.core.testkit.ManualClock;
import io.loopbridge.core.testkit.RecordingHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Timers: {@code (deadline, seq)} order, never early, the indexed heap against a sorted reference,
 * the cost model of cancellation (removed at once on the loop thread, purged lazily once more than half
 * of the heap was cancelled from other threads), and saturation of huge delays and deadlines.
 */
@Timeout(30)
class TimerOrderingTest {
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

    private static void onAnotherThread(Runnable r) {
        Thread t = new Thread(r, "other");
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Order
    // ---------------------------------------------------------------------------------------------

    @Test
    void timersRunInDeadlineOrderWhateverTheSchedulingOrder() {
        // asyncio test_events.test_call_later / test_base_events.test_time_and_call_at
        loop.callLater(Duration.ofMillis(30), add("30"));
        loop.callLater(Duration.ofMillis(10), add("10"));
        loop.callLater(Duration.ofMillis(20), add("20"));
        clock.advance(Duration.ofMillis(30));
        host.runOnce();
        assertEquals(List.of("10", "20", "30"), log);
    }

    @Test
    void equalDeadlinesRunInSchedulingOrder() {
        host.runOnce();
        long d = clock.getAsLong() + 1000;
        for (int i = 0; i < 50; i++) loop.callAt(d, add(Integer.toString(i)));
        clock.advanceTo(d);
        assertEquals(50, host.runOnce());
        for (int i = 0; i < 50; i++) assertEquals(Integer.toString(i), log.get(i));
    }

    @Test
    void equalDeadlinesRunInSchedulingOrderAcrossThreads() {
        host.runOnce();
        long d = clock.getAsLong() + 1000;
        loop.callAt(d, add("loop 1"));
        onAnotherThread(() -> loop.callAt(d, add("other 1")));
        loop.callAt(d, add("loop 2"));
        onAnotherThread(() -> {
            loop.callAt(d, add("other 2"));
            loop.callAt(d, add("other 3"));
        });
        loop.callAt(d, add("loop 3"));
        clock.advanceTo(d);
        host.runOnce();
        assertEquals(List.of("loop 1", "other 1", "loop 2", "other 2", "other 3", "loop 3"), log);
    }

    @Test
    void timerNeverRunsBeforeItsDeadline() {
        TimerHandle t = loop.callLater(Duration.ofMillis(10), add("t"));
        assertEquals(clock.getAsLong() + Duration.ofMillis(10).toNanos(), t.when());
        clock.advanceTo(t.when() - 1);
        host.runOnce();
        assertTrue(log.isEmpty(), "ran 1 ns early");
        assertEquals(1, loop.nextTimeout());
        clock.advanceNanos(1);
        host.runOnce();
        assertEquals(List.of("t"), log);
    }

    @Test
    void timersRunAtOrAfterTheirDeadlinesInDeadlineThenSchedulingOrderAgainstASortedReference() {
        // a randomized check of the whole path (scheduling from two threads, cancelling from two threads,
        // collecting due timers) against a sorted reference; seeded, so deterministic
        host.runOnce();
        Random rnd = new Random(20240611L);
        record Ref(long when, long seq, int id) {}
        List<Ref> scheduled = new ArrayList<>();
        List<TimerHandle> handles = new ArrayList<>();
        List<Integer> cancelled = new ArrayList<>();
        List<Integer> ranIds = new ArrayList<>();
        List<long[]> ranAt = new ArrayList<>();
        long[] seq = {0};
        for (int step = 0; step < 3000; step++) {
            int op = rnd.nextInt(10);
            if (op <= 4) {
                int id = scheduled.size();
                long when = clock.getAsLong() + rnd.nextInt(40) * 1_000_000L; // many equal deadlines
                Runnable cb = () -> {
                    ranIds.add(id);
                    ranAt.add(new long[] {id, clock.getAsLong()});
                };
                TimerHandle h = (op == 4) ? crossThreadCallAt(when, cb) : loop.callAt(when, cb);
                scheduled.add(new Ref(when, seq[0]++, id));
                handles.add(h);
            } else if (op <= 6 && !handles.isEmpty()) {
                int id = rnd.nextInt(handles.size());
                TimerHandle h = handles.get(id);
                if (!h.isCancelled() && !ranIds.contains(id)) {
                    if (op == 5) h.cancel();
                    else onAnotherThread(h::cancel);
                    cancelled.add(id);
                }
            } else {
                clock.advanceNanos(rnd.nextInt(15) * 1_000_000L);
                host.runOnce();
                assertNotEquals(0, loop.nextTimeout(), "a due timer was left behind by runOnce");
            }
        }
        clock.advance(Duration.ofSeconds(1));
        host.runOnce();
        assertEquals(-1, loop.nextTimeout());

        List<Integer> expected = new ArrayList<>();
        scheduled.stream()
                .filter(r -> !cancelled.contains(r.id()))
                .sorted(Comparator.comparingLong(Ref::when).thenComparingLong(Ref::seq))
                .forEach(r -> expected.add(r.id()));
        assertEquals(expected, ranIds);
        for (long[] r : ranAt) {
            assertTrue(r[1] >= scheduled.get((int) r[0]).when(), "timer " + r[0] + " ran early");
        }
    }

    private TimerHandle crossThreadCallAt(long when, Runnable cb) {
        TimerHandle[] h = new TimerHandle[1];
        onAnotherThread(() -> h[0] = loop.callAt(when, cb));
        return h[0];
    }

    @Test
    void timerQueueMatchesASortedReferenceUnderRandomAddsRemovesAndPolls() {
        GuestLoop owner = new GuestLoop(() -> { }, new ManualClock());
        TimerQueue q = new TimerQueue();
        Comparator<TimerHandleImpl> order = Comparator.<TimerHandleImpl>comparingLong(t -> t.when).thenComparingLong(t -> t.seq);
        TreeSet<TimerHandleImpl> ref = new TreeSet<>(order);
        List<TimerHandleImpl> in = new ArrayList<>();
        Random rnd = new Random(7);
        long seq = 0;
        for (int step = 0; step < 20_000; step++) {
            int op = rnd.nextInt(10);
            if (op < 5) {
                TimerHandleImpl t = new TimerHandleImpl(owner, () -> { }, null, rnd.nextInt(200), seq++);
                q.add(t);
                ref.add(t);
                in.add(t);
            } else if (op < 8 && !in.isEmpty()) {
                TimerHandleImpl t = in.remove(rnd.nextInt(in.size()));
                assertTrue(q.remove(t));
                assertFalse(q.remove(t), "removed twice");
                assertEquals(-1, t.heapIndex);
                ref.remove(t);
            } else if (!in.isEmpty()) {
                TimerHandleImpl t = q.poll();
                assertSame(ref.pollFirst(), t);
                in.remove(t);
                assertEquals(-1, t.heapIndex);
            }
            assertEquals(ref.size(), q.size());
            assertSame(ref.isEmpty() ? null : ref.first(), q.peek());
            if (step % 1000 == 0) {
                for (TimerHandleImpl t : in) assertTrue(t.heapIndex >= 0 && t.heapIndex < q.size(), "index of a timer in the heap");
            }
        }
        while (!ref.isEmpty()) assertSame(ref.pollFirst(), q.poll());
        assertTrue(q.isEmpty());
    }

    @Test
    void timerQueuePurgeDropsExactlyTheCancelledTimersAndKeepsTheOrder() {
        GuestLoop owner = new GuestLoop(() -> { }, new ManualClock());
        TimerQueue q = new TimerQueue();
        List<TimerHandleImpl> kept = new ArrayList<>();
        Random rnd = new Random(11);
        for (int i = 0; i < 1000; i++) {
            TimerHandleImpl t = new TimerHandleImpl(owner, () -> { }, null, rnd.nextInt(100), i);
            q.add(t);
            if (rnd.nextBoolean()) t.cancel(); // owner has no loop thread: a "remote" cancel, left in the heap
            else kept.add(t);
        }
        assertEquals(1000, q.size());
        assertEquals(1000 - kept.size(), q.purgeCancelled());
        assertEquals(kept.size(), q.size());
        kept.sort(Comparator.<TimerHandleImpl>comparingLong(t -> t.when).thenComparingLong(t -> t.seq));
        for (TimerHandleImpl t : kept) assertSame(t, q.poll());
    }

    // ---------------------------------------------------------------------------------------------
    // Cancellation cost model
    // ---------------------------------------------------------------------------------------------

    @Test
    void timerCancelledOnTheLoopThreadLeavesTheHeapAtOnce() {
        host.runOnce();
        TimerHandle a = loop.callLater(Duration.ofMillis(10), add("a"));
        loop.callLater(Duration.ofMillis(20), add("b"));
        assertEquals(2, loop.stats().pendingTimers());
        a.cancel();
        assertTrue(a.isCancelled());
        assertEquals(1, loop.stats().pendingTimers());
        host.pump();
        assertEquals(List.of("b"), log);
    }

    @Test
    void timersCancelledFromAnotherThreadArePurgedOnceTheyAreMoreThanHalfOfTheHeap() {
        host.runOnce();
        List<TimerHandle> timers = new ArrayList<>();
        for (int i = 0; i < 10; i++) timers.add(loop.callLater(Duration.ofHours(1 + i), add("t" + i)));
        onAnotherThread(() -> {
            for (int i = 0; i < 5; i++) timers.get(9 - i).cancel(); // the latest ones: never at the top
        });
        host.runOnce();
        assertEquals(10, loop.stats().pendingTimers(), "half cancelled: not yet worth an O(n) purge");
        onAnotherThread(() -> timers.get(4).cancel());
        assertEquals(10, loop.stats().pendingTimers(), "cancelled from another thread: left in the heap until the loop purges");
        host.runOnce();
        assertEquals(4, loop.stats().pendingTimers(), "more than half cancelled: purged");
        clock.advance(Duration.ofHours(20));
        host.runOnce();
        assertEquals(List.of("t0", "t1", "t2", "t3"), log);
    }

    @Test
    void cancelledTimersDoNotAccumulateWhenAnotherThreadKeepsCancellingThem() {
        host.runOnce();
        loop.callLater(Duration.ofHours(1), add("live"));
        for (int round = 0; round < 200; round++) {
            List<TimerHandle> batch = new ArrayList<>();
            for (int i = 0; i < 10; i++) batch.add(loop.callLater(Duration.ofMinutes(30 + round), add("dead")));
            onAnotherThread(() -> batch.forEach(TimerHandle::cancel));
            host.runOnce();
            assertTrue(loop.stats().pendingTimers() <= 2 * 11, "cancelled timers pile up: " + loop.stats().pendingTimers());
        }
        clock.advance(Duration.ofHours(5));
        host.runOnce();
        assertEquals(List.of("live"), log);
    }

    @Test
    void cancellingATimerFromAnotherThreadBeforeItIsTakenInLeavesNothingBehind() {
        host.runOnce();
        onAnotherThread(() -> loop.callLater(Duration.ofMillis(5), add("t")).cancel());
        host.runOnce();
        assertEquals(0, loop.stats().pendingTimers());
        assertEquals(-1, loop.nextTimeout());
    }

    // ---------------------------------------------------------------------------------------------
    // Bad and extreme delays
    // ---------------------------------------------------------------------------------------------

    @Test
    void negativeDelayMeansNowAndRunsOnTheNextPass() {
        // asyncio test_base_events.test_call_later_negative_delays
        host.runOnce();
        long now = clock.getAsLong();
        TimerHandle t = loop.callLater(Duration.ofSeconds(-5), add("neg"));
        TimerHandle min = loop.callLater(Duration.ofSeconds(Long.MIN_VALUE), add("min"));
        assertEquals(now, t.when());
        assertEquals(now, min.when());
        assertEquals(0, loop.nextTimeout());
        assertEquals(2, host.runOnce());
        assertEquals(List.of("neg", "min"), log);
    }

    @Test
    void callAtInThePastRunsOnTheNextPassNotSynchronously() {
        host.runOnce();
        loop.callAt(clock.getAsLong() - Duration.ofHours(1).toNanos(), add("past"));
        assertTrue(log.isEmpty());
        assertEquals(0, loop.nextTimeout());
        host.runOnce();
        assertEquals(List.of("past"), log);
    }

    @Test
    void callAtTheSmallestDeadlineRunsOnTheNextPass() {
        // regression: runOnce compared deadlines as "when - now <= 0", which overflows: Long.MIN_VALUE
        // minus a positive clock reading is positive, so the timer was never due (and nextTimeout() said
        // to wait ~292 years)
        host.runOnce();
        loop.callAt(Long.MIN_VALUE, add("min"));
        assertEquals(0, loop.nextTimeout());
        host.runOnce();
        assertEquals(List.of("min"), log);
    }

    @Test
    void hugeDelaysSaturateAndNeverRun() {
        host.runOnce();
        TimerHandle a = loop.callLater(Duration.ofSeconds(Long.MAX_VALUE, 999_999_999), add("a"));
        TimerHandle b = loop.callLater(Duration.ofNanos(Long.MAX_VALUE), add("b"));
        TimerHandle c = loop.callAt(Long.MAX_VALUE, add("c"));
        LoopFuture<Void> sleep = loop.sleep(Duration.ofDays(365L * 1_000_000));
        assertEquals(Long.MAX_VALUE, a.when());
        assertEquals(Long.MAX_VALUE, b.when());
        assertEquals(Long.MAX_VALUE, c.when());
        assertEquals(Long.MAX_VALUE - clock.getAsLong(), loop.nextTimeout());
        clock.advance(Duration.ofDays(365L * 100));
        host.runOnce();
        assertTrue(log.isEmpty());
        assertFalse(sleep.isDone());
        assertTrue(loop.nextTimeout() > 0);
        sleep.cancel(false);
    }

    @Test
    void hugeDeadlinesNeverRunEvenWhenTheClockReadsNegative() {
        // regression: System.nanoTime() may be negative. Long.MAX_VALUE minus a negative clock reading
        // overflowed to a negative number, so "when - now <= 0" made callAt(Long.MAX_VALUE) due at once,
        // and nextTimeout() returned 0
        AtomicLong now = new AtomicLong(-4_000_000_000_000_000_000L);
        GuestLoop l = new GuestLoop(() -> { }, now::get);
        try {
            l.runOnce();
            l.callAt(Long.MAX_VALUE, add("max"));
            TimerHandle huge = l.callLater(Duration.ofSeconds(Long.MAX_VALUE), add("huge"));
            assertEquals(now.get() + Long.MAX_VALUE, huge.when(), "no overflow here: the sum fits");
            l.callLater(Duration.ofMillis(1), add("soon"));
            assertEquals(1_000_000, l.nextTimeout());
            now.addAndGet(1_000_000);
            assertEquals(1, l.runOnce());
            assertEquals(Long.MAX_VALUE - 1_000_000, l.nextTimeout(), "until 'huge'");
            huge.cancel();
            assertEquals(Long.MAX_VALUE, l.nextTimeout(), "the distance to Long.MAX_VALUE saturates");
            assertEquals(0, l.runOnce());
            assertEquals(List.of("soon"), log);
        } finally {
            l.close();
        }
    }

    @Test
    void timersOrderByAbsoluteDeadlineAcrossZero() {
        AtomicLong now = new AtomicLong(-3_000_000L);
        GuestLoop l = new GuestLoop(() -> { }, now::get);
        try {
            l.runOnce();
            l.callAt(2_000_000, add("+2ms"));
            l.callAt(-1_000_000, add("-1ms"));
            l.callAt(0, add("0"));
            assertEquals(2_000_000, l.nextTimeout());
            now.set(2_000_000);
            l.runOnce();
            assertEquals(List.of("-1ms", "0", "+2ms"), log);
        } finally {
            l.close();
        }
    }
}
