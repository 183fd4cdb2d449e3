/**
 * JMH benchmarks of the LoopBridge core, each side by side with the JDK primitive a user would otherwise
 * use. Every benchmark class has an {@code impl} parameter: {@code loopbridge} is the subject, every other
 * value is a baseline, and the report ({@link io.loopbridge.bench.report.MarkdownReport}) prints the
 * subject's ratio against each baseline measured in the same run.
 *
 * <p><b>Threading.</b> A benchmark's state is confined to the JMH worker thread that runs it (the loop
 * thread of its {@code GuestLoop}), except where a class says it starts threads of its own.
 */
package io.loopbridge.bench.core;
