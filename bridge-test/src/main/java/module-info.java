/**
 * The LoopBridge test kit: {@link io.loopbridge.test.TestLoop}, an event loop on virtual time driven by
 * the test thread (needs bridge-core only), and JUnit 5 extensions for JavaFX and Swing tests
 * ({@code io.loopbridge.test.fx}, {@code io.loopbridge.test.swing}). JUnit, JavaFX and the bridges are
 * optional ({@code requires static}): only the extensions need them.
 */
module io.loopbridge.test {
    requires transitive io.loopbridge.core;
    requires static org.junit.jupiter.api;
    requires static io.loopbridge.javafx;
    requires static javafx.graphics;
    requires static io.loopbridge.swing;
    requires static java.desktop;

    exports io.loopbridge.test;
    exports io.loopbridge.test.junit;
    exports io.loopbridge.test.fx;
    exports io.loopbridge.test.swing;
}
