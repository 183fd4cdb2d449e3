package io.loopbridge.core;

import java.io.EOFException;

/**
 * The stream ended before a read got what it needed (asyncio's {@code IncompleteReadError}):
 * {@link AsyncStreamReader#readExactly(int)} before {@code n} bytes, or
 * {@link AsyncStreamReader#readUntil(byte[])} before the separator. The bytes that did arrive were taken
 * from the stream and are carried here, so nothing is lost.
 *
 * <p><b>Threading.</b> Immutable once thrown; safe from any thread.
 */
public class IncompleteReadException extends EOFException {
    private static final long serialVersionUID = 1L;
    private final byte[] partial;
    private final int expected;

    /**
     * @param partial  the bytes read before the end (copied)
     * @param expected how many bytes were expected, or -1 when the read was for a separator
     */
    public IncompleteReadException(byte[] partial, int expected) {
        super(io.loopbridge.core.internal.Checks.notNull(partial, "partial").length + " bytes read on a total of "
                + (expected < 0 ? "undefined" : String.valueOf(expected)) + " expected bytes");
        this.partial = partial.clone();
        this.expected = expected;
    }

    /** The bytes read before the stream ended (a copy). */
    public byte[] partial() {
        return partial.clone();
    }

    /** How many bytes were expected, or -1 for a read until a separator. */
    public int expected() {
        return expected;
    }
}
