package io.loopbridge.core;

import io.loopbridge.core.internal.Checks;

import java.util.ArrayDeque;

/**
 * A FIFO queue for producer and consumer tasks on one loop (asyncio's {@code Queue}), unbounded or with a
 * capacity. {@link #get()} waits for an item, {@link #put} waits for room; {@link #offer} and
 * {@link #poll()} never wait. {@link #taskDone()} and {@link #join()} let a producer wait until every item
 * put has been processed.
 *
 * <pre>{@code
 * AsyncQueue<Path> files = new AsyncQueue<>(loop, 16);
 * loop.createTask(() -> files.put(path));                        // producer: waits while 16 are queued
 * loop.createTask(() -> files.get().thenCompose(p -> upload(p))  // consumer
 *         .whenComplete((v, e) -> files.taskDone()));
 * }</pre>
 *
 * <p><b>Fairness and cancellation.</b> Getters are served in FIFO order, and so are putters. An item put
 * while a getter waits goes straight to the oldest getter. A cancelled waiter consumes nothing: a
 * cancelled {@code get()} takes no item (an item already handed to it but not yet received by its
 * continuations, because its task was cancelled in that window, goes back to the front of the queue or
 * to the next getter), and a cancelled {@code put()} puts nothing (a slot already granted to it goes to
 * the next putter). Items handed to a getter, or admitted for a putter, keep their slot until that
 * delivery happens in the next iteration, so the queue never holds more than its capacity.
 *
 * <p>{@code null} items are refused ({@link #poll()} returns null for "empty").
 *
 * <p><b>Threading.</b> Loop thread only: every method checks it (cheaply) and throws
 * {@link IllegalStateException} from another thread; another thread hands items over with
 * {@code loop.execute(() -> queue.offer(item))}. The returned futures may be cancelled from any thread.
 *
 * @param <T> the item type
 */
public final class AsyncQueue<T> {
    private final GuestLoop loop;
    /** The most items the queue holds; {@link Integer#MAX_VALUE} when unbounded. */
    private final int capacity;
    /** The queued items, oldest first. Loop thread. */
    private final ArrayDeque<T> items = new ArrayDeque<>();
    /**
     * Slots held by grants not yet delivered: an item handed to a getter, or room admitted for a putter.
     * Invariant: {@code items.size() + held <= capacity}. Loop thread.
     */
    private int held;
    /** Waiting getters, oldest first. Invariant: non-empty only while {@link #items} is empty. Loop thread. */
    private final ArrayDeque<Waiter<T>> getters = new ArrayDeque<>();
    /** Waiting putters, oldest first. Invariant: non-empty only while the queue has no room. Loop thread. */
    private final ArrayDeque<PutWaiter<T>> putters = new ArrayDeque<>();
    /** Items put and not yet marked done by {@link #taskDone()}. Loop thread. */
    private int unfinished;
    /** Waiting {@link #join()} callers. Loop thread. */
    private final ArrayDeque<Waiter<Void>> joiners = new ArrayDeque<>();

    private final Waiter.Owner<T> getterOwner = new Waiter.Owner<>() {
        @Override
        public void waiterCancelled(Waiter<T> w) {
            getters.remove(w);
        }

        @Override
        public void grantReturned(Waiter<T> w, T item) {
            held--;
            Waiter<T> next = getters.pollFirst();
            if (next != null) {
                held++;
                next.grant(item);
            } else {
                items.addFirst(item); // it was the oldest item: it stays first
            }
        }

        @Override
        public void delivered(Waiter<T> w) {
            held--;
            admitPutters();
        }
    };

    private final Waiter.Owner<Void> putterOwner = new Waiter.Owner<>() {
        @Override
        public void waiterCancelled(Waiter<Void> w) {
            putters.remove(w);
        }

        @Override
        public void grantReturned(Waiter<Void> w, Void grant) {
            held--;
            admitPutters();
        }

        @Override
        public void delivering(Waiter<Void> w, Void grant) {
            held--;
            @SuppressWarnings("unchecked")
            PutWaiter<T> p = (PutWaiter<T>) w;
            accept(p.item); // the item enters before the put's continuations see it done
            p.item = null;
        }
    };

    private final Waiter.Owner<Void> joinerOwner = new Waiter.Owner<>() {
        @Override
        public void waiterCancelled(Waiter<Void> w) {
            joiners.remove(w);
        }

        @Override
        public void grantReturned(Waiter<Void> w, Void grant) {
            // waking consumes nothing
        }
    };

    /** A putter and the item it waits to put. */
    private static final class PutWaiter<T> extends Waiter<Void> {
        T item;

        PutWaiter(GuestLoop loop, Waiter.Owner<Void> owner, T item) {
            super(loop, owner);
            this.item = item;
        }
    }

