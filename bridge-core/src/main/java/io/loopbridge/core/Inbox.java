package io.loopbridge.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A {@link GuestLoop}'s cross-thread intake: an intrusive, lock-free, multi-producer single-consumer FIFO
 * of handles linked through {@link HandleImpl#inboxNext} (Dmitry Vyukov's non-intrusive MPSC queue, with
 * the last node taken serving as the stub). A submission costs one {@code getAndSet} and one release
 * store, whatever the contention; taking a node costs two plain loads and a store, so the consumer can
 * take nodes one at a time and stop whenever its time budget says so.
 *
 * <p><b>Order.</b> {@link #offer} swaps the node into {@link #tail} and then links it behind the node
 * it swapped out. The order of the swaps is the queue's order: a producer's submissions keep their
 * order (per-producer FIFO), and a node is <em>in</em> the queue from its swap on. Between the swap and
 * the link the node is not reachable yet: a consumer that gets there sees a <em>gap</em>
 * ({@link #poll()} returns null although {@link #isEmpty()} is false) until the producer's next
 * instruction, or longer if the producer is preempted exactly there.
 *
 * <p><b>Snapshots.</b> {@link #last()} names the newest node; the consumer can take nodes until
 * {@link #reached} that one, which bounds its work by what was offered before it looked.
 *
 * <p><b>Threading.</b> {@link #offer} from any thread. Everything else is for the one consumer: the
 * loop thread, or, once the loop is closed and no loop thread can run, the thread that runs the close
 * cleanup (the two are never concurrent: see {@code GuestLoop.close()}).
 *
 * <p><b>Memory.</b> The consumer clears the link of every node it leaves behind, so a handle held by
 * user code retains no later submission; the queue itself retains only the last node taken (whose
 * callback is cleared once it ran or was cancelled).
 */
final class Inbox {
    private static final VarHandle TAIL;
    private static final VarHandle NEXT;
    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            TAIL = l.findVarHandle(Inbox.class, "tail", HandleImpl.class);
            NEXT = l.findVarHandle(HandleImpl.class, "inboxNext", HandleImpl.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** How many times {@link #pollBriefly()} re-reads a link a producer has not written yet before it yields. */
    private static final int GAP_SPINS = 64;

    /**
     * The node taken last (at first a stub): the queue is the chain of links after it. Consumer only.
     * Invariant: {@code head} is {@link #tail} or precedes it in the chain.
     */
    private HandleImpl head;
    /** The node offered last; producers swap it (the linearization point of {@link #offer}). */
    private volatile HandleImpl tail;

    Inbox() {
        HandleImpl stub = new HandleImpl(null, null, null);
        head = stub;
        tail = stub;
    }

    /**
     * Enqueues {@code h}, a handle never offered before. Lock-free, never fails. Everything the calling
     * thread did before happens-before the consumer takes {@code h} (the release store of the link
     * publishes it). Any thread.
     */
    void offer(HandleImpl h) {
        HandleImpl prev = (HandleImpl) TAIL.getAndSet(this, h);
        // The gap: h is in the queue (the swap) but not reachable from prev until this store.
        NEXT.setRelease(prev, h);
    }

    /**
     * The node offered last (the stub, or the last node taken, when nothing is queued). A volatile read:
     * {@code GuestLoop}'s sealing argument orders it against producers' swaps. Consumer.
     */
    HandleImpl last() {
        return tail;
    }

    /** Whether every node up to and including {@code end} (a node {@link #last()} returned) is taken. Consumer. */
    boolean reached(HandleImpl end) {
        return head == end;
    }

    /** Whether nothing is queued: every node offered so far was taken. Consumer. */
    boolean isEmpty() {
        return head == last();
    }

    /**
     * Takes the oldest node, or returns null if there is none or if it is not linked yet (a gap; see the
     * class javadoc). Consumer.
     */
    HandleImpl poll() {
        HandleImpl h = head;
        HandleImpl n = (HandleImpl) NEXT.getAcquire(h);
        if (n == null) return null;
        // Only the producer that swapped h out of the tail writes h's link, once, and it has: so this
        // plain store races with nothing. It lets go of the chain (see "Memory").
        h.inboxNext = null;
        head = n;
        return n;
    }

    /**
     * Takes the oldest node like {@link #poll()}, but when it finds a gap it re-reads the link
     * {@value #GAP_SPINS} times and then yields the CPU once (the producer may be preempted, and the machine
     * may have fewer CPUs than runnable threads) before giving up with null: a pass then ends there, and
     * the next one continues. Consumer.
     */
    HandleImpl pollBriefly() {
        HandleImpl h = poll();
        if (h != null || isEmpty()) return h;
        for (int i = 0; i < GAP_SPINS; i++) {
            Thread.onSpinWait();
            if ((h = poll()) != null) return h;
        }
        Thread.yield();
        return poll();
    }

    /**
     * Takes the oldest node, waiting out a gap: for the close cleanup only, which must see every node
     * offered before it looked. The wait is for a producer's next instruction (it yields the CPU so that
     * a preempted producer can finish). Returns null once {@code end} is reached. Consumer.
     */
    HandleImpl pollWaiting(HandleImpl end) {
        for (int spins = 0; !reached(end); spins++) {
            HandleImpl n = poll();
            if (n != null) return n;
            if (spins < 100) Thread.onSpinWait();
            else Thread.yield();
        }
        return null;
    }
}
