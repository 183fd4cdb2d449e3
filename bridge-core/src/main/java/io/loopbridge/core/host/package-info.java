/**
 * The host kit: public types for people writing a bridge from a toolkit to LoopBridge, built only on the
 * public API of {@link io.loopbridge.core}, so that a new host gets the hard parts written once
 * ({@code docs/hosting.md}). The JavaFX and Swing bridges and {@link io.loopbridge.core.StandaloneLoop}
 * are built on it.
 * <ul>
 *   <li>{@link io.loopbridge.core.host.TimeSlicedDriver} — drives a {@link io.loopbridge.core.GuestLoop}
 *       from a toolkit's event queue: coalesced posted turns, a turn budget, the re-arm from
 *       {@code nextTimeout()}, the release after close and the close-wait policy;</li>
 *   <li>{@link io.loopbridge.core.host.DeadlineTimer} and {@link io.loopbridge.core.host.ParkingDeadlineTimer}
 *       — the one timer of a host, and the kit's implementation on a parked daemon thread;</li>
 *   <li>{@link io.loopbridge.core.host.RunStack} — {@code runForever}/{@code runUntilComplete}/{@code stop}/
 *       {@code isRunning}: asyncio's rules with nesting, the same on every host;</li>
 *   <li>{@link io.loopbridge.core.host.OpenLoops} — the open loops of a toolkit thread and which one
 *       {@code EventLoop.current()} reports there;</li>
 *   <li>{@link io.loopbridge.core.host.ModalCalls} — the policy for blocking modal calls;</li>
 *   <li>{@link io.loopbridge.core.host.ActionCore} — the toolkit-neutral core of the UI bridges' async
 *       actions ({@code FxActions}, {@code SwingActions}): runs, controls switched while they run,
 *       progress, cancellation and one failure-reporting policy; {@link io.loopbridge.core.host.ActionState}
 *       is the state of their most recent run, which applications see through those bridges.</li>
 * </ul>
 *
 * <p><b>Threading.</b> Each type states its own rules; in short, what a toolkit thread calls (turns,
 * arming, nesting) is for the loop thread, and posting, stopping and closing are safe from any thread.
 */
package io.loopbridge.core.host;
