package io.loopbridge.bench.streams;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One implementation's side of the stream rows, written as a user of that library would write it:
 * LoopBridge's streams on a loop ({@link LoopClient}), blocking sockets on platform threads
 * ({@link BlockingClient}), Netty's NIO transport ({@link NettyClient}).
 *
 * <p><b>Threading.</b> Every method is called from the harness's main thread and returns when its work
 * is done; what runs where is each implementation's own business (and its point).
 */
interface Client extends AutoCloseable {
    /** The write size of the throughput row. */
    int CHUNK = 64 * 1024;
    /** The request (and reply) size of the latency row. */
    int PING = 32;

    /**
     * Streams {@code total} bytes to the echo peer at {@code port} in {@link #CHUNK}-byte writes (with the
     * implementation's backpressure) while reading the echo; returns the nanoseconds from the first write
     * until the last byte came back.
     */
    long echo(int port, long total) throws Exception;

    /**
     * {@code warm} then {@code n} round trips of a {@link #PING}-byte request to the echo peer, one at a
     * time on one connection; returns the {@code n} measured times in nanoseconds, from before the write
     * until the whole reply is in the client's hands (for a loop: in a continuation on the loop thread).
     */
    long[] pingPong(int port, int warm, int n) throws Exception;

    /**
     * Opens {@code n} connections with both ends in this JVM (a server of the implementation's own kind and
     * {@code n} clients), echoes one line on each, and calls {@code measure} while all are open; then
     * closes them all.
     */
    void connections(int n, Runnable measure) throws Exception;

    /**
     * Runs {@code builder}'s process (which prints {@code n} lines) and reads its stdout line by line as
     * strings; returns the nanoseconds from the first line read to the last.
     */
    long lines(ProcessBuilder builder, int n) throws Exception;

    /** Whether {@link #echo} is measured (the {@link HopClient} floor has latency rows only). */
    default boolean measuresThroughput() {
        return true;
    }

    @Override
    default void close() throws Exception {}

    /** Live threads of this JVM. */
    static int threads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    /** Used heap after full collections (until it settles). */
    static long usedAfterGc() {
        long used = Long.MAX_VALUE;
        for (int k = 0; k < 5; k++) {
            System.gc();
            long u = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            if (Math.abs(u - used) < 64 * 1024) break;
            used = u;
        }
        return used;
    }

    /** Resident set size of this process in bytes (Linux), or -1. */
    static long rss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
