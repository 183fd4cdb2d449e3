package io.loopbridge.core;

import java.util.Arrays;

/**
 * An indexed binary min-heap of timers keyed by {@code (when, seq)}.
 *
 * <p>Cost model: {@link #add} and {@link #remove} are O(log n); {@link #peek} is O(1). Timers cancelled
 * on the loop thread are removed at once. Timers cancelled from another thread stay in the heap, marked,
 * until they reach the top or until they are more than half of the heap, when {@link #purgeCancelled()}
 * rebuilds it in O(n): so cancelled timers never hold more than half of the heap's memory for long.
 *
 * <p><b>Threading.</b> Loop thread only.
 */
final class TimerQueue {
    private TimerHandleImpl[] heap = new TimerHandleImpl[16];
    private int size;

    int size() { return size; }

    /** The array's length (memory held, for tests). */
    int capacity() { return heap.length; }

    boolean isEmpty() { return size == 0; }

    /** Adds the pending timers to {@code out}, in deadline order. O(n log n). */
    void addPendingTo(java.util.List<? super TimerHandleImpl> out) {
        TimerHandleImpl[] copy = Arrays.copyOf(heap, size);
        Arrays.sort(copy, (a, b) -> a.before(b) ? -1 : b.before(a) ? 1 : 0);
        for (TimerHandleImpl t : copy) if (t.isPending()) out.add(t);
    }

    TimerHandleImpl peek() { return size == 0 ? null : heap[0]; }

    void add(TimerHandleImpl t) {
        if (size == heap.length) heap = Arrays.copyOf(heap, size * 2);
        int i = size++;
        siftUp(i, t);
    }

    TimerHandleImpl poll() {
        if (size == 0) return null;
        TimerHandleImpl top = heap[0];
        removeAt(0);
        return top;
    }

    /** Removes {@code t} if it is in this heap. O(log n). */
    boolean remove(TimerHandleImpl t) {
        int i = t.heapIndex;
        if (i < 0 || i >= size || heap[i] != t) return false;
        removeAt(i);
        return true;
    }

    private void removeAt(int i) {
        TimerHandleImpl removed = heap[i];
        removed.heapIndex = -1;
        int last = --size;
        TimerHandleImpl moved = heap[last];
        heap[last] = null;
        if (i != last) {
            siftDown(i, moved);
            if (heap[i] == moved) siftUp(i, moved);
        }
        if (heap.length > 64 && size < heap.length / 4) heap = Arrays.copyOf(heap, heap.length / 2);
    }

    /** Drops every cancelled timer, re-heapifies and shrinks the array if sparse. O(n). Returns the number dropped. */
    int purgeCancelled() {
        int w = 0;
        for (int r = 0; r < size; r++) {
            TimerHandleImpl t = heap[r];
            if (t.isCancelled()) {
                t.heapIndex = -1;
            } else {
                heap[w++] = t;
            }
        }
        int dropped = size - w;
        Arrays.fill(heap, w, size, null);
        size = w;
        // give the array back as removeAt does (a purge after a burst of remote cancels left a million
        // slots allocated for no timer)
        int length = heap.length;
        while (length > 64 && size < length / 4) length /= 2;
        if (length != heap.length) heap = Arrays.copyOf(heap, length);
        for (int i = 0; i < size; i++) heap[i].heapIndex = i;
        for (int i = (size >>> 1) - 1; i >= 0; i--) siftDown(i, heap[i]);
        return dropped;
    }

    /** Removes and returns every timer, for close(). */
    TimerHandleImpl[] drainAll() {
        TimerHandleImpl[] all = Arrays.copyOf(heap, size);
        for (TimerHandleImpl t : all) t.heapIndex = -1;
        heap = new TimerHandleImpl[16];
        size = 0;
        return all;
    }

    private void siftUp(int i, TimerHandleImpl t) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            TimerHandleImpl p = heap[parent];
            if (!t.before(p)) break;
            heap[i] = p;
            p.heapIndex = i;
            i = parent;
        }
        heap[i] = t;
        t.heapIndex = i;
    }

    private void siftDown(int i, TimerHandleImpl t) {
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            TimerHandleImpl c = heap[child];
            int right = child + 1;
            if (right < size && heap[right].before(c)) {
                child = right;
                c = heap[child];
            }
            if (!c.before(t)) break;
            heap[i] = c;
            c.heapIndex = i;
            i = child;
        }
        heap[i] = t;
        t.heapIndex = i;
    }
}
