/**
 * Testing code that uses LoopBridge: {@link io.loopbridge.test.TestLoop} runs timers, sleeps, timeouts,
 * tasks and coroutines on virtual time, driven by the test thread ({@code docs/testing.md}).
 *
 * <p><b>Threading.</b> A test loop belongs to the test thread that created it.
 */
package io.loopbridge.test;
