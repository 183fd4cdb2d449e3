package io.loopbridge.bench.core;

import io.loopbridge.core.GuestLoop;

import java.util.SplittableRandom;

/**
 * What the core benchmarks share: the impl names, a no-op host, a hand-driven clock and a fixed table
 * of random delays (so that drawing a delay costs an array load, the same for every impl).
 *
 * <p><b>Threading.</b> The constants are immutable; a {@link HandClock} or {@link Delays} instance belongs
 * to the one benchmark thread that uses it.
 */
final class Fixtures {
    /** The subject of every comparison; see the package doc. */
    static final String LOOPBRIDGE = "loopbridge";

    /** One second in nanoseconds: timers in the scaling benchmarks are due within it, as in issue 6. */
    static final long ONE_SECOND = 1_000_000_000L;

    /** Baselines that fire in real time get their timers this far ahead, so none fires while measured. */
    static final long FAR_AHEAD = 3_600L * ONE_SECOND;

    private Fixtures() {}

    /** A callback that does nothing: the benchmarks measure the scheduler, not the callback. */
    static final Runnable NOOP = () -> {};

    /** A host that never needs waking: the benchmark itself calls runOnce(). */
    static final GuestLoop.HostWaker NO_WAKE = () -> {};

    /**
     * A clock the benchmark moves by hand. Plain field: only the loop thread reads and writes it.
     */
    static final class HandClock {
        long now = ONE_SECOND;

        long get() {
            return now;
        }
    }

    /**
     * {@code 2^20} random delays in {@code [0, 1 s)}, from a fixed seed: every impl and every fork sees
     * the same sequence. As many as the largest timer heap, so 10^6 timers scheduled at one instant get
     * (nearly) distinct deadlines. 8 MB; index with {@code i & MASK}.
     */
    static final class Delays {
        static final int MASK = (1 << 20) - 1;
        private final long[] delays = new long[MASK + 1];
        private int next;

        Delays(long seed) {
            SplittableRandom r = new SplittableRandom(seed);
            for (int i = 0; i < delays.length; i++) delays[i] = r.nextLong(ONE_SECOND);
        }

        long next() {
            return delays[next++ & MASK];
        }
    }
}
