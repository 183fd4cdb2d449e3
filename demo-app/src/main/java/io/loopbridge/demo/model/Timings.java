package io.loopbridge.demo.model;

import java.time.Duration;
import java.util.Objects;

/**
 * The demo's pace. A person needs a countdown of seconds; a test needs the same code at a faster pace
 * (the behaviour does not change with the pace, only how long a test waits). Immutable; safe from any thread.
 *
 * @param countdownStep  time between two numbers of the countdown
 * @param downloadStep   time between two chunks the demo server sends a download
 * @param tickerPeriod   period of the counter behind the modal dialog and of the clock
 * @param probePeriod    period of the lag probe of the Loop panel
 * @param refreshPeriod  how often the Loop panel's figures are refreshed
 * @param searchDebounce how long the Search panel waits after a keystroke before it sends the request
 * @param processStep    time between two progress lines of the Process panel's bundled program
 */
public record Timings(Duration countdownStep, Duration downloadStep, Duration tickerPeriod,
                      Duration probePeriod, Duration refreshPeriod, Duration searchDebounce, Duration processStep) {

    public Timings {
        Objects.requireNonNull(countdownStep, "countdownStep: null (expected: non-null)");
        Objects.requireNonNull(downloadStep, "downloadStep: null (expected: non-null)");
        Objects.requireNonNull(tickerPeriod, "tickerPeriod: null (expected: non-null)");
        Objects.requireNonNull(probePeriod, "probePeriod: null (expected: non-null)");
        Objects.requireNonNull(refreshPeriod, "refreshPeriod: null (expected: non-null)");
        Objects.requireNonNull(searchDebounce, "searchDebounce: null (expected: non-null)");
        Objects.requireNonNull(processStep, "processStep: null (expected: non-null)");
    }

    /** The pace for people. */
    public static Timings standard() {
        return new Timings(Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ofMillis(100),
                Duration.ofMillis(20), Duration.ofMillis(250), Duration.ofMillis(250), Duration.ofMillis(250));
    }

    /** A faster pace for tests. */
    public static Timings fast() {
        return new Timings(Duration.ofMillis(40), Duration.ofMillis(10), Duration.ofMillis(20),
                Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(60), Duration.ofMillis(40));
    }
}
