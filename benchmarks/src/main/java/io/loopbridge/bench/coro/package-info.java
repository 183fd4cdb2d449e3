/**
 * Benchmarks of the coroutine mechanism under {@code launch}/{@code await} (issue 14): the cost of one
 * suspend and resume ({@link io.loopbridge.bench.coro.SuspendResumeBenchmark}), of one await resumed
 * through a loop queue against one plain future step ({@link io.loopbridge.bench.coro.AwaitBenchmark}),
 * and the heap a suspended coroutine holds plus the cost of cancelling 100,000 of them
 * ({@link io.loopbridge.bench.coro.CoroutineFootprint}). They need JDK 21+ started with
 * {@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED} (the JMH forks and the footprint's child JVMs
 * add it themselves); elsewhere {@link io.loopbridge.bench.coro.CoroutineBench} says why and they are skipped.
 *
 * <p><b>Threading.</b> Each benchmark's state is confined to the JMH worker thread that runs it; it is the
 * coroutines' only thread.
 */
package io.loopbridge.bench.coro;
