/**
 * The end-to-end harness on the JavaFX Application Thread and the Event Dispatch Thread: plain mains, as
 * JMH does not model a UI thread. {@link io.loopbridge.bench.ui.UiSuite} starts a fresh JVM per
 * (mode, implementation, row group, repetition) running {@link io.loopbridge.bench.ui.UiBench}, which
 * measures LoopBridge and, in the same run, the toolkit's own primitives, kotlinx-coroutines' UI
 * dispatchers and RxJava 3's UI schedulers: post throughput and latency, timer lateness, 100,000 timers
 * with half cancelled, frame gaps under a flood of posts.
 */
package io.loopbridge.bench.ui;
