package io.loopbridge.demo.model;

import io.loopbridge.core.StandaloneLoop;
import io.loopbridge.core.Task;
import io.loopbridge.demo.model.ProcessModel.Command;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;

import static io.loopbridge.demo.model.Styles.runUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Process panel's model with real child processes (the demo's own JVM), on a standalone loop, in each
 * style this JVM runs: the output line by line, the exit code, a failing exit, and a cancel that kills.
 */
@Timeout(60)
class ProcessModelTest {
    private final StandaloneLoop loop = StandaloneLoop.create();

    @AfterEach
    void close() {
        loop.close();
    }

    @ParameterizedTest
    @MethodSource("io.loopbridge.demo.model.Styles#available")
    void theBundledProgramsLinesArriveOneByOneThenItsExitCode(Style style) {
        ProcessModel model = new ProcessModel(loop, style, 5, Duration.ofMillis(150));
        List<Integer> seenWhileRunning = new ArrayList<>();
        List<Boolean> aliveAtTheSecondLine = new ArrayList<>();
        model.onChange(() -> {
            if (model.exitCode() == null) seenWhileRunning.add(model.lines().size());
            if (model.lines().size() == 2 && aliveAtTheSecondLine.isEmpty()) {
                aliveAtTheSecondLine.add(ProcessHandle.of(model.pid()).map(ProcessHandle::isAlive).orElse(false));
            }
        });

        int code = loop.runUntilComplete(loop.createTask(() -> model.run(Command.PROGRESS, false)));

        assertEquals(0, code);
        assertEquals(0, model.exitCode());
        List<String> lines = model.lines();
        assertEquals(7, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("ProgressPrinter (pid " + model.pid() + ", Java "), lines.get(0));
        assertEquals("step 5 of 5 (100%)", lines.get(5));
        assertEquals("done", lines.get(6));
        for (int n = 1; n <= 6; n++) assertTrue(seenWhileRunning.contains(n), "shown while running: " + n + " lines, in " + seenWhileRunning);
        assertEquals(List.of(true), aliveAtTheSecondLine, "the second line was shown while the process still ran (4 steps of 150 ms to go)");
        assertTrue(model.status().startsWith("Exited with code 0 after "), model.status());
    }

    @ParameterizedTest
    @MethodSource("io.loopbridge.demo.model.Styles#available")
    void cancellingTheTaskKillsTheProcessAndTheStatusSaysWhenItEnded(Style style) {
        ProcessModel model = new ProcessModel(loop, style, 400, Duration.ofMillis(50));
        Task<Integer> task = loop.createTask(() -> model.run(Command.PROGRESS, false));
        runUntil(loop, () -> model.lines().size() >= 3);
        long pid = model.pid();
        assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "running before the cancel");

        loop.callSoon(() -> task.cancel(true));
        runUntil(loop, () -> model.status().endsWith("was terminated and has ended."));

        assertTrue(task.isCancelled());
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the process is gone");
        assertNull(model.exitCode());
        int at = model.lines().size();
        assertTrue(at < 50, "stopped early: " + at);
        assertEquals("Cancelled after", model.status().substring(0, "Cancelled after".length()));
    }

    @ParameterizedTest
    @MethodSource("io.loopbridge.demo.model.Styles#available")
    void aCancelRightAfterTheStartStillEndsTheProcessAndSaysSo(Style style) {
        ProcessModel model = new ProcessModel(loop, style, 400, Duration.ofMillis(50));
        Task<Integer> task = loop.createTask(() -> model.run(Command.PROGRESS, false));
        loop.callSoon(() -> task.cancel(true)); // queued behind the task's start: the very next iteration

        runUntil(loop, () -> model.status().endsWith("was terminated and has ended."), () -> "the end is shown: " + model.status()
                + " / task " + task + " / lines " + model.lines());

        assertTrue(task.isCancelled());
        assertFalse(ProcessHandle.of(model.pid()).map(ProcessHandle::isAlive).orElse(false));
    }

    @ParameterizedTest
    @MethodSource("io.loopbridge.demo.model.Styles#available")
    void aNonZeroExitFailsTheRunNamingTheCode(Style style) {
        ProcessModel model = new ProcessModel(loop, style, 2, Duration.ofMillis(10));

        CompletionException e = assertThrows(CompletionException.class,
                () -> loop.runUntilComplete(loop.createTask(() -> model.run(Command.PROGRESS, true))));

        IOException cause = assertInstanceOf(IOException.class, e.getCause());
        assertEquals("the bundled ProgressPrinter exited with code " + ProcessModel.FAIL_EXIT_CODE, cause.getMessage());
        assertEquals(ProcessModel.FAIL_EXIT_CODE, model.exitCode());
        assertEquals("failing on purpose with exit code 3", model.lines().get(model.lines().size() - 1));
    }

    @ParameterizedTest
    @MethodSource("io.loopbridge.demo.model.Styles#available")
    void javaVersionShowsTheVersionOfTheDemosOwnJvm(Style style) {
        ProcessModel model = new ProcessModel(loop, style, 1, Duration.ZERO);

        int code = loop.runUntilComplete(loop.createTask(() -> model.run(Command.JAVA_VERSION, false)));

        assertEquals(0, code);
        String out = String.join("\n", model.lines());
        assertTrue(out.contains("version \"" + Runtime.version().feature()), out);
        assertEquals(List.of(System.getProperty("java.home") + "/bin/java", "-version"), model.commandLine(Command.JAVA_VERSION, false));
    }
}
