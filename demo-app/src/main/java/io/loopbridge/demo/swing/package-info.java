/**
 * The Swing window of the demo: one view per panel, each wiring its buttons with
 * {@link io.loopbridge.swing.SwingActions} to a shared model's methods. Everything here runs on the Event
 * Dispatch Thread, which is the {@link io.loopbridge.swing.SwingLoop}'s loop thread.
 */
package io.loopbridge.demo.swing;
