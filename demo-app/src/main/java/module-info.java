module io.loopbridge.demo {
    requires io.loopbridge.javafx;
    requires io.loopbridge.swing;
    requires javafx.controls;
    requires java.net.http;
    requires jdk.httpserver;
}
