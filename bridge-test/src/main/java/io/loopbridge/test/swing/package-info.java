/**
 * Testing Swing code with LoopBridge: {@link io.loopbridge.test.swing.SwingLoopExtension}. Needs
 * {@code io.loopbridge.swing}, {@code java.desktop} and JUnit 5 (optional dependencies of the kit).
 *
 * <p><b>Threading.</b> Test methods run on the Event Dispatch Thread.
 */
package io.loopbridge.test.swing;
