package io.loopbridge.demo.fx;

import io.loopbridge.demo.model.Panel;
import javafx.scene.control.TextArea;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Process, clicked through: a real child process's output line by line and its exit code; Cancel kills it; java -version. */
@Timeout(60)
class FxProcessPanelTest extends FxDemoFixture {

    private String output() throws Exception {
        TextArea t = node("#process-output", TextArea.class);
        return onFx(t::getText);
    }

    @Test
    void runShowsTheOutputAsItArrivesThenTheExitCode() throws Exception {
        open(Panel.PROCESS);

        click("#process-run");

        waitUntil(() -> node("#process-output", TextArea.class).getText().contains("step 1 of 20"), () -> "the first step");
        waitForText("#process-status", s -> s.startsWith("Exited with code 0"), "the exit");
        assertTrue(output().endsWith("step 20 of 20 (100%)\ndone"), output());
        assertTrue(text("#process-command").contains("io.loopbridge.demo.child.ProgressPrinter 20"), text("#process-command"));
    }

    @Test
    void cancelKillsTheProcess() throws Exception {
        open(Panel.PROCESS);
        click("#process-run");
        waitUntil(() -> node("#process-output", TextArea.class).getText().contains("step 2 of 20"), () -> "under way");
        long pid = onFx(demo.process()::pid);

        click("#process-cancel");

        waitForText("#process-status", s -> s.endsWith("was terminated and has ended."), "the process ended");
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "process " + pid + " is gone");
        assertFalse(output().contains("done"), output());
        assertTrue(onFx(() -> demo.errors().entries().isEmpty()), "a cancel is no error");
    }

    @Test
    void javaVersionRunsTheDemosOwnJvm() throws Exception {
        open(Panel.PROCESS);
        click("#process-java-version");

        click("#process-run");

        waitForText("#process-status", s -> s.startsWith("Exited with code 0"), "the exit");
        assertTrue(output().contains("version \"" + Runtime.version().feature()), output());
    }
}
