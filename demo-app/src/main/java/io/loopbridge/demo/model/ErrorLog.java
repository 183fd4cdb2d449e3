package io.loopbridge.demo.model;

import io.loopbridge.core.ErrorContext;
import io.loopbridge.core.EventLoop;
import io.loopbridge.core.Handle;
import io.loopbridge.core.LoopFuture;
import io.loopbridge.core.Task;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The error area: what the loop's exception handler received ({@code loop.setExceptionHandler(log::report)}),
 * newest last. Failed button tasks arrive here through the toolkits' action helpers, and so does a
 * callback that throws.
 *
 * <p><b>Threading.</b> Loop thread only, as every {@link Model}: the loop calls its exception handler
 * on the loop thread.
 */
public final class ErrorLog extends Model {
    /** At most this many entries are kept (the oldest go first). */
    static final int CAPACITY = 200;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    /** One report: when, where (a task's name or the loop's message) and what. */
    public record Entry(LocalTime time, String where, String what) {
        @Override
        public String toString() {
            return time.format(TIME) + "  " + where + ": " + what;
        }
    }

    /** Loop thread. */
    private final List<Entry> entries = new ArrayList<>();

    public ErrorLog(EventLoop loop) {
        super(loop);
    }

    /** The exception handler: records {@code c} (and prints one line to stderr). Loop thread. */
    public void report(ErrorContext c) {
        String where = where(c);
        String what = c.exception() == null ? firstLine(c.message()) : Outcomes.describe(c.exception());
        Entry e = new Entry(LocalTime.now(), where, what);
        if (entries.size() == CAPACITY) entries.remove(0);
        entries.add(e);
        System.err.println("[LoopBridge demo] error: " + where + ": " + what);
        changed();
    }

    /** A task by its name, a callback as such; otherwise the first line of the loop's message. */
    private static String where(ErrorContext c) {
        Object source = c.source();
        if (source instanceof Task) {
            String name = ((Task<?>) source).getName();
            return name != null ? name : "a task";
        }
        if (source instanceof Handle) return "a loop callback";
        if (source instanceof LoopFuture) return "a future";
        return c.exception() == null ? "loop" : firstLine(c.message());
    }

    /** The first line of {@code s}, whole: the views wrap a long row, they never cut it. */
    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** Forgets every entry. Loop thread. */
    public void clear() {
        entries.clear();
        changed();
    }

    /** The entries, oldest first (a copy). */
    public List<Entry> entries() {
        return List.copyOf(entries);
    }
}
