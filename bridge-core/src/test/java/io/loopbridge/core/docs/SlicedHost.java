package io.loopbridge.core.docs;

import io.loopbridge.core.EventLoop;
import io.loopbridge.core.GuestLoop;
import io.loopbridge.core.host.ParkingDeadlineTimer;
import io.loopbridge.core.host.TimeSlicedDriver;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

// tag::sliced-host[]
/**
 * A host for a UI-style toolkit that owns its thread and has an event queue ({@code uiQueue}, like
 * {@code Platform::runLater} or {@code EventQueue::invokeLater}), built on the host kit: the driver turns
 * wake-ups into one queued turn at a time and time-slices each turn to {@link #BUDGET}; a parked thread
 * keeps the next deadline and asks for a turn when it has passed.
 */
final class SlicedHost {
    /** Half a 60 Hz frame: the rest is left for the toolkit's own events and painting. */
    static final Duration BUDGET = Duration.ofMillis(8);

    private final GuestLoop loop;

    SlicedHost(Executor uiQueue, BooleanSupplier onUiThread) {
        TimeSlicedDriver driver = new TimeSlicedDriver("SlicedHost", uiQueue, BUDGET);
        loop = new GuestLoop(driver); // wakeUp(): the driver posts a turn, never runs it there
        driver.start(loop, new ParkingDeadlineTimer(loop::time, driver::post, "SlicedHost-timer"),
                onUiThread::getAsBoolean); // the hooks: only "which thread is the UI thread" is required
    }

    EventLoop loop() {
        return loop;
    }
}
// end::sliced-host[]
