/**
 * The loop-facing half of the demo, shared by the JavaFX and the Swing windows: one {@link
 * io.loopbridge.demo.model.Model} per panel, written against {@link io.loopbridge.core.EventLoop},
 * {@link io.loopbridge.core.Task}, {@link io.loopbridge.core.TaskGroup} and
 * {@link io.loopbridge.core.Progress} only, plus the demo's HTTP server and the error log. The views in
 * {@code io.loopbridge.demo.fx} and {@code io.loopbridge.demo.swing} draw this state and start its
 * methods from their buttons; nothing here knows which toolkit runs it.
 */
package io.loopbridge.demo.model;
