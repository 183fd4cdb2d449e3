package io.loopbridge.demo.model;

import java.util.Locale;

/** The demo's panels, with the one-line explanation both toolkits show above each. Immutable; safe from any thread. */
public enum Panel {
    COUNTDOWN("Countdown",
            "A task awaits a chain of loop.sleep() timers and updates the label after each one. "
                    + "Press Cancel mid-second: the number stops at once, because the pending timer is cancelled."),
    FETCH("Fetch",
            "java.net.http.HttpClient through loop.wrapFuture(), bounded by loop.waitFor(), against a slow HTTP server "
                    + "inside this demo. Set the timeout below the server's delay to watch a clean timeout."),
    WORK("Work",
            "Blocking CPU work in loop.runInExecutor() reports its Progress to the bar. "
                    + "Watch the clock keep ticking while it runs; Cancel interrupts the worker thread."),
    PARALLEL("Parallel",
            "A TaskGroup runs five HTTP downloads from the demo server side by side, each with its own progress. "
                    + "Tick \u201c" + ParallelModel.FAIL_SWITCH + "\u201d: the group cancels the others and the error shows below."),
    MODAL("Modal",
            "A running task opens a modal dialog and awaits the answer. "
                    + "Watch the counter behind the dialog: timers keep firing while it is open."),
    SEARCH("Search",
            "Search as you type against the demo server: each keystroke starts a run that cancels the one before "
                    + "(latest wins); a run awaits a short debounce, then the request. Type fast: only the last keystroke sends one."),
    PROCESS("Process",
            "A real child process, started with loop.subprocess(): its output shows line by line as it arrives "
                    + "(readLine() on the UI thread), then its exit code. Cancel kills it."),
    CHAT("Chat",
            "A loopback chat with a line server inside this demo (loop.startServer on 127.0.0.1): "
                    + "loop.openConnection(), write a line, await the answer with readLine(). Send /bye and the server hangs up."),
    LOOP("Loop",
            "The loop's own figures, live. Flood submits 100,000 callbacks from four threads: turns are "
                    + "time-sliced, so the clock keeps ticking, and the lag figure shows how late timers ran meanwhile.");

    private final String title;
    private final String explanation;

    Panel(String title, String explanation) {
        this.title = title;
        this.explanation = explanation;
    }

    /** The name in the sidebar and the panel's heading. */
    public String title() {
        return title;
    }

    /** What the panel demonstrates and what to watch for. */
    public String explanation() {
        return explanation;
    }

    /** The lower-case id used by {@code --tab=} and in component ids ({@code countdown}, {@code fetch}, ...). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The panel with this {@link #id()}, case-insensitive. */
    public static Panel byId(String id) {
        for (Panel p : values()) if (p.id().equalsIgnoreCase(id)) return p;
        StringBuilder ids = new StringBuilder();
        for (Panel p : values()) ids.append(ids.length() == 0 ? "" : ", ").append(p.id());
        throw new IllegalArgumentException("unknown panel '" + id + "' (expected one of: " + ids + ")");
    }
}
