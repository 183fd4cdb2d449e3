/**
 * The LoopBridge public API: an asyncio-style event loop ({@link io.loopbridge.core.EventLoop}) that a
 * host toolkit drives with two calls ({@link io.loopbridge.core.GuestLoop#runOnce()} and
 * {@link io.loopbridge.core.GuestLoop#nextTimeout()}), plus futures, tasks with real cancellation,
 * task groups, timeouts and loop-confined synchronisation primitives.
 *
 * <p><b>Threading.</b> Every type states its own rules. In short: {@code callSoon}, {@code execute},
 * {@code callLater}, {@code callAt} and {@code createTask} are safe from any thread; everything else is
 * for the loop thread unless its javadoc says otherwise, and debug mode checks it.
 */
package io.loopbridge.core;
