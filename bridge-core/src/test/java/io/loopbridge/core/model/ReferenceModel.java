package io.loopbridge.core.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * The specification of {@code GuestLoop}'s scheduling, as a small sequential model that
 * {@link ModelRunner} keeps in step with a real loop. It knows nothing of the loop's data structures;
 * it states what a user may rely on:
 *
 * <ol>
 *   <li><b>One line of ready callbacks, FIFO.</b> {@code callSoon} appends to it, from whichever thread
 *       (a submission that happens-before another is ahead of it in line: asyncio's
 *       {@code call_soon_threadsafe} and Netty's task queue give the same order).</li>
 *   <li><b>Timers in {@code (deadline, sequence)} order</b>, where the sequence is the scheduling order
 *       from any thread. A timer is never due before its deadline.</li>
 *   <li><b>A pass works on a snapshot.</b> On entry, {@code runOnce} moves every timer due on entry to
 *       the end of the line, in {@code (deadline, sequence)} order, and the snapshot becomes the whole
 *       line. It runs the snapshot in order, skipping cancelled callbacks. Callbacks scheduled meanwhile
 *       wait for the next entry. A nested {@code runOnce} (from a callback) makes a new snapshot of the
 *       whole line; the snapshot is one for the loop, so the outer pass goes on with whatever the inner
 *       one left and nothing runs twice.</li>
 *   <li><b>Budgets.</b> An unbudgeted pass runs its whole snapshot. A budgeted pass runs a prefix of it
 *       (at least one callback if any is live) and leaves the rest first in line; once over budget it
 *       runs at most {@value #MAX_OVERRUN} more callbacks (the clock is read at most 64 callbacks
 *       apart).</li>
 *   <li><b>Close.</b> After {@code close()} nothing runs, scheduling is rejected, and once the loop
 *       thread has cleaned up (at once on the loop thread outside a pass, at the end of the outermost
 *       pass inside one, at the next {@code runOnce} after a close from another thread) every callback
 *       that did not run reports {@code isCancelled()}.</li>
 *   <li><b>{@code nextTimeout()}</b> is {@code 0} while a live callback is in line or a live timer is
 *       due, the time to the earliest live timer otherwise, {@code -1} with nothing scheduled. It may
 *       say {@code 0} spuriously ("stale") only while a cancelled callback is still in line or a
 *       cross-thread submission has not been taken in by an unbudgeted pass: the host's next
 *       {@code runOnce} clears that. Closed: {@code 0} until cleaned up, then {@code -1}.</li>
 * </ol>
 *
 * <p><b>Threading.</b> Loop thread (the test thread) only.
 */
final class ReferenceModel {
    /** Callbacks a budgeted pass may run after its budget was found spent (the stride is at most 64). */
    static final int MAX_OVERRUN = 63;

    enum State { PENDING, RAN, CANCELLED }

    static final class Item {
        final int id;
        final boolean timer;
        final long when;
        /** The scheduling sequence (timers); the tie-breaker of equal deadlines. */
        final long seq;
        State state = State.PENDING;

        Item(int id, boolean timer, long when, long seq) {
            this.id = id;
            this.timer = timer;
            this.when = when;
            this.seq = seq;
        }

        @Override
        public String toString() {
            return "#" + id + (timer ? "(timer at " + when + ", seq " + seq + ")" : "(soon)");
        }
    }

    private static final Comparator<Item> DEADLINE_ORDER =
            Comparator.<Item>comparingLong(i -> i.when).thenComparingLong(i -> i.seq);

    long now;
    private long nextSeq;
    final List<Item> items = new ArrayList<>();
    /** The line of ready callbacks, cancelled ones included until a pass reaches them. */
    private final ArrayDeque<Item> line = new ArrayDeque<>();
    /** Live timers not yet moved to the line. */
    private final TreeSet<Item> timers = new TreeSet<>(DEADLINE_ORDER);
    /** How many entries at the head of the line belong to the current snapshot. */
    private int toRun;
    boolean closed;
    boolean cleanedUp;
    /** A cross-thread submission was made since the last unbudgeted pass entry. */
    private boolean crossSinceEntry;
    int depth;

    ReferenceModel(long now) {
        this.now = now;
    }

    Item schedule(boolean timer, long when, boolean crossThread) {
        Item it = new Item(items.size(), timer, when, timer ? nextSeq++ : -1);
        items.add(it);
        if (timer) timers.add(it);
        else line.addLast(it);
        if (crossThread) crossSinceEntry = true;
        return it;
    }

    /** True if the item was pending (the cancel took effect). */
    boolean cancel(Item it) {
        if (it.state != State.PENDING) return false;
        it.state = State.CANCELLED;
        timers.remove(it);
        return true;
    }

    /**
     * A {@code runOnce} begins. Returns false if the loop is closed (the pass runs nothing and cleans
     * up); else takes the snapshot.
     */
    boolean enter(boolean budgeted) {
        if (closed) {
            if (!cleanedUp) cleanUp();
            return false;
        }
        if (!budgeted) crossSinceEntry = false;
        while (!timers.isEmpty() && timers.first().when <= now) line.addLast(timers.pollFirst());
        toRun = line.size();
        depth++;
        return true;
    }

    /** How many live callbacks the current snapshot holds. */
    int liveInSnapshot() {
        int n = 0;
        int i = 0;
        for (Item it : line) {
            if (i++ >= toRun) break;
            if (it.state == State.PENDING) n++;
        }
        return n;
    }

    /** The next callback the loop must run now, or null if the snapshot is used up. Takes it. */
    Item takeNext() {
        while (toRun > 0) {
            Item it = line.pollFirst();
            toRun--;
            if (it.state == State.PENDING) {
                it.state = State.RAN;
                return it;
            }
        }
        return null;
    }

    /** A pass returned normally. */
    void exit(boolean budgeted) {
        depth--;
        if (!budgeted || closed) {
            // an unbudgeted pass passes over the cancelled entries at the end of its snapshot too
            while (toRun > 0 && line.peekFirst().state != State.PENDING) {
                line.pollFirst();
                toRun--;
            }
        }
        if (closed && depth == 0 && !cleanedUp) cleanUp();
    }

    /** A pass ended by a fatal error thrown through it. */
    void abort() {
        depth--;
    }

    /** Closes; returns whether the loop-thread cleanup happens at once ({@code onLoopThreadOutsidePass}). */
    void close(boolean onLoopThreadOutsidePass) {
        closed = true;
        if (onLoopThreadOutsidePass && !cleanedUp) cleanUp();
    }

    private void cleanUp() {
        for (Item it : items) if (it.state == State.PENDING) it.state = State.CANCELLED;
        line.clear();
        timers.clear();
        toRun = 0;
        cleanedUp = true;
    }

    /** What {@code nextTimeout()} must say (see the class javadoc; {@link #stale()} allows a spurious 0). */
    long expectedTimeout() {
        if (closed) return cleanedUp ? -1 : 0;
        for (Item it : line) if (it.state == State.PENDING) return 0;
        if (timers.isEmpty()) return -1;
        long when = timers.first().when;
        if (when <= now) return 0;
        long d = when - now;
        return d < 0 ? Long.MAX_VALUE : d;
    }

    boolean stale() {
        if (crossSinceEntry) return true;
        for (Item it : line) if (it.state != State.PENDING) return true;
        return false;
    }

    boolean anyPending() {
        for (Item it : items) if (it.state == State.PENDING) return true;
        return false;
    }
}