    /** An unbounded queue on {@code loop}. Safe from any thread. */
    public AsyncQueue(EventLoop loop) {
        this.loop = Toolbox.core(loop);
        this.capacity = Integer.MAX_VALUE;
    }

    /**
     * A queue that holds at most {@code capacity} items. Safe from any thread.
     *
     * @throws IllegalArgumentException if {@code capacity < 1}
     */
    public AsyncQueue(EventLoop loop, int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity: " + capacity + " (expected: >= 1; use new AsyncQueue<>(loop) for unbounded)");
        this.loop = Toolbox.core(loop);
        this.capacity = capacity;
    }

    private boolean hasRoom() {
        return items.size() + held < capacity;
    }

    /** An item enters the queue: straight to the oldest getter, or to the back of the queue. */
    private void accept(T item) {
        unfinished++;
        Waiter<T> g = getters.pollFirst();
        if (g != null) {
            held++;
            g.grant(item);
        } else {
            items.addLast(item);
        }
    }

    /** Grants free slots to waiting putters, oldest first. */
    private void admitPutters() {
        while (hasRoom()) {
            PutWaiter<T> p = putters.pollFirst();
            if (p == null) return;
            held++;
            p.grant(null);
        }
    }

    /**
     * Puts {@code item} if there is room now, without waiting. Loop thread only.
     *
     * @return whether the item was put (false if the queue is full, or putters are waiting for room)
     */
    public boolean offer(T item) {
        Checks.notNull(item, "item");
        Toolbox.check(loop, "AsyncQueue.offer");
        if (!hasRoom()) return false;
        accept(item);
        return true;
    }

    /**
     * Puts {@code item}, waiting for room if the queue is full: the future is already complete if there
     * was room, else it completes once the item is in (FIFO among putters). Cancel it to give up: the
     * item is then not put. Loop thread only.
     */
    public LoopFuture<Void> put(T item) {
        Checks.notNull(item, "item");
        Toolbox.check(loop, "AsyncQueue.put");
        if (hasRoom()) {
            accept(item);
            return Toolbox.completed(loop, null);
        }
        PutWaiter<T> p = new PutWaiter<>(loop, putterOwner, item);
        loop.own(p);
        putters.addLast(p);
        return p;
    }

    /**
     * Takes the oldest item, waiting for one if the queue is empty: the future completes with it in the
     * next iteration (FIFO among getters). Cancel it to give up: no item is taken. Loop thread only.
     */
    public LoopFuture<T> get() {
        Toolbox.check(loop, "AsyncQueue.get");
        Waiter<T> w = Waiter.create(loop, getterOwner);
        T item = items.pollFirst();
        if (item != null) {
            held++; // its slot stays taken until the getter has it
            w.grant(item);
        } else {
            getters.addLast(w);
        }
        return w;
    }

    /** Takes the oldest item now, or returns null if the queue is empty. Loop thread only. */
    public T poll() {
        Toolbox.check(loop, "AsyncQueue.poll");
        T item = items.pollFirst();
        if (item != null) admitPutters();
        return item;
    }

    /** The items in the queue now (not counting items being handed to getters). Loop thread only. */
    public int size() {
        loop.checkLoopThread("AsyncQueue.size");
        return items.size();
    }

    /** The capacity; {@link Integer#MAX_VALUE} for an unbounded queue. Safe from any thread. */
    public int capacity() {
        return capacity;
    }

    /**
     * Marks one item taken from the queue as processed (asyncio's {@code task_done}). Once every item put
     * has been marked, {@link #join()} completes. Loop thread only.
     *
     * @throws IllegalStateException if called more often than items were put
     */
    public void taskDone() {
        loop.checkLoopThread("AsyncQueue.taskDone");
        if (unfinished == 0) throw new IllegalStateException("AsyncQueue.taskDone(): called more often than items were put");
        if (--unfinished == 0) {
            for (Waiter<Void> j; (j = joiners.pollFirst()) != null; ) j.grant(null);
        }
    }

    /**
     * A future that completes once every item put so far has been marked with {@link #taskDone()}:
     * already complete if none is unfinished. Loop thread only.
     */
    public LoopFuture<Void> join() {
        Toolbox.check(loop, "AsyncQueue.join");
        if (unfinished == 0) return Toolbox.completed(loop, null);
        Waiter<Void> w = Waiter.create(loop, joinerOwner);
        joiners.addLast(w);
        return w;
    }

    @Override
    public String toString() {
        return "AsyncQueue[size=" + items.size() + (capacity == Integer.MAX_VALUE ? "" : ", capacity=" + capacity)
                + (getters.isEmpty() ? "" : ", getters=" + getters.size())
                + (putters.isEmpty() ? "" : ", putters=" + putters.size())
                + (unfinished == 0 ? "" : ", unfinished=" + unfinished) + "]";
    }
}
