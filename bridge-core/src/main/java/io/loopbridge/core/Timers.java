package io.loopbridge.core;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The loop's timers: the {@link TimerQueue} heap ordered by {@code (when, seq)}, the inbox of timers
 * scheduled from other threads, the scheduling sequence that breaks ties, and the lazy purge of timers
 * cancelled from other threads.
 *
 * <p><b>Order.</b> Equal deadlines run in scheduling order, from whichever thread: {@link #nextSeq()} is one
 * sequence for the whole loop, and the heap orders by it after the deadline. A cross-thread timer enters
 * the heap at the start of the next pass ({@link #takeInbox()}), before due timers are collected, so a
 * cross-thread {@code callLater(0)} made before a pass runs in that pass.
 *
 * <p><b>Cost.</b> Scheduling and cancelling on the loop thread are O(log n). A timer cancelled from another
 * thread stays in the heap, marked, until it reaches the top or until such timers are more than half of
 * the heap, when {@link #purgeIfMostlyCancelled()} rebuilds it in O(n): cancelled timers never hold more
 * than half of the heap's memory for long.
 *
 * <p><b>Threading.</b> {@link #nextSeq()}, {@link #offerRemote} and {@link #cancelledRemotely()} from any
 * thread; the rest on the loop thread (or the close cleanup's thread once no loop thread can run).
 */
final class Timers {
    private final TimerQueue heap = new TimerQueue();
    /** Timers scheduled from other threads, not yet in the heap. */
    private final Inbox inbox = new Inbox();
    /** The tie-breaker of equal deadlines: see "Order". */
    private final AtomicLong seq = new AtomicLong();
    /** Timers cancelled from other threads since the last purge (they are still in the heap). */
    private final AtomicInteger remoteCancels = new AtomicInteger();

    long nextSeq() {
        return seq.getAndIncrement();
    }

    /** Loop thread: adds {@code t}; true if it is now the earliest (the host must re-read the timeout). */
    boolean addLocal(TimerHandleImpl t) {
        TimerHandleImpl first = heap.peek();
        heap.add(t);
        return first == null || t.before(first);
    }

    /** Enqueues a timer scheduled on another thread. Any thread; {@link GuestLoop} seals it against close. */
    void offerRemote(TimerHandleImpl t) {
        inbox.offer(t);
    }

    /** Loop thread: adds the pending timers of the heap to {@code out}, in deadline order (see GuestLoop.pendingWork). */
    void addPendingTo(java.util.List<Object> out) {
        takeInbox();
        heap.addPendingTo(out);
    }

    /** Whether cross-thread timers wait to enter the heap. */
    boolean inboxIsEmpty() {
        return inbox.isEmpty();
    }

    /** Loop thread, at the start of a pass: moves the cross-thread timers enqueued so far into the heap. */
    void takeInbox() {
        HandleImpl end = inbox.last(); // bounds the work: producers may keep adding
        while (!inbox.reached(end)) {
            HandleImpl t = inbox.pollBriefly();
            if (t == null) return; // a producer's gap: the next pass takes the rest
            if (t.isPending()) heap.add((TimerHandleImpl) t);
        }
    }

    /** Loop thread: the earliest timer if it is due at {@code now}, taken out of the heap; else null. */
    TimerHandleImpl pollDue(long now) {
        // Deadlines are compared as absolute values, as the heap orders them: they are saturated, never
        // wrapped, so "when - now <= 0" would overflow for far deadlines (callAt(Long.MIN_VALUE), or
        // Long.MAX_VALUE while the clock reads negative, as System.nanoTime() may).
        TimerHandleImpl t = heap.peek();
        if (t == null || t.when > now) return null;
        return heap.poll();
    }

    /** Loop thread: the earliest timer still pending (dropping cancelled ones from the top), or null. */
    TimerHandleImpl firstPending() {
        TimerHandleImpl t;
        while ((t = heap.peek()) != null && t.isCancelled()) heap.poll();
        return t;
    }

    boolean isEmpty() {
        return heap.isEmpty();
    }

    /** Timers in the heap, cancelled-elsewhere ones not yet dropped included (racy from other threads). */
    int size() {
        return heap.size();
    }

    /** The heap's array length: what cancelled timers leave allocated (for the package's white-box tests). */
    int heapCapacity() {
        return heap.capacity();
    }

    /** Loop thread: a timer cancelled on the loop thread leaves the heap at once. */
    void cancelledLocally(TimerHandleImpl t) {
        heap.remove(t);
    }

    /** Any thread: a timer was cancelled elsewhere; it stays in the heap until a purge or the top. */
    void cancelledRemotely() {
        remoteCancels.incrementAndGet();
    }

    /** Loop thread: rebuilds the heap once cancelled-elsewhere timers are more than half of it. */
    void purgeIfMostlyCancelled() {
        int rc = remoteCancels.get();
        if (rc > 0 && rc > heap.size() / 2) {
            remoteCancels.addAndGet(-rc);
            heap.purgeCancelled();
        }
    }

    /** The close cleanup: cancels every timer, in the heap and in the inbox (waiting out producers' gaps). */
    void cancelAll() {
        for (HandleImpl end = inbox.last(), h; (h = inbox.pollWaiting(end)) != null; ) h.cancel();
        for (TimerHandleImpl t : heap.drainAll()) t.cancel();
    }
}
