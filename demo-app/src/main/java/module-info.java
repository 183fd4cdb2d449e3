/**
 * The LoopBridge demo: a desktop program (not a library) that shows every capability of the loop, on
 * JavaFX ({@code --toolkit=javafx}, the default) or on Swing ({@code --toolkit=swing}). Exports nothing.
 */
module io.loopbridge.demo {
    requires io.loopbridge.javafx;
    requires io.loopbridge.swing;
    requires javafx.controls;
    requires java.net.http;   // the Fetch panel's HttpClient
    requires jdk.httpserver;  // the demo's own slow HTTP server
}
