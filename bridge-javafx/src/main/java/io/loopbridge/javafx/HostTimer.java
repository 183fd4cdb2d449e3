package io.loopbridge.javafx;

/**
 * The one host timer of an {@link FxLoop}: armed for the loop's earliest deadline, re-armed as that
 * moves. When the deadline has passed it calls its {@code fire} action, which posts the loop's coalesced
 * turn with {@code Platform.runLater}: a host timer never runs loop callbacks itself. It never fires
 * before its deadline (on the loop's clock).
 *
 * <p><b>Threading.</b> {@link #arm} and {@link #disarm} on the FX Application Thread; {@link #close()}
 * from any thread.
 */
interface HostTimer {
    /** Fires once at {@code deadline} (loop clock, nanoseconds), replacing any earlier arming. */
    void arm(long deadline);

    /** Cancels the arming, if any. */
    void disarm();

    /** Releases the timer's resources for good (idempotent); a closed timer never fires. */
    void close();
}
