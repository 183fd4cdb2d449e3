package io.loopbridge.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pins the cheap paths of {@code runOnce} that the benchmarks rely on (no timing here: counts only). The
 * clock is read only when a timer or a budget needs it, since {@code System.nanoTime()} costs as much as
 * the rest of an idle pass; and the racily-read statistics still count every pass and callback.
 */
@Timeout(10)
class RunOnceCostTest {
    /** A manual clock that counts its reads. */
    private static final class CountingClock {
        final AtomicLong now = new AtomicLong(1_000_000_000L);
        final AtomicInteger reads = new AtomicInteger();

        long get() {
            reads.incrementAndGet();
            return now.get();
        }
    }

    @Test
    void passWithoutTimersOrBudgetDoesNotReadClock() {
        CountingClock clock = new CountingClock();
        GuestLoop loop = new GuestLoop(() -> {}, clock::get);
        AtomicInteger ran = new AtomicInteger();
        loop.callSoon(ran::incrementAndGet);
        assertEquals(1, loop.runOnce());
        assertEquals(0, loop.runOnce());
        assertEquals(1, ran.get());
        assertEquals(0, clock.reads.get(), "clock reads in passes with no timer and no budget");
        loop.close();
    }

    @Test
    void passWithPendingTimerStillFiresItWhenDue() {
        CountingClock clock = new CountingClock();
        GuestLoop loop = new GuestLoop(() -> {}, clock::get);
        AtomicInteger fired = new AtomicInteger();
        loop.callLater(Duration.ofMillis(5), fired::incrementAndGet);
        assertEquals(0, loop.runOnce());
        clock.now.addAndGet(Duration.ofMillis(5).toNanos());
        assertEquals(1, loop.runOnce());
        assertEquals(1, fired.get());
        assertTrue(clock.reads.get() > 0);
        loop.close();
    }

    @Test
    void budgetedPassStopsOnceBudgetIsSpentEvenWithoutTimers() {
        CountingClock clock = new CountingClock();
        GuestLoop loop = new GuestLoop(() -> {}, clock::get);
        for (int i = 0; i < 3; i++) loop.callSoon(() -> clock.now.addAndGet(Duration.ofMillis(10).toNanos()));
        assertEquals(1, loop.runOnce(Duration.ofMillis(5).toNanos()), "the first callback spends the whole budget");
        assertEquals(2, loop.runOnce());
        loop.close();
    }

    @Test
    void statsCountEveryPassAndCallback() {
        GuestLoop loop = new GuestLoop(() -> {}, () -> 0L);
        for (int i = 0; i < 3; i++) loop.callSoon(() -> {});
        loop.runOnce();
        loop.callSoon(() -> {});
        loop.runOnce();
        loop.runOnce();
        LoopStats s = loop.stats();
        assertEquals(4, s.callbacksRun());
        assertEquals(3, s.iterations());
        loop.close();
    }
}
