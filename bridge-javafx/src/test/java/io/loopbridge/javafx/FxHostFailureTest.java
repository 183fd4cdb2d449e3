package io.loopbridge.javafx;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A host whose post fails: the JavaFX toolkit exits ({@code Platform.exit()}) while 8 producers submit
 * ({@link FxPostFailureScenario}, in a JVM of its own because an exit is final for a JVM), early
 * (after 1,000 submissions) and late (after 200,000).
 */
@Timeout(180)
class FxHostFailureTest {
    private static final String[] FORWARDED = {"glass.platform", "monocle.platform", "prism.order", "prism.text",
            "java.awt.headless", "testfx.headless"};

    @ParameterizedTest
    @ValueSource(longs = {1_000, 200_000})
    void toolkitExitWhileProducersSubmitLosesNoSubmissionAndTheJvmEnds(long exitAfter) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        for (String p : FORWARDED) {
            String v = System.getProperty(p);
            if (v != null) cmd.add("-D" + p + "=" + v);
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(FxPostFailureScenario.class.getName());
        cmd.add(String.valueOf(exitAfter));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        boolean ended = p.waitFor(120, TimeUnit.SECONDS);
        if (!ended) p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        System.out.println("[FxHostFailureTest exit after " + exitAfter + "]\n" + out);
        assertTrue(ended, "the JVM did not end by itself after the toolkit exited:\n" + out);
        assertTrue(out.contains("SCENARIO PASSED"), out);
        assertEquals(0, p.exitValue(), out);
    }
}
