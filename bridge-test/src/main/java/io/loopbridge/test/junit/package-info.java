/**
 * The JUnit 5 part of the test kit: {@link io.loopbridge.test.junit.UiLoopExtension}, the base of the
 * JavaFX and Swing extensions. Needs {@code org.junit.jupiter.api} (an optional dependency of the kit: the
 * rest of the kit works without it).
 *
 * <p><b>Threading.</b> As each type says: JUnit drives the extension from the test thread; test methods
 * run on the toolkit's UI thread.
 */
package io.loopbridge.test.junit;
