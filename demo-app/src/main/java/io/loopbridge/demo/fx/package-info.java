/**
 * The JavaFX window of the demo: one view per panel, each wiring its buttons with
 * {@link io.loopbridge.javafx.FxActions} to a shared model's methods. Everything here runs on the JavaFX
 * Application Thread, which is the {@link io.loopbridge.javafx.FxLoop}'s loop thread.
 */
package io.loopbridge.demo.fx;
