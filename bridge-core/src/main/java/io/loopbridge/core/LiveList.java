package io.loopbridge.core;

import java.util.ArrayList;
import java.util.List;

/**
 * The still-pending things a task owns (child tasks, leaf futures, timers), so that Task.cancel() can
 * cancel them. Done entries are pruned lazily: whenever the list reaches
 * {@link #pruneAt}, done entries are dropped and the threshold becomes twice the survivors (at least
 * {@link #MIN_PRUNE}), so pruning is amortised O(1) per add and the list holds at most about twice the
 * entries that were pending at its last prune. That alone would keep up to twice a past peak of
 * finished entries reachable after a burst while the task runs; the list goes with the task when it
 * finishes. (The loop's own list of what it owns is {@link OwnedFutures}, which lets go of each future as
 * it completes.)
 *
 * <p><b>Threading.</b> Loop thread only.
 */
final class LiveList {
    private static final int MIN_PRUNE = 32;
    private final ArrayList<Object> items = new ArrayList<>();
    private int pruneAt = MIN_PRUNE;
    /** The most entries since the array was last trimmed: an upper bound on its capacity. */
    private int peak;

    void add(Object o) {
        if (items.size() >= pruneAt) pruneDone();
        items.add(o);
        if (items.size() > peak) peak = items.size();
    }

    /**
     * Drops the done entries now (so they can be garbage-collected), and gives back the array when it is
     * less than a quarter used (after a burst). O(n).
     */
    void pruneDone() {
        items.removeIf(LiveList::isFinished);
        pruneAt = Math.max(MIN_PRUNE, items.size() * 2);
        if (peak > 4 * MIN_PRUNE && items.size() < peak / 4) {
            items.trimToSize();
            peak = items.size();
        }
    }

    /** Removes and returns every entry still pending. */
    List<Object> takePending() {
        List<Object> out = new ArrayList<>(items.size());
        for (Object o : items) if (!isFinished(o)) out.add(o);
        items.clear();
        items.trimToSize();
        pruneAt = MIN_PRUNE;
        peak = 0;
        return out;
    }

    /** Whether an entry is still pending, not counting futures {@link LoopFutures#shield shield} protects. O(n). */
    boolean hasPending() {
        for (Object o : items) {
            if (isFinished(o)) continue;
            if (o instanceof LoopFuture && ((LoopFuture<?>) o).shielded) continue;
            return true;
        }
        return false;
    }

    /** Whether {@code o} is an entry (by identity). O(n). */
    boolean contains(Object o) {
        for (Object x : items) if (x == o) return true;
        return false;
    }

    int size() {
        return items.size();
    }

    static boolean isFinished(Object o) {
        if (o instanceof LoopFuture) return ((LoopFuture<?>) o).isDone();
        return !((HandleImpl) o).isPending();
    }
}
