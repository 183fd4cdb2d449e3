package io.loopbridge.javafx;

import javafx.animation.AnimationTimer;

import io.loopbridge.core.host.DeadlineTimer;

import java.util.function.LongSupplier;

/**
 * {@link FxLoop.Timers#FRAME_ALIGNED}: an {@link AnimationTimer} that, while armed, looks at the clock on
 * every pulse (about 60 Hz) and fires on the first pulse at or after the deadline. Firing only
 * <em>posts</em> the loop's turn with {@code Platform.runLater}: the pulse is animation processing, where
 * JavaFX forbids nested event loops ({@code showAndWait} throws), so loop callbacks must never run inside
 * it. Late by up to a frame plus one {@code runLater} hop; while armed it keeps the pulse running, as any
 * running animation does.
 *
 * <p><b>Threading.</b> FX Application Thread only ({@link #close()} from another thread leaves the
 * stopping to the FX thread).
 */
final class FrameTimer extends AnimationTimer implements DeadlineTimer {
    private final LongSupplier clock;
    private final Runnable fire;
    /** The armed deadline; meaningful while {@link #armed}. FX thread only. */
    private long deadline;
    /** Whether the animation timer is started. FX thread only. */
    private boolean armed;
    private volatile boolean closed;

    FrameTimer(LongSupplier clock, Runnable fire) {
        this.clock = clock;
        this.fire = fire;
    }

    @Override
    public void arm(long at) {
        assert javafx.application.Platform.isFxApplicationThread() : "arm() off the FX Application Thread";
        if (closed) return;
        deadline = at;
        if (!armed) {
            armed = true;
            start();
        }
    }

    @Override
    public void disarm() {
        if (armed) {
            armed = false;
            stop();
        }
    }

    @Override
    public boolean isArmed() {
        return armed;
    }

    @Override
    public void close() {
        closed = true;
        if (javafx.application.Platform.isFxApplicationThread()) disarm();
        // else: a pulse that sees `closed` stops the timer (below)
    }

    /** Called in the pulse: only decide and post, never run loop work here. */
    @Override
    public void handle(long pulseNanos) {
        if (closed) {
            disarm();
            return;
        }
        if (armed && clock.getAsLong() - deadline >= 0) {
            disarm();
            fire.run();
        }
    }
}
