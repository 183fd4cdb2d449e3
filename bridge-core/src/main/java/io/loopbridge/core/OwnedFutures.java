package io.loopbridge.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The pending futures and tasks a loop owns, so that {@code close()} can cancel them: every future the
 * loop creates ({@code createFuture}, {@code sleep}, {@code runInExecutor}, {@code wrapFuture},
 * {@code waitFor}, {@code gather}, waiters of the primitives, scopes) and every task.
 *
 * <p><b>Invariant: only pending futures are linked.</b> A future leaves the list the moment it completes
 * on the loop thread; a completion on another thread sends its removal to the loop thread
 * ({@code GuestLoop.finished}). So a finished future, and the result it holds, is reachable from the loop
 * for at most one iteration after it completes elsewhere, and not at all after it completes on the loop
 * thread (asyncio holds its tasks weakly for the same reason: a task the application dropped must not be
 * kept by the loop). Pending futures are held strongly: a pending task may be suspended in a coroutine
 * that close() must still resume.
 *
 * <p><b>Cost.</b> An intrusive doubly-linked list through {@link LoopFuture#ownedPrev}/{@link
 * LoopFuture#ownedNext}: O(1) to add and to remove, no allocation. Futures created, or completed, on other
 * threads are pushed on a lock-free stack (one CAS) that the loop thread takes in at its next pass.
 *
 * <p><b>Threading.</b> {@link #addRemote} and {@link #finishedRemotely} from any thread; everything else on the loop thread (or on the
 * close cleanup's thread once no loop thread can run).
 */
final class OwnedFutures {
    /** The oldest and the newest linked future, or null. Loop thread. */
    private LoopFuture<?> head;
    private LoopFuture<?> tail;
    /** Linked futures. Loop thread (read racily by stats). */
    private int size;
    /** Futures created on other threads, not yet linked: a Treiber stack through {@link LoopFuture#remoteNext}. */
    private final AtomicReference<LoopFuture<?>> remote = new AtomicReference<>();
    /**
     * Owned futures that completed on other threads, to unlink: a Treiber stack through {@link
     * LoopFuture#doneNext} (a future completes once, so it is pushed at most once).
     */
    private final AtomicReference<LoopFuture<?>> doneRemotely = new AtomicReference<>();

    /** Loop thread: links {@code f}, a pending future not linked yet, as the newest. */
    void add(LoopFuture<?> f) {
        assert !f.ownedLinked : f;
        f.ownedLinked = true;
        f.ownedNext = null;
        f.ownedPrev = tail;
        if (tail == null) head = f;
        else tail.ownedNext = f;
        tail = f;
        size++;
    }

    /** Any thread: queues {@code f} for linking at the loop thread's next pass. Lock-free. */
    void addRemote(LoopFuture<?> f) {
        LoopFuture<?> h;
        do {
            h = remote.get();
            f.remoteNext = h;
        } while (!remote.compareAndSet(h, f));
    }

    /** Any thread: {@code f}, owned, completed off the loop thread: unlink it at the next pass. Lock-free. */
    void finishedRemotely(LoopFuture<?> f) {
        LoopFuture<?> h;
        do {
            h = doneRemotely.get();
            f.doneNext = h;
        } while (!doneRemotely.compareAndSet(h, f));
    }

    /**
     * Loop thread, at the start of a pass: links the futures created elsewhere that are still pending,
     * then unlinks those that completed elsewhere. Two volatile reads when there is nothing to do.
     */
    void takeInRemote() {
        if (remote.get() != null) {
            for (LoopFuture<?> f = remote.getAndSet(null), n; f != null; f = n) {
                n = f.remoteNext;
                f.remoteNext = null;
                if (!f.isDone() && !f.ownedLinked) add(f);
            }
        }
        if (doneRemotely.get() != null) {
            for (LoopFuture<?> f = doneRemotely.getAndSet(null), n; f != null; f = n) {
                n = f.doneNext;
                f.doneNext = null;
                remove(f);
            }
        }
    }

    /** Loop thread: unlinks {@code f} if it is linked. */
    void remove(LoopFuture<?> f) {
        if (!f.ownedLinked) return;
        f.ownedLinked = false;
        LoopFuture<?> p = f.ownedPrev, n = f.ownedNext;
        if (p == null) head = n;
        else p.ownedNext = n;
        if (n == null) tail = p;
        else n.ownedPrev = p;
        f.ownedPrev = null;
        f.ownedNext = null;
        size--;
    }

    /** Loop thread: adds the linked futures still pending to {@code out}, oldest first (see GuestLoop.pendingWork). */
    void addPendingTo(List<Object> out) {
        takeInRemote();
        for (LoopFuture<?> f = head; f != null; f = f.ownedNext) if (!f.isDone()) out.add(f);
    }

    /** Loop thread: the number of linked futures. */
    int size() {
        return size;
    }

    /**
     * The close cleanup: unlinks everything, the futures created elsewhere included, and returns those
     * still pending, oldest last. A future created elsewhere after this call is cancelled by its creator,
     * which re-checks {@code closed} after its push (see {@code GuestLoop.own}).
     */
    List<LoopFuture<?>> takeAll() {
        takeInRemote();
        List<LoopFuture<?>> out = new ArrayList<>(size);
        for (LoopFuture<?> f = head, n; f != null; f = n) {
            n = f.ownedNext;
            f.ownedLinked = false;
            f.ownedPrev = null;
            f.ownedNext = null;
            if (!f.isDone()) out.add(f);
        }
        head = null;
        tail = null;
        size = 0;
        return out;
    }
}
