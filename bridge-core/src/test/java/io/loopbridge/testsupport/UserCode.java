package io.loopbridge.testsupport;

import io.loopbridge.core.EventLoop;
import io.loopbridge.core.Handle;
import io.loopbridge.core.Task;
import io.loopbridge.core.TimerHandle;
import io.loopbridge.core.testkit.ManualClock;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * "Application code" for the debug-mode tests, outside the library's package: the loop's debug traces
 * leave out the library's own frames ({@code io.loopbridge.core.*}), so a scheduling site must be here to
 * be named. Each method is a distinct, searchable frame.
 */
public final class UserCode {
    private UserCode() {}

    /** A callback that takes {@code takes} on the manual clock, with a readable name. */
    public static final class SlowCallback implements Runnable {
        private final ManualClock clock;
        private final Duration takes;

        SlowCallback(ManualClock clock, Duration takes) {
            this.clock = clock;
            this.takes = takes;
        }

        @Override
        public void run() {
            clock.advance(takes);
        }

        @Override
        public String toString() {
            return "SlowCallback[" + takes.toMillis() + " ms]";
        }
    }

    public static Handle scheduleSlowCallbackFromUserCode(EventLoop loop, ManualClock clock, Duration takes) {
        return loop.callSoon(new SlowCallback(clock, takes));
    }

    public static TimerHandle scheduleSlowTimerFromUserCode(EventLoop loop, ManualClock clock, Duration takes) {
        return loop.callLater(Duration.ofMillis(1), new SlowCallback(clock, takes));
    }

    public static <T> Task<T> createTaskFromUserCode(EventLoop loop, Supplier<? extends CompletionStage<T>> body) {
        return loop.createTask(body);
    }
}
