package io.loopbridge.core;

import java.util.ArrayList;
import java.util.List;

/**
 * The still-pending things a loop or a task owns (tasks, leaf futures, timers), so that close() and
 * Task.cancel() can cancel them. Done entries are pruned lazily: whenever the list reaches
 * {@link #pruneAt}, done entries are dropped and the threshold becomes twice the survivors (at least
 * {@link #MIN_PRUNE}), so the list never holds more than about twice the live entries and pruning is
 * amortised O(1) per add.
 *
 * <p><b>Threading.</b> Loop thread only.
 */
final class LiveList {
    private static final int MIN_PRUNE = 32;
    private final ArrayList<Object> items = new ArrayList<>();
    private int pruneAt = MIN_PRUNE;

    void add(Object o) {
        if (items.size() >= pruneAt) pruneDone();
        items.add(o);
    }

    /** Drops the done entries now (so they can be garbage-collected). O(n). */
    void pruneDone() {
        items.removeIf(LiveList::isFinished);
        pruneAt = Math.max(MIN_PRUNE, items.size() * 2);
    }

    /** Removes and returns every entry still pending. */
    List<Object> takePending() {
        List<Object> out = new ArrayList<>(items.size());
        for (Object o : items) if (!isFinished(o)) out.add(o);
        items.clear();
        items.trimToSize();
        pruneAt = MIN_PRUNE;
        return out;
    }

    int size() {
        return items.size();
    }

    static boolean isFinished(Object o) {
        if (o instanceof LoopFuture) return ((LoopFuture<?>) o).isDone();
        return !((HandleImpl) o).isPending();
    }
}
