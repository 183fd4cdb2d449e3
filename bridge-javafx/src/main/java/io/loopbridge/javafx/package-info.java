/**
 * The JavaFX bridge: {@link io.loopbridge.javafx.FxLoop} drives a {@link io.loopbridge.core.GuestLoop}
 * from the JavaFX Application Thread (wake-ups through one coalesced {@code Platform.runLater}, one host
 * timer for the earliest deadline, time-sliced turns, nested runs through
 * {@code Platform.enterNestedEventLoop}); {@link io.loopbridge.javafx.FxActions} starts an async body
 * from a {@code Button}'s {@code onAction} as a {@link io.loopbridge.core.Task} (or, on JDK 21+, a
 * coroutine body with {@code launch(e -> ...)}) and shows its state as JavaFX properties;
 * {@link io.loopbridge.javafx.FxAwait} turns a dialog's result, a property's change and a node's event into
 * futures to await instead of opening nested loops.
 *
 * <p><b>Threading.</b> The loop thread is the JavaFX Application Thread. Each type states its rules.
 */
package io.loopbridge.javafx;
