package io.loopbridge.bench.ui;

import io.loopbridge.core.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keeps {@link UiAwaitBench} compiling and running in {@code mvn verify}: every implementation on JavaFX
 * (headless Monocle, from the surefire arguments) and on the headless EDT, with tiny counts, in this JVM
 * (JDK 21+ with the export, from the benchmarks' coroutines profile); on JDK 17 it checks that the bench
 * says why it cannot run. No figure is asserted beyond being a positive number.
 */
@Timeout(180)
class UiAwaitBenchSmokeTest {

    @Test
    void everyImplementationRunsOnBothUiThreadsWhereCoroutinesRun() throws Exception {
        if (Runtime.version().feature() < 21) {
            assertFalse(Await.isSupported());
            return;
        }
        assertTrue(Await.isSupported(), Await::unsupportedReason);
        for (String toolkit : new String[] {"fx", "swing"}) {
            Map<String, Double> ns = UiAwaitBench.measure(toolkit, 2, true);
            assertEquals(UiAwaitBench.IMPLS, java.util.List.copyOf(ns.keySet()), toolkit);
            for (Map.Entry<String, Double> e : ns.entrySet()) {
                assertTrue(e.getValue() > 0 && !e.getValue().isNaN(), toolkit + " " + e);
            }
        }
    }
}
