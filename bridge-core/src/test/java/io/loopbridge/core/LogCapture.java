package io.loopbridge.core;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Captures what the library logs through {@code System.getLogger("io.loopbridge")}: the default
 * {@code System.Logger} backend is {@code java.util.logging} when the {@code java.logging} module is
 * present (it is in every test JVM), so a JUL handler on the logger of that name sees every record.
 * While open, the records are not passed to the console. Use with try-with-resources.
 *
 * <p><b>Threading.</b> Records may arrive from any thread; {@link #records()} returns a snapshot.
 */
final class LogCapture extends Handler implements AutoCloseable {
    /** Held strongly: JUL keeps its loggers only weakly. */
    private final Logger logger = Logger.getLogger("io.loopbridge");
    private final boolean parentHandlers;
    private final Level level;
    private final List<LogRecord> records = new ArrayList<>();
    private volatile RuntimeException throwOnPublish;

    LogCapture() {
        parentHandlers = logger.getUseParentHandlers();
        level = logger.getLevel();
        logger.setUseParentHandlers(false);
        logger.setLevel(Level.ALL);
        logger.addHandler(this);
    }

    /** Makes the logger itself fail: every publish throws {@code e} (after recording). */
    void throwOnPublish(RuntimeException e) {
        throwOnPublish = e;
    }

    @Override
    public void publish(LogRecord record) {
        synchronized (records) {
            records.add(record);
        }
        RuntimeException e = throwOnPublish;
        if (e != null) throw e;
    }

    List<LogRecord> records() {
        synchronized (records) {
            return new ArrayList<>(records);
        }
    }

    /** The records at {@code level} exactly. */
    List<LogRecord> at(Level level) {
        List<LogRecord> out = new ArrayList<>();
        for (LogRecord r : records()) if (r.getLevel().equals(level)) out.add(r);
        return out;
    }

    /**
     * The records at {@code level}, leaving out "never retrieved" reports: the JDK's Cleaner may deliver
     * those for garbage of earlier tests at any time.
     */
    List<LogRecord> at(Level level, String excludingNeverRetrieved) {
        List<LogRecord> out = new ArrayList<>();
        for (LogRecord r : at(level)) {
            String m = r.getMessage();
            if (m == null || !m.contains(excludingNeverRetrieved)) out.add(r);
        }
        return out;
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
        logger.removeHandler(this);
        logger.setUseParentHandlers(parentHandlers);
        logger.setLevel(level);
    }
}
