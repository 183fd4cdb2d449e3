/**
 * The Swing bridge: {@link io.loopbridge.swing.SwingLoop}, an {@link io.loopbridge.core.EventLoop} driven
 * by the Event Dispatch Thread, and {@link io.loopbridge.swing.SwingActions}, which turns an
 * {@code ActionListener} into the start of an async task (or, on JDK 21+, of a coroutine body with
 * {@code launch(e -> ...)}) and binds a task's progress to a {@code JProgressBar};
 * {@link io.loopbridge.swing.SwingAwait} turns a modeless dialog's or an option pane's answer, a property
 * change and a button's action into futures to await instead of opening modal loops.
 *
 * <p><b>Threading.</b> Loop callbacks, timers, task bodies and future continuations run on the EDT, so
 * they may use Swing components directly. Each type states which of its methods are safe from any thread.
 */
package io.loopbridge.swing;
