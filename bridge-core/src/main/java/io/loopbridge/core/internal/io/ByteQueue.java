package io.loopbridge.core.internal.io;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * A FIFO of bytes kept as the chunks that arrived (a reader's buffer): append at the tail, take from the
 * head, put back at the head.
 *
 * <p><b>Copies.</b> {@link #append} keeps the array it is given (the producer made it for this queue
 * alone: the I/O thread's and the pumps' chunks are fresh copies), so a byte is copied once on its way
 * through the queue, by {@link #take}, and not at all when a take is exactly the first chunk, which is
 * then handed out as it is. (An earlier version kept one growable array: every chunk was copied in, and
 * again out.)
 *
 * <p><b>Cost.</b> {@code append}, {@code discard} per chunk and {@code size} are O(1); {@code take(n)} and
 * {@code indexOf} are O(bytes touched + chunks touched). Memory is what is buffered plus a small header
 * per chunk: consumed chunks are let go at once.
 *
 * <p><b>Threading.</b> Not thread-safe: owned by one reader, on the loop thread.
 */
final class ByteQueue {
    private static final byte[] EMPTY = new byte[0];
    /** The chunks in order; the first is consumed up to {@link #offset}. Never holds an empty chunk. */
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    /** Bytes of the first chunk already taken. */
    private int offset;
    /** Bytes buffered: the chunks' lengths minus {@link #offset}. */
    private int size;

    int size() {
        return size;
    }

    /** Appends {@code b}, which the queue now owns (it is not copied). */
    void append(byte[] b) {
        if (b.length == 0) return;
        chunks.addLast(b);
        size += b.length;
    }

    /** Puts {@code b} back in front (a read whose future was cancelled as it completed); the queue owns it. */
    void prepend(byte[] b) {
        if (b.length == 0) return;
        if (offset > 0) { // the first chunk starts mid-array: keep only its rest
            byte[] first = chunks.pollFirst();
            chunks.addFirst(Arrays.copyOfRange(first, offset, first.length));
            offset = 0;
        }
        chunks.addFirst(b);
        size += b.length;
    }

    /** The index (from the head) of the first {@code sep} at or after {@code from}, or -1. */
    int indexOf(byte[] sep, int from) {
        int last = size - sep.length; // the last index where sep can start
        int i = Math.max(0, from);
        if (i > last) return -1;
        // walk to the chunk holding index i
        int base = -offset; // index (from the head) of the current chunk's element 0
        for (byte[] c : chunks) {
            if (i < base + c.length) {
                for (; i < base + c.length && i <= last; i++) {
                    if (c[i - base] == sep[0] && (sep.length == 1 || matchesAt(sep, i))) return i;
                }
                if (i > last) return -1;
            }
            base += c.length;
        }
        return -1;
    }

    /** Whether {@code sep} starts at index {@code at} (which is within the queue, with room for sep). */
    private boolean matchesAt(byte[] sep, int at) {
        for (int j = 1; j < sep.length; j++) if (byteAt(at + j) != sep[j]) return false;
        return true;
    }

    private byte byteAt(int i) {
        int base = -offset;
        for (byte[] c : chunks) {
            if (i < base + c.length) return c[i - base];
            base += c.length;
        }
        throw new IndexOutOfBoundsException(i);
    }

    /** Removes and returns the first {@code n} bytes ({@code n <= size()}). */
    byte[] take(int n) {
        if (n == 0) return EMPTY;
        byte[] first = chunks.peekFirst();
        if (offset == 0 && first.length == n) { // exactly the first chunk: hand it out as it is
            chunks.pollFirst();
            size -= n;
            return first;
        }
        byte[] out = new byte[n];
        int at = 0;
        while (at < n) {
            byte[] c = chunks.peekFirst();
            int k = Math.min(n - at, c.length - offset);
            System.arraycopy(c, offset, out, at, k);
            at += k;
            advance(k);
        }
        return out;
    }

    /** Drops the first {@code n} bytes ({@code n <= size()}). */
    void discard(int n) {
        while (n > 0) {
            int k = Math.min(n, chunks.peekFirst().length - offset);
            advance(k);
            n -= k;
        }
    }

    /** Consumes {@code k} bytes of the first chunk (at most its rest). */
    private void advance(int k) {
        offset += k;
        size -= k;
        if (offset == chunks.peekFirst().length) {
            chunks.pollFirst();
            offset = 0;
        }
    }
}
