/**
 * LoopBridge for JavaFX: {@link io.loopbridge.javafx.FxLoop}, the asyncio-style event loop whose thread
 * is the JavaFX Application Thread, and {@link io.loopbridge.javafx.FxActions}, which turns an event
 * handler into a cancellable task, and {@link io.loopbridge.javafx.FxAwait}, UI events (a dialog's result,
 * a property's change, a node's event) as futures to chain or to await.
 */
module io.loopbridge.javafx {
    requires transitive io.loopbridge.core;
    // transitive: the API takes and returns javafx.graphics types (Node, Window, EventHandler, properties)
    requires transitive javafx.graphics;
    // transitive: FxAwait.dialog takes a javafx.scene.control.Dialog
    requires transitive javafx.controls;

    exports io.loopbridge.javafx;
}
