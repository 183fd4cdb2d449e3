/**
 * LoopBridge for JavaFX: {@link io.loopbridge.javafx.FxLoop}, the asyncio-style event loop whose thread
 * is the JavaFX Application Thread, and {@link io.loopbridge.javafx.FxActions}, which turns an event
 * handler into a cancellable task.
 */
module io.loopbridge.javafx {
    requires transitive io.loopbridge.core;
    // transitive: the API takes and returns javafx.graphics types (Node, Window, EventHandler, properties)
    requires transitive javafx.graphics;

    exports io.loopbridge.javafx;
}
