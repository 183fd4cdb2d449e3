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
 * The toolkit's exit closes the loop, and the JVM then ends normally. Exiting JavaFX is global and final
 * for a JVM, so each scenario ({@link FxExitScenario}) runs in a JVM of its own, with this JVM's
 * class path and JavaFX platform settings (headless Monocle under Maven).
 */
@Timeout(120)
class FxExitTest {
    private static final String[] FORWARDED = {"glass.platform", "monocle.platform", "prism.order", "prism.text",
            "java.awt.headless", "testfx.headless"};

    @ParameterizedTest
    @ValueSource(strings = {"explicit", "implicit"})
    void toolkitExitClosesTheLoopAndTheJvmEndsByItself(String how) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        for (String p : FORWARDED) {
            String v = System.getProperty(p);
            if (v != null) cmd.add("-D" + p + "=" + v);
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(FxExitScenario.class.getName());
        cmd.add(how);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        boolean ended = p.waitFor(60, TimeUnit.SECONDS);
        if (!ended) p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        System.out.println("[FxExitTest " + how + "]\n" + out);
        assertTrue(ended, "the JVM did not end by itself after the toolkit exited (a stray non-daemon thread?):\n" + out);
        assertTrue(out.contains("SCENARIO PASSED"), out);
        assertEquals(0, p.exitValue(), out);
    }
}
