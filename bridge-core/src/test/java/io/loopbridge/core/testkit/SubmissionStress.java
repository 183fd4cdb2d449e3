package io.loopbridge.core.testkit;

import io.loopbridge.core.EventLoop;
import io.loopbridge.core.Handle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Cross-thread stress for any host ({@code StandaloneLoop}, {@code FxLoop}, {@code SwingLoop}): many
 * producer threads {@code callSoon} into a loop that its host is driving, and every submission is
 * accounted for.
 *
 * <ul>
 *   <li>{@link #flood}: every callback runs exactly once, on the loop thread, each producer's in the
 *       order it submitted them.</li>
 *   <li>{@link #closeRace}: the loop is closed while the producers submit. Each submission either ran,
 *       or was rejected with {@link RejectedExecutionException}, or is cancelled (its handle says so):
 *       never silently dropped. Stronger, per producer: the submissions that ran are a prefix of its
 *       accepted ones, the rest of them is cancelled, and once one was rejected all later ones are.</li>
 * </ul>
 * Counts: {@link #perProducer(int)} reads {@code -Dloopbridge.stress.perProducer=N}, or
 * {@code -Dloopbridge.long=true} for 1,000,000 (see {@code docs/reliability.md}).
 *
 * <p><b>Threading.</b> Call from a test thread that is not the loop thread. Loop-side state is written
 * on the loop thread only and read after the host has settled (a happens-before edge the caller
 * provides: a join, a latch, {@code invokeAndWait}).
 */
public final class SubmissionStress {
    /** {@code -Dloopbridge.long=true}: every reliability test uses its full counts. */
    public static final String LONG = "loopbridge.long";
    public static final String PER_PRODUCER = "loopbridge.stress.perProducer";
    public static final int PRODUCERS = 8;
    public static final int FULL_PER_PRODUCER = 1_000_000;

    private SubmissionStress() {}

    /** Whether long mode is on ({@code -Dloopbridge.long=true}). */
    public static boolean longMode() {
        return Boolean.getBoolean(LONG);
    }

    /** Submissions per producer: the property, else 1,000,000 in long mode, else {@code defaultCount}. */
    public static int perProducer(int defaultCount) {
        String s = System.getProperty(PER_PRODUCER);
        if (s != null) return Integer.parseInt(s.replace("_", ""));
        return longMode() ? FULL_PER_PRODUCER : defaultCount;
    }

    /** What a run measured, for the test's output and {@code docs/reliability.md}. */
    public record Figures(long submitted, long ran, long cancelled, long rejected, long millis) {
        @Override
        public String toString() {
            return String.format("%,d submitted, %,d ran, %,d cancelled, %,d rejected, %,d ms", submitted, ran, cancelled, rejected, millis);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Flood
    // ---------------------------------------------------------------------------------------------

    /** Loop-thread state of a flood. */
    private static final class FloodState {
        final int[] next;
        final long total;
        final BooleanSupplier isLoopThread;
        final CompletableFuture<Void> allRan = new CompletableFuture<>();
        long ran;
        long offThread;
        long outOfOrder;

        FloodState(int producers, long total, BooleanSupplier isLoopThread) {
            next = new int[producers];
            this.total = total;
            this.isLoopThread = isLoopThread;
        }
    }

    /** One submission: 24 bytes, so that a backlog of millions fits in a test JVM. */
    private record FloodCallback(FloodState s, int producer, int n) implements Runnable {
        @Override
        public void run() {
            FloodState st = s;
            if (!st.isLoopThread.getAsBoolean()) st.offThread++;
            if (st.next[producer] != n) st.outOfOrder++;
            st.next[producer] = n + 1;
            if (++st.ran == st.total) st.allRan.complete(null);
        }
    }

    /**
     * {@code producers x perProducer} cross-thread {@code callSoon}s into a loop its host drives; returns
     * once all ran and were checked.
     *
     * @param isLoopThread  true on the loop thread (called in each callback)
     * @param afterAllRan   makes the loop-side counters visible to this thread (e.g. a no-op on the loop thread, waited for)
     */
    public static Figures flood(EventLoop loop, int producers, int perProducer, BooleanSupplier isLoopThread,
                                Runnable afterAllRan, Duration timeout) throws Exception {
        long total = (long) producers * perProducer;
        FloodState st = new FloodState(producers, total, isLoopThread);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        Throwable[] producerFailure = new Throwable[producers];
        for (int p = 0; p < producers; p++) {
            int id = p;
            Thread t = new Thread(() -> {
                try {
                    go.await();
                    for (int i = 0; i < perProducer; i++) loop.callSoon(new FloodCallback(st, id, i));
                } catch (Throwable e) {
                    producerFailure[id] = e;
                }
            }, "stress-producer-" + p);
            threads.add(t);
            t.start();
        }
        long t0 = System.nanoTime();
        go.countDown();
        for (Thread t : threads) t.join(timeout.toMillis());
        try {
            st.allRan.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            afterAllRan.run();
            throw new AssertionError("not all callbacks ran within " + timeout + ": " + st.ran + " of " + total);
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;
        afterAllRan.run();
        for (int p = 0; p < producers; p++) {
            if (producerFailure[p] != null) throw new AssertionError("producer " + p + " failed", producerFailure[p]);
        }
        check(st.ran == total, "ran " + st.ran + " of " + total);
        check(st.offThread == 0, st.offThread + " callbacks ran off the loop thread");
        check(st.outOfOrder == 0, st.outOfOrder + " callbacks ran out of their producer's order");
        for (int p = 0; p < producers; p++) check(st.next[p] == perProducer, "producer " + p + ": " + st.next[p] + " ran");
        return new Figures(total, st.ran, 0, 0, millis);
    }

    // ---------------------------------------------------------------------------------------------
    // Close racing with producers
    // ---------------------------------------------------------------------------------------------

    /** Loop-thread state of a close race. */
    private static final class RaceState {
        final boolean[][] ran;
        final int[] next;
        final BooleanSupplier isLoopThread;
        volatile boolean closeReturned;
        long offThread;
        long outOfOrder;
        long startedAfterClose;
        /** Set by the callback that closes the loop itself (closeFromCallbackAt). */
        volatile int closerProducer = -1;
        volatile int closerIndex = -1;
        volatile EventLoop loop;

        RaceState(int producers, int perProducer, BooleanSupplier isLoopThread) {
            ran = new boolean[producers][perProducer];
            next = new int[producers];
            this.isLoopThread = isLoopThread;
        }
    }

    private record RaceCallback(RaceState s, int producer, int n) implements Runnable {
        @Override
        public void run() {
            RaceState st = s;
            if (st.closeReturned) st.startedAfterClose++;
            if (!st.isLoopThread.getAsBoolean()) st.offThread++;
            if (n < st.next[producer]) st.outOfOrder++;
            st.next[producer] = n + 1;
            st.ran[producer][n] = true;
            if (producer == st.closerProducer && n == st.closerIndex) st.loop.close(); // close from a callback
        }
    }

    /**
     * Producers submit up to {@code perProducer} callbacks each (going on for 100 more after their first
     * rejection, all of which must be rejected too); once {@code closeAfter} have been accepted in all,
     * the loop is closed: by {@code closer} on this thread, or, if {@code closeFromCallback}, by the
     * callback that is that many-th of producer 0's. Then {@code settle} waits until the host has done
     * its close cleanup, and every submission is accounted for.
     *
     * @param lateStartsAllowed how many callbacks may start after {@code closer} returned: 0 for hosts
     *                          whose {@code close()} waits for the loop thread's cleanup, 1 for those
     *                          that return at once (the callback whose start raced with the close)
     */
    public static Figures closeRace(EventLoop loop, int producers, int perProducer, long closeAfter, boolean closeFromCallback,
                                    Runnable closer, BooleanSupplier isLoopThread, Runnable settle, int lateStartsAllowed,
                                    Duration timeout) throws Exception {
        RaceState st = new RaceState(producers, perProducer, isLoopThread);
        st.loop = loop;
        if (closeFromCallback) {
            st.closerProducer = 0;
            st.closerIndex = (int) Math.min(perProducer - 1, closeAfter / producers);
        }
        Handle[][] handles = new Handle[producers][perProducer];
        int[] accepted = new int[producers];
        int[] rejected = new int[producers];
        int[] acceptedAfterRejection = new int[producers];
        int[] wrongRejection = new int[producers];
        long[] progress = new long[producers];
        Object progressLock = new Object();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int id = p;
            Thread t = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                int i = 0;
                for (; i < perProducer && rejected[id] < 100; i++) {
                    try {
                        handles[id][i] = loop.callSoon(new RaceCallback(st, id, i));
                        if (rejected[id] > 0) acceptedAfterRejection[id]++;
                        accepted[id]++;
                    } catch (RejectedExecutionException e) {
                        if (e.getMessage() == null || !e.getMessage().startsWith("loop is closed")) wrongRejection[id]++;
                        rejected[id]++;
                    }
                    if ((i & 1023) == 0) {
                        synchronized (progressLock) {
                            progress[id] = accepted[id];
                            progressLock.notifyAll();
                        }
                    }
                }
                synchronized (progressLock) {
                    progress[id] = Long.MAX_VALUE / producers; // done
                    progressLock.notifyAll();
                }
            }, "race-producer-" + p);
            threads.add(t);
            t.start();
        }
        long t0 = System.nanoTime();
        go.countDown();
        if (!closeFromCallback) {
            synchronized (progressLock) {
                long deadline = System.nanoTime() + timeout.toNanos();
                while (sum(progress) < closeAfter && System.nanoTime() < deadline) progressLock.wait(10);
            }
            closer.run();
            st.closeReturned = true;
        }
        for (Thread t : threads) {
            t.join(timeout.toMillis());
            check(!t.isAlive(), t.getName() + " did not finish (a submission blocked?)");
        }
        long closing = System.nanoTime() + timeout.toNanos(); // a closing callback may still be on its way
        while (!loop.isClosed() && System.nanoTime() < closing) Thread.sleep(1);
        check(loop.isClosed(), "the loop was not closed");
        settle.run();
        long millis = (System.nanoTime() - t0) / 1_000_000;

        long ran = 0;
        long cancelled = 0;
        long rej = 0;
        long submitted = 0;
        List<String> problems = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            rej += rejected[p];
            submitted += accepted[p] + rejected[p];
            if (acceptedAfterRejection[p] > 0) problems.add("producer " + p + ": " + acceptedAfterRejection[p] + " accepted after a rejection");
            if (wrongRejection[p] > 0) problems.add("producer " + p + ": " + wrongRejection[p] + " rejections not saying 'loop is closed'");
            boolean inRanPrefix = true;
            for (int i = 0; i < accepted[p]; i++) {
                Handle h = handles[p][i];
                boolean r = st.ran[p][i];
                boolean c = h.isCancelled();
                if (r && c) problems.add("producer " + p + " #" + i + " ran and is cancelled");
                if (!r && !c) {
                    problems.add("producer " + p + " #" + i + " neither ran nor is cancelled: silently dropped");
                    break;
                }
                if (r && !inRanPrefix) {
                    problems.add("producer " + p + " #" + i + " ran after an earlier one of its producer was cancelled");
                    break;
                }
                if (!r) inRanPrefix = false;
                if (r) ran++;
                else cancelled++;
            }
            if (problems.size() > 10) break;
        }
        if (st.offThread > 0) problems.add(st.offThread + " callbacks ran off the loop thread");
        if (st.outOfOrder > 0) problems.add(st.outOfOrder + " callbacks ran out of their producer's order");
        if (st.startedAfterClose > lateStartsAllowed) {
            problems.add(st.startedAfterClose + " callbacks started after close() returned (allowed: " + lateStartsAllowed + ")");
        }
        check(problems.isEmpty(), String.join("\n", problems));
        check(submitted == ran + cancelled + rej, "submitted " + submitted + " != ran " + ran + " + cancelled " + cancelled + " + rejected " + rej);
        return new Figures(submitted, ran, cancelled, rej, millis);
    }

    private static long sum(long[] a) {
        long s = 0;
        for (long v : a) s += v;
        return s;
    }

    private static void check(boolean ok, String what) {
        if (!ok) throw new AssertionError(what);
    }
}
