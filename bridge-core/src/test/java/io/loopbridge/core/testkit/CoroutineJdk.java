package io.loopbridge.core.testkit;

import io.loopbridge.core.Await;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What tests of coroutine code (in every module) need from the JDK they run on. The split is by JDK, never
 * by flag: on JDK 21+ the build's {@code coroutines} profiles export {@code jdk.internal.vm}, so those tests
 * run and a missing export fails them; on JDK 17 they are skipped and the tests of the unsupported path
 * ({@link #unsupportedJdk()}) run instead. On each JDK exactly one of the two sets runs.
 *
 * <p><b>Threading.</b> Any thread.
 */
public final class CoroutineJdk {
    private CoroutineJdk() {}

    /** Whether this JDK can run coroutines, given the export. */
    public static boolean coroutineJdk() {
        return Runtime.version().feature() >= 21;
    }

    /** For tests that need coroutines: skipped below JDK 21, failed on 21+ without the export. */
    public static void requireCoroutines() {
        assumeTrue(coroutineJdk(), "JDK " + Runtime.version() + ": no coroutines; the unsupported path is asserted here instead");
        assertTrue(Await.isSupported(), () -> "JDK 21+ but coroutines are unsupported (is the build's coroutines profile active?): "
                + Await.unsupportedReason());
    }

    /** For tests of the unsupported path: run only below JDK 21. */
    public static void unsupportedJdk() {
        assumeTrue(!coroutineJdk(), "JDK " + Runtime.version() + " runs coroutines: the unsupported path is asserted on JDK 17");
    }
}
