package io.loopbridge.core.testkit;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Checks that numbered steps happen in order, as kotlinx's {@code expect(n)}/{@code finish(n)}:
 * {@code expect(1)} must be the first step, {@code expect(2)} the second, and {@code finish(n)} the
 * last. Safe from any thread.
 */
public final class OrderedExecution {
    private final AtomicInteger step = new AtomicInteger();
    private volatile boolean finished;

    /** Step {@code n}: fails unless exactly {@code n - 1} steps happened before. */
    public void expect(int n) {
        int prev = step.getAndIncrement();
        assertEquals(n - 1, prev, "step " + n + " ran after step " + prev);
    }

    /** The last step, {@code n}. */
    public void finish(int n) {
        expect(n);
        finished = true;
    }

    /** Fails unless {@link #finish} ran with {@code n}. */
    public void assertFinished(int n) {
        assertEquals(true, finished, "finish(" + n + ") never ran; last step was " + step.get());
        assertEquals(n, step.get());
    }

    public int steps() {
        return step.get();
    }
}
