package io.loopbridge.core.host;

/**
 * The one timer of a host: armed for the loop's earliest deadline ({@code GuestLoop.nextTimeout()}),
 * re-armed as that deadline moves, never one per {@code callLater}. When the deadline has passed it
 * calls the {@code fire} action it was built with, which asks the host for a turn (a
 * {@link TimeSlicedDriver#post()}): a deadline timer never runs loop callbacks itself. A firing that
 * comes early or for a deadline that has meanwhile moved costs one cheap turn, never an early or a lost
 * timer callback, because the core runs only timers that are due on its own clock.
 *
 * <p>Contract for implementations:
 * <ul>
 *   <li>it fires at most once per arming, and never before the armed deadline on the loop's clock
 *       (an implementation on a coarser clock rounds <em>up</em>);</li>
 *   <li>{@link #arm} replaces the previous arming; arming again for the deadline already armed is cheap;</li>
 *   <li>after {@link #close()} it never fires again and holds no thread or toolkit timer.</li>
 * </ul>
 * The kit's implementation is {@link ParkingDeadlineTimer} (a parked daemon thread); a bridge may add a
 * toolkit's own timer ({@code javax.swing.Timer}, a JavaFX pulse).
 *
 * <p><b>Threading.</b> {@link #arm} and {@link #disarm} are called on the loop thread only (the host
 * driver's turn); {@link #close()} from any thread. The {@code fire} action may be called on any thread
 * (the timer's own) and must be safe from any thread, as {@link TimeSlicedDriver#post()} is.
 */
public interface DeadlineTimer {
    /**
     * Fires once at {@code deadline} (the loop's clock, nanoseconds), replacing any earlier arming.
     * Loop thread only.
     */
    void arm(long deadline);

    /** Cancels the arming, if any (a firing already under way may still happen: a spare turn). Loop thread only. */
    void disarm();

    /** Whether an arming is pending (for tests and {@code toString}). Safe from any thread (racy). */
    boolean isArmed();

    /** Releases the timer's thread or toolkit timer for good; idempotent; a closed timer never fires. Safe from any thread. */
    void close();
}
