package io.loopbridge.demo.model;

import io.loopbridge.core.EventLoop;
import io.loopbridge.core.TimerHandle;

import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * A clock driven by a repeating loop timer: if the loop thread were blocked, it would stop. The demo
 * shows it in the header of every panel as the evidence that the UI stays responsive.
 *
 * <p><b>Threading.</b> Loop thread only, as every {@link Model}.
 */
public final class ClockModel extends Model {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("HH:mm:ss.S");

    private final Duration period;
    /** Loop thread. */
    private TimerHandle timer;
    /** Loop thread. */
    private String text = "--:--:--.-";
    /** Ticks so far. Loop thread. */
    private long ticks;

    public ClockModel(EventLoop loop, Duration period) {
        super(loop);
        this.period = Objects.requireNonNull(period, "period: null (expected: non-null)");
    }

    /** Starts ticking (idempotent). Loop thread only. */
    public void start() {
        if (timer == null) tick();
    }

    /** Stops ticking (idempotent). Loop thread only. */
    public void stop() {
        if (timer != null) timer.cancel();
        timer = null;
    }

    private void tick() {
        timer = loop.callLater(period, this::tick);
        ticks++;
        text = LocalTime.now().format(FORMAT);
        changed();
    }

    /** The time of day at the last tick, to a tenth of a second. */
    public String text() {
        return text;
    }

    /** Ticks so far: it grows as long as the loop runs. */
    public long ticks() {
        return ticks;
    }
}
