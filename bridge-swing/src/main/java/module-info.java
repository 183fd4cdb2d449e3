/**
 * LoopBridge for Swing: an asyncio-style event loop whose loop thread is the Event Dispatch Thread
 * ({@link io.loopbridge.swing.SwingLoop}) and helpers that start async tasks from action listeners
 * ({@link io.loopbridge.swing.SwingActions}).
 */
module io.loopbridge.swing {
    requires transitive io.loopbridge.core;
    // the API takes and returns AWT/Swing types (ActionListener, Component, Window, JProgressBar)
    requires transitive java.desktop;

    exports io.loopbridge.swing;
}
