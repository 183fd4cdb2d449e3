package io.loopbridge.core.internal;

import java.time.Duration;

/** Argument checks whose messages name the argument and what was expected. Not API. */
public final class Checks {
    private Checks() {}

    public static <T> T notNull(T value, String name) {
        if (value == null) throw new NullPointerException(name + ": null (expected: non-null)");
        return value;
    }

    /** {@code delay} in nanoseconds, negative as zero, saturating at {@link Long#MAX_VALUE}. */
    public static long delayNanos(Duration delay) {
        return delayNanos(delay, "delay");
    }

    /** Like {@link #delayNanos(Duration)} for an argument called {@code name}. */
    public static long delayNanos(Duration delay, String name) {
        notNull(delay, name);
        if (delay.isNegative()) return 0;
        long s = delay.getSeconds();
        if (s >= Long.MAX_VALUE / 1_000_000_000L) return Long.MAX_VALUE;
        return s * 1_000_000_000L + delay.getNano();
    }

    /** {@code a + b} for {@code b >= 0}, saturating at {@link Long#MAX_VALUE}. */
    public static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? (b > 0 ? Long.MAX_VALUE : Long.MIN_VALUE) : r;
    }
}
