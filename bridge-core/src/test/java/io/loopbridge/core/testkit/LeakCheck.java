package io.loopbridge.core.testkit;

import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;

/**
 * Leak measurements for the reliability tests: used heap after full collections
 * ({@link java.lang.management.MemoryMXBean}), live threads ({@link Thread#getAllStackTraces()}),
 * and weak references that must clear. The weak references are the precise check (an object is
 * reachable or not); heap and thread figures are the coarse one, with a tolerance, because the JVM
 * itself allocates and starts threads meanwhile.
 *
 * <p>Counts: {@link #count(int)} reads {@code -Dloopbridge.leak.loops=N}, or {@code -Dloopbridge.long=true}
 * for the full 10,000 (see {@code docs/reliability.md}).
 *
 * <p><b>Threading.</b> Any thread; not on a loop thread (it sleeps).
 */
public final class LeakCheck {
    public static final String LOOPS = "loopbridge.leak.loops";
    public static final int FULL_LOOPS = 10_000;

    private LeakCheck() {}

    /** Loops to create: the property, else 10,000 in long mode, else {@code defaultCount}. */
    public static int count(int defaultCount) {
        String s = System.getProperty(LOOPS);
        if (s != null) return Integer.parseInt(s.replace("_", ""));
        return SubmissionStress.longMode() ? FULL_LOOPS : defaultCount;
    }

    /** Used heap after several full collections, in bytes. */
    public static long usedHeapAfterGc() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            sleep(20);
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    /**
     * Live platform threads now, not counting the JDK's virtual-thread scheduler (its carrier threads and,
     * on JDK 24+, its unblocker): on JDK 21+ {@code runInExecutor} runs on virtual threads, whose shared
     * scheduler starts carriers as it sees fit (up to one per CPU) and keeps idle ones for 30 s. They are the
     * JDK's, for the whole JVM, not a loop's; a loop's own threads (its host, a platform-thread executor on
     * JDK 17) are counted.
     */
    public static int threadCount() {
        int n = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) if (!isVirtualThreadScheduler(t)) n++;
        return n;
    }

    /** Whether {@code t} belongs to the JDK's virtual-thread scheduler (see {@link #threadCount()}). */
    static boolean isVirtualThreadScheduler(Thread t) {
        return t.getClass().getName().equals("jdk.internal.misc.CarrierThread") || t.getName().equals("VirtualThread-unblocker");
    }

    /** Waits (up to {@code millis}) until at most {@code max} threads are alive; returns the count then. */
    public static int awaitThreadCountAtMost(int max, long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        int n = threadCount();
        while (n > max && System.nanoTime() < deadline) {
            sleep(10);
            n = threadCount();
        }
        return n;
    }

    /** Names of the live threads, for failure messages. */
    public static List<String> threadNames() {
        List<String> names = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            names.add(t.getName() + (t.isDaemon() ? " (daemon)" : "") + (isVirtualThreadScheduler(t) ? " (JDK virtual-thread scheduler: not counted)" : ""));
        }
        return names;
    }

    /**
     * Collects until every reference in {@code refs} has cleared, for up to {@code millis}; returns
     * how many have not.
     */
    public static int awaitCleared(List<? extends WeakReference<?>> refs, long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        int left;
        do {
            System.gc();
            sleep(10);
            left = 0;
            for (WeakReference<?> r : refs) if (r.get() != null) left++;
        } while (left > 0 && System.nanoTime() < deadline);
        return left;
    }

    /** Megabytes, for messages. */
    public static String mb(long bytes) {
        return String.format("%.1f MB", bytes / 1048576.0);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
