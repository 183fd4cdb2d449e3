package io.loopbridge.demo.model;

import io.loopbridge.core.EventLoop;
import io.loopbridge.core.LoopFuture;
import io.loopbridge.core.TimerHandle;

import java.time.Duration;
import java.util.Objects;

/**
 * Modal: a task starts a ticking counter (a repeating loop timer), then opens a modal dialog and awaits
 * the answer. The toolkit opens the dialog ({@link Dialogs}); its nested event loop keeps the loop
 * running, so the counter keeps ticking behind the dialog.
 *
 * <p><b>Threading.</b> Loop thread only, as every {@link Model}.
 */
public final class ModalModel extends Model {

    /** How a toolkit asks a yes/no question in a modal dialog, as a future of the answer. Loop thread. */
    public interface Dialogs {
        /** Opens a modal yes/no dialog; the future completes with true for yes once it is answered. */
        LoopFuture<Boolean> confirm(String title, String question);
    }

    private final Duration period;
    /** Ticks of the current run. Loop thread. */
    private int ticks;
    /** The counter's pending timer while it runs, else null. Loop thread. */
    private TimerHandle ticker;
    /** Loop thread. */
    private boolean dialogOpen;
    /** Loop thread. */
    private String status = "Press Open dialog.";

    public ModalModel(EventLoop loop, Duration period) {
        super(loop);
        this.period = Objects.requireNonNull(period, "period: null (expected: non-null)");
    }

    /**
     * Starts the counter, asks the question through {@code dialogs}, and completes with the answer once
     * the dialog is closed (the counter stops then). Loop thread only.
     */
    public LoopFuture<Boolean> run(Dialogs dialogs) {
        Objects.requireNonNull(dialogs, "dialogs: null (expected: non-null)");
        Outcomes.nameCurrentTask("Modal dialog");
        stopTicker();
        ticks = 0;
        ticker = loop.callLater(period, this::tick);
        dialogOpen = true;
        status = "The dialog is open. The counter above keeps ticking behind it.";
        changed();
        long start = loop.time();
        return dialogs.confirm("LoopBridge demo",
                "This dialog is modal, opened from inside a running task.\n"
                        + "Timers keep firing behind it: look at the counter.\n\nDid it keep ticking?")
                .handle((yes, e) -> {
                    stopTicker();
                    dialogOpen = false;
                    String after = Outcomes.seconds(loop.time() - start);
                    if (e == null) {
                        status = "You answered " + (yes ? "Yes" : "No") + " after " + after + "; meanwhile the counter ticked "
                                + ticks + " times on the loop.";
                    } else {
                        status = Outcomes.isCancellation(e) ? "Cancelled." : "Failed: " + Outcomes.describe(e);
                    }
                    changed();
                    if (e != null) throw Outcomes.rethrow(e);
                    return yes;
                });
    }

    private void tick() {
        ticks++;
        ticker = loop.callLater(period, this::tick);
        changed();
    }

    private void stopTicker() {
        if (ticker != null) {
            ticker.cancel();
            ticker = null;
        }
    }

    /** Ticks of the counter in the current (or last) run. */
    public int ticks() {
        return ticks;
    }

    /** Whether the dialog is open. */
    public boolean dialogOpen() {
        return dialogOpen;
    }

    /** The status line. */
    public String status() {
        return status;
    }
}
