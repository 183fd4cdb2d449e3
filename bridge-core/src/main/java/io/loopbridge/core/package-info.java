/**
 * LoopBridge's public API: an asyncio-style event loop for any host thread, and the asyncio toolbox on
 * top of it. A map of the package, by who uses what:
 *
 * <h2>Application API: what application code and tasks call</h2>
 * <ul>
 *   <li>{@link io.loopbridge.core.EventLoop} — the loop: {@code callSoon}/{@code callLater}/{@code callAt},
 *       futures, tasks, {@code sleep}, {@code runInExecutor}, {@code wrapFuture}, {@code waitFor},
 *       {@code gather}, running and stopping, the exception handler, debug mode, closing. Sealed: every
 *       loop is a {@link io.loopbridge.core.GuestLoop} or a host built on one.</li>
 *   <li>{@link io.loopbridge.core.StandaloneLoop} — the loop on a plain thread, like asyncio's own.</li>
 *   <li>{@link io.loopbridge.core.LoopFuture}, {@link io.loopbridge.core.Task} — futures whose
 *       continuations run on the loop thread; tasks with real cancellation.</li>
 *   <li>{@link io.loopbridge.core.Handle}, {@link io.loopbridge.core.TimerHandle},
 *       {@link io.loopbridge.core.ExceptionHandler}, {@link io.loopbridge.core.ErrorContext},
 *       {@link io.loopbridge.core.LoopBlockingException}, {@link io.loopbridge.core.LoopStats},
 *       {@link io.loopbridge.core.Progress}.</li>
 * </ul>
 *
 * <h2>Toolbox: structured concurrency and synchronisation (asyncio parity)</h2>
 * <ul>
 *   <li>{@link io.loopbridge.core.TaskGroup}, {@link io.loopbridge.core.TimeoutScope},
 *       {@link io.loopbridge.core.LoopFutures} ({@code gatherSettled}, {@code shield},
 *       {@code asCompleted}) with {@link io.loopbridge.core.Outcome};</li>
 *   <li>{@link io.loopbridge.core.AsyncEvent}, {@link io.loopbridge.core.AsyncLock},
 *       {@link io.loopbridge.core.AsyncSemaphore}, {@link io.loopbridge.core.AsyncCondition},
 *       {@link io.loopbridge.core.AsyncQueue}.</li>
 * </ul>
 *
 * <h2>Host side: for people writing a bridge to a toolkit</h2>
 * <ul>
 *   <li>{@link io.loopbridge.core.GuestLoop} — the never-blocking core a host drives with
 *       {@code runOnce()}/{@code nextTimeout()}, woken through its {@code HostWaker}
 *       ({@code docs/hosting.md}).</li>
 *   <li>{@link io.loopbridge.core.ForwardingEventLoop} — the base a host's own {@code EventLoop}
 *       extends.</li>
 *   <li>The host kit, package {@code io.loopbridge.core.host}: the parts every host needs, written once
 *       (a time-sliced driver, deadline timers, the run stack with asyncio's stop rule, the open-loop
 *       registry, modal calls, the action core).</li>
 * </ul>
 *
 * <h2>Internals (package-private)</h2>
 * The core's run queue ({@code RunQueue}, {@code Inbox}, {@code HandleImpl}), timers ({@code Timers},
 * {@code TimerQueue}), what the loop owns ({@code OwnedFutures}), one future type per toolbox operation
 * ({@code SleepFuture}, {@code ExecutorFuture}, {@code WrappedFuture}, {@code WaitFor}, {@code TaskStart},
 * {@code Gather}, {@code Guarded}, {@code Waiter}, {@code ScopeFuture}). Package
 * {@code io.loopbridge.core.internal} is not exported.
 *
 * <p><b>Threading.</b> Every type states its own rules. In short: scheduling and the operations that
 * create a future are safe from any thread, and everything they run runs on the loop thread; the toolbox
 * primitives and what runs a body at once are for the loop thread, and check it.
 */
package io.loopbridge.core;
