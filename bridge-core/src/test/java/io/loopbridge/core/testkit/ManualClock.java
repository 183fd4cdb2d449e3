package io.loopbridge.core.testkit;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A clock that moves only when a test says so: inject it into a {@code GuestLoop} to test timers
 * without sleeping. Starts at an arbitrary non-zero instant so that code assuming {@code time() == 0}
 * at start is caught. Safe from any thread.
 */
public final class ManualClock implements LongSupplier {
    private final AtomicLong now = new AtomicLong(1_000_000_000_000L);

    @Override
    public long getAsLong() {
        return now.get();
    }

    /** Moves the clock forward by {@code d} (must not be negative: the clock is monotonic). */
    public void advance(Duration d) {
        advanceNanos(d.toNanos());
    }

    public void advanceNanos(long nanos) {
        if (nanos < 0) throw new IllegalArgumentException("nanos: " + nanos + " (expected: >= 0, the clock is monotonic)");
        now.addAndGet(nanos);
    }

    /** Moves the clock to {@code instant} if that is later than now. */
    public void advanceTo(long instant) {
        now.accumulateAndGet(instant, Math::max);
    }
}
