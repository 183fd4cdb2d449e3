package io.loopbridge.bench.core;

import io.loopbridge.core.GuestLoop;
import io.loopbridge.core.TimerHandle;

import java.util.PriorityQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * One timer facility under test, holding {@code capacity} numbered slots of timers: the timer benchmarks
 * and {@link TimerFootprint} drive every impl through this same small API. A fork loads one impl only,
 * so the calls are monomorphic and inline.
 *
 * <p>Impls ({@link #create}):
 * <ul>
 *   <li>{@code loopbridge}: a {@code GuestLoop} on a hand-moved clock, attached to the creating thread
 *       (so cancels are loop-thread cancels: immediate removal from its indexed heap);</li>
 *   <li>{@code stpe}: {@code ScheduledThreadPoolExecutor(1)} with {@code setRemoveOnCancelPolicy(true)}
 *       (an indexed heap too); its timers are {@link Fixtures#FAR_AHEAD} ahead so none fires;</li>
 *   <li>{@code stpeLazy}: the same with the JDK default policy: a cancelled task stays queued until
 *       its deadline;</li>
 *   <li>{@code priorityQueue}: {@code java.util.PriorityQueue} of {@code (when, seq)} nodes: no index,
 *       so cancel is {@code remove(Object)}, a linear scan.</li>
 * </ul>
 *
 * <p><b>Threading.</b> Confined to the thread that created it (the loop thread of the
 * {@code loopbridge} impl).
 */
abstract class TimerBed {
    final Fixtures.HandClock clock = new Fixtures.HandClock();
    final Runnable callback;

    private TimerBed(Runnable callback) {
        this.callback = callback;
    }

    static TimerBed create(String impl, int capacity, Runnable callback) {
        switch (impl) {
            case Fixtures.LOOPBRIDGE: return new LoopBridge(capacity, callback);
            case "stpe": return new Stpe(capacity, callback, true);
            case "stpeLazy": return new Stpe(capacity, callback, false);
            case "priorityQueue": return new Pq(capacity, callback);
            default: throw new IllegalArgumentException("impl: " + impl + " (expected: loopbridge, stpe, stpeLazy or priorityQueue)");
        }
    }

    /** Schedules a timer {@code delay} ns from now into {@code slot} (which must be empty or spent). */
    abstract void schedule(int slot, long delay);

    /** Cancels the timer in {@code slot}. */
    abstract void cancel(int slot);

    /** Moves the clock to the earliest deadline and fires what is due there; returns how many fired. */
    int fireNext() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " fires on its own thread in real time");
    }

    /** Timers held in the structure (for {@code stpeLazy}, cancelled ones still queued count too). */
    abstract int queued();

    /** Drops this bed's own references to the handles: what stays reachable is what the structure holds. */
    abstract void forgetHandles();

    /** Releases the structure. */
    abstract void close();

    static final class LoopBridge extends TimerBed {
        final GuestLoop loop = new GuestLoop(Fixtures.NO_WAKE, clock::get);
        private TimerHandle[] slots;

        LoopBridge(int capacity, Runnable callback) {
            super(callback);
            slots = new TimerHandle[capacity];
            loop.attachThread(loop);
        }

        @Override
        void schedule(int slot, long delay) {
            slots[slot] = loop.callAt(clock.now + delay, callback);
        }

        @Override
        void cancel(int slot) {
            slots[slot].cancel();
        }

        @Override
        int fireNext() {
            clock.now += loop.nextTimeout();
            return loop.runOnce();
        }

        @Override
        int queued() {
            return loop.stats().pendingTimers();
        }

        @Override
        void forgetHandles() {
            slots = null;
        }

        @Override
        void close() {
            loop.detachThread();
            loop.close();
            slots = null;
        }
    }

    static final class Stpe extends TimerBed {
        private static final ThreadFactory DAEMONS = r -> {
            Thread t = new Thread(r, "bench-stpe-timers");
            t.setDaemon(true);
            return t;
        };
        final ScheduledThreadPoolExecutor stpe = new ScheduledThreadPoolExecutor(1, DAEMONS);
        private ScheduledFuture<?>[] slots;

        Stpe(int capacity, Runnable callback, boolean removeOnCancel) {
            super(callback);
            stpe.setRemoveOnCancelPolicy(removeOnCancel);
            slots = new ScheduledFuture<?>[capacity];
        }

        @Override
        void schedule(int slot, long delay) {
            slots[slot] = stpe.schedule(callback, Fixtures.FAR_AHEAD + delay, TimeUnit.NANOSECONDS);
        }

        @Override
        void cancel(int slot) {
            slots[slot].cancel(false);
        }

        @Override
        int queued() {
            return stpe.getQueue().size();
        }

        @Override
        void forgetHandles() {
            slots = null;
        }

        @Override
        void close() {
            stpe.shutdownNow();
            slots = null;
        }
    }

    /** A timer of the priority-queue baseline: the same {@code (when, seq)} key as the loop's. */
    static final class Node implements Comparable<Node> {
        final long when;
        final long seq;
        final Runnable callback;

        Node(long when, long seq, Runnable callback) {
            this.when = when;
            this.seq = seq;
            this.callback = callback;
        }

        @Override
        public int compareTo(Node o) {
            int c = Long.compare(when, o.when);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    static final class Pq extends TimerBed {
        final PriorityQueue<Node> pq = new PriorityQueue<>();
        private Node[] slots;
        private long seq;

        Pq(int capacity, Runnable callback) {
            super(callback);
            slots = new Node[capacity];
        }

        @Override
        void schedule(int slot, long delay) {
            Node t = new Node(clock.now + delay, seq++, callback);
            pq.add(t);
            slots[slot] = t;
        }

        @Override
        void cancel(int slot) {
            pq.remove(slots[slot]);
        }

        @Override
        int fireNext() {
            Node t = pq.poll();
            clock.now = t.when;
            t.callback.run();
            int fired = 1;
            for (Node u; (u = pq.peek()) != null && u.when <= clock.now; fired++) pq.poll().callback.run();
            return fired;
        }

        @Override
        int queued() {
            return pq.size();
        }

        @Override
        void forgetHandles() {
            slots = null;
        }

        @Override
        void close() {
            pq.clear();
            slots = null;
        }
    }
}
