package io.loopbridge.bench.coro;

import org.openjdk.jmh.annotations.CompilerControl;

/**
 * Extra stack frames under a suspend point: {@link #descend} calls itself {@code n} times, never inlined
 * (under JMH), then runs the body, so a suspended coroutine's captured stack holds {@code n} more frames.
 */
final class Frames {
    private Frames() {}

    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    static void descend(int n, Runnable body) {
        if (n == 0) body.run();
        else descend(n - 1, body);
    }
}
