/**
 * Testing JavaFX code with LoopBridge: {@link io.loopbridge.test.fx.FxLoopExtension}. Needs
 * {@code io.loopbridge.javafx}, JavaFX and JUnit 5 (optional dependencies of the kit).
 *
 * <p><b>Threading.</b> Test methods run on the JavaFX Application Thread.
 */
package io.loopbridge.test.fx;
