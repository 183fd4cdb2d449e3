package io.loopbridge.core.internal.io;

import io.loopbridge.core.AsyncStreamReader;
import io.loopbridge.core.StreamConnection;
import io.loopbridge.core.Subprocess;

/**
 * Read-only figures of the I/O internals, for the tests and benchmarks of every module (they run on the
 * class path, where this unexported package is reachable). Not API.
 *
 * <p><b>Threading.</b> Safe from any thread (the figures are read under their gates' locks), but for the
 * hand-over counts, which are the loop thread's.
 */
public final class Probes {
    private Probes() {}

    /**
     * The most bytes ever in flight between {@code reader}'s producer (the I/O thread or a pipe pump) and
     * the reader: posted or buffered, not yet consumed. Bounded by the reader's pause threshold plus one
     * {@link #chunk()}.
     */
    public static long peakInFlight(AsyncStreamReader reader) {
        return ((StreamReaderImpl) reader).flow().peak();
    }

    /** The pause threshold of a reader with read limit {@code limit} (twice the limit, as asyncio). */
    public static long pauseThreshold(int limit) {
        return 2L * limit;
    }

    /** The largest chunk a producer hands over at once. */
    public static int chunk() {
        return IoService.CHUNK;
    }

    /** The bytes in flight now (see {@link #peakInFlight}). */
    public static long inFlight(AsyncStreamReader reader) {
        return ((StreamReaderImpl) reader).flow().inFlight();
    }

    /** The suffix of the I/O thread's name: {@code "<loop>-io"}. */
    public static String ioThreadSuffix() {
        return "-io";
    }

    /** Whether pipe pumps run on virtual threads (JDK 21+). */
    public static boolean virtualPumps() {
        return Pumps.virtual();
    }

    /**
     * How many times the I/O thread of {@code c}'s loop handed {@code c}'s reads over to the loop thread (a
     * read filled a chunk, or the reader was behind; see {@code SocketConnection}). Loop thread.
     */
    public static int handOvers(StreamConnection c) {
        return ((SocketConnection) c).handOvers;
    }

    /** How many times the loop thread gave {@code c}'s reads back to the I/O thread (the socket had nothing more). Loop thread. */
    public static int readsGivenBack(StreamConnection c) {
        return ((SocketConnection) c).givenBack;
    }

    /** The gate of {@code p}'s stdout (its peak, as {@link #peakInFlight}). */
    public static long stdoutPeak(Subprocess p) {
        return ((SubprocessImpl) p).stdoutGate().peak();
    }
}
