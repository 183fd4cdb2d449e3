package io.loopbridge.core;

import java.io.IOException;

/**
 * A line or a {@link AsyncStreamReader#readUntil(byte[])} chunk is longer than the stream's
 * {@linkplain StreamLimits#readLimit() read limit} (asyncio's {@code LimitOverrunError}). After
 * {@code readUntil} the bytes stay in the stream ({@link #consumed()} says how many to read past to get
 * beyond them); after {@code readLine} the over-long line is skipped, up to and including its end.
 *
 * <p><b>Threading.</b> Immutable once thrown; safe from any thread.
 */
public class LimitOverrunException extends IOException {
    private static final long serialVersionUID = 1L;
    private final int consumed;

    /**
     * @param message  what overran
     * @param consumed how many bytes would have to be consumed to get past the overrun
     */
    public LimitOverrunException(String message, int consumed) {
        super(message);
        this.consumed = consumed;
    }

    /** How many bytes would have to be consumed to get past the overrun (asyncio's {@code consumed}). */
    public int consumed() {
        return consumed;
    }
}
