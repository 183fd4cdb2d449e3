package io.loopbridge.demo.model;

import io.loopbridge.core.Await;
import io.loopbridge.core.StandaloneLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which style the demo picks, what a panel says about it, and that the coroutine one is refused where unsupported. */
@Timeout(30)
class StyleTest {

    @Test
    void theDemoPicksCoroutinesExactlyWhereTheyAreSupported() {
        assertEquals(Await.isSupported() ? Style.COROUTINE : Style.CHAIN, Style.detect());
    }

    @Test
    void onJdk21AndLaterTheTestJvmHasTheFlagSoTheCoroutineVariantsRun() {
        // the demo-app `coroutines` profile (JDK [21,)) adds the export to the test JVM: without it the
        // coroutine variants of the model tests would silently not run
        if (Runtime.version().feature() >= 21) assertTrue(Await.isSupported(), Await.unsupportedReason());
        else assertEquals(Style.CHAIN, Style.detect());
    }

    @Test
    void theChainSaysHowToSeeTheCoroutines() {
        String s = Style.CHAIN.explanation();
        assertTrue(s.contains("JDK 21+") && s.contains("--add-exports java.base/jdk.internal.vm=io.loopbridge.core"), s);
        assertTrue(Style.COROUTINE.explanation().startsWith("Runs as a coroutine"), Style.COROUTINE.explanation());
    }

    @Test
    void openingTheDemoInCoroutineStyleWhereUnsupportedSaysWhy() {
        if (Await.isSupported()) return; // nothing to refuse on this JVM
        try (StandaloneLoop loop = StandaloneLoop.create()) {
            UnsupportedOperationException e = loop.runUntilComplete(loop.createTask(() -> loop.completedFuture(
                    assertThrows(UnsupportedOperationException.class, () -> Demo.open(loop, Timings.fast(), Style.COROUTINE)))));
            assertTrue(e.getMessage().startsWith("style: COROUTINE, but "), e.getMessage());
        }
    }
}
