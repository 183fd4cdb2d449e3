package io.loopbridge.core.docs;

import io.loopbridge.core.EventLoop;
import io.loopbridge.core.GuestLoop;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

// tag::sliced-host[]
/**
 * A host for a UI-style toolkit that owns its thread and has an event queue ({@code uiQueue}, like
 * {@code Platform::runLater} or {@code EventQueue::invokeLater}) and a timer. It time-slices: each turn
 * runs at most {@link #BUDGET} of callbacks, then yields to the toolkit so it can paint.
 */
final class SlicedHost {
    /** Half a 60 Hz frame: the rest is left for the toolkit's own events and painting. */
    static final long BUDGET = Duration.ofMillis(8).toNanos();

    private final Executor uiQueue;
    private final ScheduledExecutorService timer;
    private final GuestLoop loop;
    private ScheduledFuture<?> armed; // the one pending timer; UI thread only

    SlicedHost(Executor uiQueue, ScheduledExecutorService timer) {
        this.uiQueue = uiQueue;
        this.timer = timer;
        this.loop = new GuestLoop(() -> uiQueue.execute(this::turn)); // wakeUp(): post a turn, never run it here
    }

    EventLoop loop() {
        return loop;
    }

    /** One turn, on the UI thread. Extra turns (a wake-up and a timer at once) are harmless. */
    private void turn() {
        loop.runOnce(BUDGET);
        if (armed != null) armed.cancel(false);
        armed = null;
        long t = loop.nextTimeout();
        if (t == 0) uiQueue.execute(this::turn); // more ready: continue after the toolkit's queued events
        else if (t > 0) armed = timer.schedule(() -> uiQueue.execute(this::turn), t, TimeUnit.NANOSECONDS);
        // t < 0: nothing to do until wakeUp()
    }
}
// end::sliced-host[]
