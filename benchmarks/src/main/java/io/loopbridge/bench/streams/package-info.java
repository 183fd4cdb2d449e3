/**
 * The stream and subprocess benchmarks of issue 15: plain mains, as JMH does not model a UI thread.
 * {@link io.loopbridge.bench.streams.StreamSuite} starts a fresh JVM per (implementation, row group,
 * repetition) running {@link io.loopbridge.bench.streams.StreamBench}, which measures LoopBridge's streams
 * on {@code StandaloneLoop}, {@code FxLoop} and {@code SwingLoop} and, in the same run, blocking
 * {@code java.net.Socket}s on platform threads and Netty's NIO transport: loopback echo throughput and
 * round-trip latency against one shared blocking echo peer, 1,000 connections' heap, memory and threads,
 * and subprocess line throughput against a thread reading the process's stream directly.
 */
package io.loopbridge.bench.streams;
