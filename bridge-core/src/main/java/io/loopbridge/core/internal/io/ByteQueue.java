package io.loopbridge.core.internal.io;

import java.util.Arrays;

/**
 * A FIFO of bytes in one growable array (a reader's buffer): append at the tail, take from the head, put
 * back at the head. Amortised O(1) per byte; the array shrinks back when a large buffer empties.
 *
 * <p><b>Threading.</b> Not thread-safe: owned by one reader, on the loop thread.
 */
final class ByteQueue {
    private static final int INITIAL = 256;
    /** An emptied buffer larger than this is given back (a burst must not pin its peak). */
    private static final int KEEP = 64 * 1024;
    private byte[] buf = new byte[INITIAL];
    private int head;
    private int tail;

    int size() {
        return tail - head;
    }

    void append(byte[] b) {
        ensureRoom(b.length);
        System.arraycopy(b, 0, buf, tail, b.length);
        tail += b.length;
    }

    /** Puts {@code b} back in front (a read whose future was cancelled as it completed). */
    void prepend(byte[] b) {
        if (b.length <= head) {
            head -= b.length;
            System.arraycopy(b, 0, buf, head, b.length);
            return;
        }
        byte[] n = new byte[Math.max(INITIAL, Integer.highestOneBit(Math.max(1, b.length + size() - 1)) << 1)];
        System.arraycopy(b, 0, n, 0, b.length);
        System.arraycopy(buf, head, n, b.length, size());
        tail = b.length + size();
        head = 0;
        buf = n;
    }

    /** The index (from the head) of the first {@code sep} at or after {@code from}, or -1. */
    int indexOf(byte[] sep, int from) {
        int last = tail - sep.length;
        outer:
        for (int i = head + Math.max(0, from); i <= last; i++) {
            for (int j = 0; j < sep.length; j++) if (buf[i + j] != sep[j]) continue outer;
            return i - head;
        }
        return -1;
    }

    byte[] take(int n) {
        byte[] out = Arrays.copyOfRange(buf, head, head + n);
        discard(n);
        return out;
    }

    void discard(int n) {
        head += n;
        if (head == tail) {
            head = tail = 0;
            if (buf.length > KEEP) buf = new byte[INITIAL];
        }
    }

    private void ensureRoom(int n) {
        if (tail + n <= buf.length) return;
        int size = size();
        if (size + n <= buf.length / 2 + 1 && head > 0) { // mostly consumed: slide down
            System.arraycopy(buf, head, buf, 0, size);
        } else {
            long want = Math.max((long) buf.length * 2, (long) size + n);
            if (want > Integer.MAX_VALUE - 8) want = Integer.MAX_VALUE - 8;
            byte[] b = new byte[(int) want];
            System.arraycopy(buf, head, b, 0, size);
            buf = b;
        }
        head = 0;
        tail = size;
    }
}
