package io.loopbridge.core.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What the coroutine tests need from the JDK they run on. The split is by JDK, never by flag: on JDK 21+
 * the build's {@code coroutines} profile exports {@code jdk.internal.vm}, so the tests that need coroutines
 * run and a missing export fails them ({@link #requireCoroutines()}); on JDK 17 those tests are skipped
 * and {@code CoroutineSupportTest} asserts the unsupported error instead. On each JDK exactly one of the
 * two sets runs.
 *
 * <p><b>Threading.</b> Any thread.
 */
final class CoroutineJdk {
    private CoroutineJdk() {}

    /** Whether this JDK is one that runs coroutines (given the export). */
    static boolean coroutineJdk() {
        return Runtime.version().feature() >= CoroutineSupport.MIN_FEATURE;
    }

    /** For the tests that need coroutines: skipped below JDK 21 (the unsupported path is asserted elsewhere), failed on 21+ without the export. */
    static void requireCoroutines() {
        assumeTrue(coroutineJdk(), "JDK " + Runtime.version() + ": no coroutines; CoroutineSupportTest asserts the unsupported error here");
        assertTrue(CoroutineSupport.isSupported(), () -> "JDK 21+ but coroutines are unsupported (is the build's coroutines profile"
                + " active?): " + CoroutineSupport.reason());
    }

    private static final class Pins {
        static final MethodHandle PIN;
        static final MethodHandle UNPIN;

        static {
            try {
                // the tests run on the class path with the export to ALL-UNNAMED, so they may look it up too
                Class<?> c = Class.forName("jdk.internal.vm.Continuation", false, null);
                PIN = MethodHandles.lookup().findStatic(c, "pin", MethodType.methodType(void.class));
                UNPIN = MethodHandles.lookup().findStatic(c, "unpin", MethodType.methodType(void.class));
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }

    /** {@code Continuation.pin()}: enters a critical section in which the current continuation cannot yield. */
    static void pin() throws Throwable {
        Pins.PIN.invokeExact();
    }

    static void unpin() throws Throwable {
        Pins.UNPIN.invokeExact();
    }

    /** A child JVM's exit code and output (stdout and stderr merged). */
    static final class Child {
        final int exit;
        final String output;

        Child(int exit, String output) {
            this.exit = exit;
            this.output = output;
        }

        @Override
        public String toString() {
            return "exit " + exit + ":\n" + output;
        }
    }

    /** Where the main classes and the test classes of bridge-core were loaded from. */
    static Path mainClasses() {
        return location(CoroutineSupport.class);
    }

    static Path testClasses() {
        return location(CoroutineJdk.class);
    }

    private static Path location(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs {@code java <args>} of this JDK and waits (60 s at most). */
    static Child java(List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        StringBuilder out = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) out.append(line).append('\n');
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("child JVM " + cmd + " did not exit within 60 s:\n" + out);
        }
        return new Child(p.exitValue(), out.toString());
    }
}
