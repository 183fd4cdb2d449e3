/**
 * LoopBridge for Swing: an asyncio-style event loop whose loop thread is the Event Dispatch Thread
 * ({@link io.loopbridge.swing.SwingLoop}) and helpers that start async tasks from action listeners
 * ({@link io.loopbridge.swing.SwingActions}), and Swing events (a modeless dialog's or an option pane's answer,
 * a property change, a button's action) as futures to chain or to await ({@link io.loopbridge.swing.SwingAwait}).
 */
module io.loopbridge.swing {
    requires transitive io.loopbridge.core;
    // the API takes and returns AWT/Swing types (ActionListener, Component, Window, JProgressBar)
    requires transitive java.desktop;

    exports io.loopbridge.swing;
}
