/**
 * The LoopBridge test kit: {@link io.loopbridge.test.TestLoop}, an event loop on virtual time driven by
 * the test thread. Needs bridge-core only; JUnit is optional (the extensions in
 * {@code io.loopbridge.test.junit} need it, the rest does not).
 */
module io.loopbridge.test {
    requires transitive io.loopbridge.core;

    exports io.loopbridge.test;
}
