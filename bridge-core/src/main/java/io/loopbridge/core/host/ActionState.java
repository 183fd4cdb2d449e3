package io.loopbridge.core.host;

/**
 * The state of the most recent run of a set of async actions ({@code FxActions}, {@code SwingActions},
 * or any {@link ActionCore}), for a label or a style to follow: what {@code javafx.concurrent.Worker.State}
 * is for a {@code Service}. The bridges expose it as a JavaFX property and as a Swing property-change
 * event ({@code "state"}).
 *
 * <p>It follows one run at a time, the one started last: READY until the first run starts, RUNNING
 * while the most recent run runs, then that run's outcome until the next run starts. Runs that were
 * started earlier and end later do not change it (they still run their hooks, unless
 * {@linkplain ActionCore#latestWins() latest-wins} replaced them). A run that finishes within its
 * synchronous start (its body did not wait) goes straight to its outcome, without RUNNING.
 *
 * <p><b>Threading.</b> An enum: safe from any thread.
 */
public enum ActionState {
    /** No run has started yet. Never returns once a run started. */
    READY,
    /** The most recent run is running. Not terminal: it ends in one of the three states below. */
    RUNNING,
    /** The most recent run completed normally. Terminal for that run. */
    SUCCEEDED,
    /**
     * The most recent run was cancelled: by {@link ActionCore#cancel()}, by its window closing, by the loop
     * closing, or by its own body. Terminal for that run; a run cancelled by the actions ends here whatever
     * its task ends with (see {@link ActionCore}, "Outcomes").
     */
    CANCELLED,
    /** The most recent run failed; the failure went to {@code onFailure} or the loop's exception handler. Terminal for that run. */
    FAILED
}
