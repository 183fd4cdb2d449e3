package io.loopbridge.core;

/**
 * The buffer limits of a stream (asyncio's {@code limit=} and {@code set_write_buffer_limits}):
 *
 * <ul>
 *   <li>{@code readLimit}: the longest line {@link AsyncStreamReader#readLine()} and
 *       {@link AsyncStreamReader#readUntil(byte[])} accept before failing with
 *       {@link LimitOverrunException}; the reader also stops taking bytes from the socket or pipe once
 *       twice this much is buffered unread (more only while a {@code readExactly(n)} needs {@code n}),
 *       so a slow reader stops the peer instead of buffering without bound. Default 64 KiB.</li>
 *   <li>{@code writeHighWater} / {@code writeLowWater}: {@link AsyncStreamWriter#drain()} waits while
 *       more than the high-water mark is buffered unsent, and completes once the buffer is down to the
 *       low-water mark. Defaults 64 KiB and 16 KiB.</li>
 * </ul>
 *
 * <p><b>Threading.</b> Immutable; safe from any thread.
 *
 * @param readLimit      bytes, at least 1
 * @param writeLowWater  bytes, at least 0 and at most {@code writeHighWater}
 * @param writeHighWater bytes, at least {@code writeLowWater}
 */
public record StreamLimits(int readLimit, int writeLowWater, int writeHighWater) {
    /** 64 KiB read limit, 16 KiB / 64 KiB write water marks: asyncio's defaults. */
    public static final StreamLimits DEFAULT = new StreamLimits(64 * 1024, 16 * 1024, 64 * 1024);

    /**
     * @throws IllegalArgumentException if {@code readLimit < 1}, {@code writeLowWater < 0} or
     *                                  {@code writeHighWater < writeLowWater}
     */
    public StreamLimits {
        if (readLimit < 1) throw new IllegalArgumentException("readLimit: " + readLimit + " (expected: >= 1)");
        if (writeLowWater < 0) throw new IllegalArgumentException("writeLowWater: " + writeLowWater + " (expected: >= 0)");
        if (writeHighWater < writeLowWater) {
            throw new IllegalArgumentException("writeHighWater: " + writeHighWater + " (expected: >= writeLowWater " + writeLowWater + ")");
        }
    }

    /** These limits with another read limit. */
    public StreamLimits withReadLimit(int readLimit) {
        return new StreamLimits(readLimit, writeLowWater, writeHighWater);
    }

    /** These limits with other write water marks (asyncio's {@code set_write_buffer_limits(high, low)}). */
    public StreamLimits withWriteWaterMarks(int lowWater, int highWater) {
        return new StreamLimits(readLimit, lowWater, highWater);
    }
}
