package io.loopbridge.core.model;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A manual clock that saturates at {@code Long.MAX_VALUE} instead of wrapping, so that a program may
 * jump it to a timer at {@code Long.MAX_VALUE} and keep advancing it (time stands still there).
 * Safe from any thread.
 */
final class SaturatingClock implements LongSupplier {
    private final AtomicLong now = new AtomicLong(1_000_000_000_000L);

    @Override
    public long getAsLong() {
        return now.get();
    }

    void advance(long nanos) {
        if (nanos < 0) throw new IllegalArgumentException("nanos: " + nanos + " (expected: >= 0, the clock is monotonic)");
        now.updateAndGet(v -> add(v, nanos));
    }

    /** {@code a + b} for {@code b >= 0}, saturating at {@code Long.MAX_VALUE}. */
    static long add(long a, long b) {
        long r = a + b;
        return (b > 0 && r < a) ? Long.MAX_VALUE : r;
    }
}
