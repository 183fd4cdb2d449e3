package io.loopbridge.core.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

import static io.loopbridge.core.internal.CoroutineJdk.coroutineJdk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whether coroutines run, and the error where they do not, on the JDK the build runs on: every test here
 * runs on every JDK and asserts what that JDK must do (JDK 17: unsupported, naming the JDK requirement and
 * both flags; JDK 21+: supported with the export, and the exact flag named without it, on the class path
 * and on the module path). The child JVMs run {@link SupportProbe}.
 */
@Timeout(120)
class CoroutineSupportTest {
    private static final String REQUIREMENT = "coroutines need JDK 21 or newer";

    @Test
    void supportMatchesTheJdkTheBuildRunsOn() {
        if (coroutineJdk()) {
            assertTrue(CoroutineSupport.isSupported(), CoroutineSupport::reason); // the coroutines profile exports it
            assertTrue(CoroutineSupport.reason().startsWith("coroutines are supported: JDK " + Runtime.version()), CoroutineSupport.reason());
        } else {
            assertFalse(CoroutineSupport.isSupported());
            assertTrue(CoroutineSupport.reason().startsWith(REQUIREMENT + " (this is JDK " + Runtime.version() + ")"), CoroutineSupport.reason());
            assertTrue(CoroutineSupport.reason().contains(CoroutineSupport.EXPORT_MODULE_PATH), CoroutineSupport.reason());
            assertTrue(CoroutineSupport.reason().contains(CoroutineSupport.EXPORT_CLASS_PATH), CoroutineSupport.reason());
        }
    }

    @Test
    void theFlagsAreTheExactOnesForEachPath() {
        assertEquals("--add-exports java.base/jdk.internal.vm=io.loopbridge.core", CoroutineSupport.EXPORT_MODULE_PATH);
        assertEquals("--add-exports java.base/jdk.internal.vm=ALL-UNNAMED", CoroutineSupport.EXPORT_CLASS_PATH);
    }

    @Test
    void creatingACoroutineWhereUnsupportedThrowsUnsupportedOperationExceptionWithTheReasonNeverALinkageError() throws Exception {
        if (!coroutineJdk()) {
            // in this very JVM: nothing links jdk.internal.vm.Continuation
            CoroutineRegistry r = new CoroutineRegistry(() -> 0);
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> r.create(null, () -> {}));
            assertEquals("a coroutine is unavailable: " + CoroutineSupport.reason(), e.getMessage());
            assertEquals(null, Coroutine.current());
        } else {
            // a JDK 21+ JVM without the export
            CoroutineJdk.Child c = classPathChild(false);
            assertEquals(0, c.exit, c::toString);
            assertTrue(c.output.contains("supported=false"), c::toString);
            assertTrue(c.output.contains("coroutine=java.lang.UnsupportedOperationException: a coroutine is unavailable: coroutines need"
                    + " java.base's package jdk.internal.vm exported to LoopBridge"), c::toString);
            assertFalse(c.output.contains("NoClassDefFoundError") || c.output.contains("IllegalAccessError"), c::toString);
        }
    }

    @Test
    void onTheClassPathWithoutTheExportTheReasonNamesTheClassPathFlagFirst() throws Exception {
        CoroutineJdk.Child c = classPathChild(false);
        assertEquals(0, c.exit, c::toString);
        assertTrue(c.output.contains("supported=false"), c::toString);
        String reason = line(c, "reason=");
        if (coroutineJdk()) {
            assertEquals(CoroutineSupport.notExportedReason(CoroutineSupport.class.getModule()), reason);
            assertTrue(reason.contains("LoopBridge is on the class path, so start the JVM with " + CoroutineSupport.EXPORT_CLASS_PATH
                    + " (on the module path it would be " + CoroutineSupport.EXPORT_MODULE_PATH + ")"), reason);
            assertTrue(reason.contains("the unnamed module (ALL-UNNAMED)"), reason);
        } else {
            assertTrue(reason.startsWith(REQUIREMENT), reason);
        }
    }

    @Test
    void onTheClassPathWithTheExportCoroutinesRunOnJdk21Plus() throws Exception {
        CoroutineJdk.Child c = classPathChild(true);
        assertEquals(0, c.exit, c::toString);
        if (coroutineJdk()) {
            assertTrue(c.output.contains("supported=true"), c::toString);
            assertTrue(c.output.contains("coroutine=SUSPENDED after 1, DONE after 2"), c::toString);
        } else {
            assertTrue(c.output.contains("supported=false"), c::toString);
            assertTrue(line(c, "reason=").startsWith(REQUIREMENT), c::toString);
        }
    }

    @Test
    void onTheModulePathWithoutTheExportTheReasonNamesTheModulePathFlagFirst() throws Exception {
        CoroutineJdk.Child c = modulePathChild(false);
        assertEquals(0, c.exit, c::toString);
        assertTrue(c.output.contains("module=module io.loopbridge.core"), c::toString);
        assertTrue(c.output.contains("supported=false"), c::toString);
        String reason = line(c, "reason=");
        if (coroutineJdk()) {
            assertTrue(reason.contains("LoopBridge is on the module path (module io.loopbridge.core), so start the JVM with "
                    + CoroutineSupport.EXPORT_MODULE_PATH + " (on the class path it would be " + CoroutineSupport.EXPORT_CLASS_PATH + ")"), reason);
            assertTrue(line(c, "coroutine=").startsWith("java.lang.UnsupportedOperationException: a coroutine is unavailable: "), c::toString);
        } else {
            assertTrue(reason.startsWith(REQUIREMENT), reason);
        }
    }

    @Test
    void onTheModulePathWithTheExportToTheModuleCoroutinesRunOnJdk21Plus() throws Exception {
        CoroutineJdk.Child c = modulePathChild(true);
        assertEquals(0, c.exit, c::toString);
        assertTrue(c.output.contains("module=module io.loopbridge.core"), c::toString);
        if (coroutineJdk()) {
            assertTrue(c.output.contains("supported=true"), c::toString);
            assertTrue(line(c, "reason=").contains("exported to io.loopbridge.core"), c::toString);
            assertTrue(c.output.contains("coroutine=SUSPENDED after 1, DONE after 2"), c::toString);
        } else {
            assertTrue(line(c, "reason=").startsWith(REQUIREMENT), c::toString);
        }
    }

    @Test
    void theExportToTheWrongModuleIsReportedWithTheRightFlag() throws Exception {
        // on the module path, an export to ALL-UNNAMED does not reach the named module io.loopbridge.core
        List<String> args = new ArrayList<>(List.of("--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED"));
        args.addAll(modulePath());
        CoroutineJdk.Child c = CoroutineJdk.java(args);
        assertEquals(0, c.exit, c::toString);
        assertTrue(c.output.contains("supported=false"), c::toString);
        if (coroutineJdk()) assertTrue(line(c, "reason=").contains("so start the JVM with " + CoroutineSupport.EXPORT_MODULE_PATH), c::toString);
        else assertTrue(line(c, "reason=").startsWith(REQUIREMENT), c::toString);
    }

    private static CoroutineJdk.Child classPathChild(boolean export) throws Exception {
        List<String> args = new ArrayList<>();
        if (export) args.addAll(List.of("--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED"));
        args.addAll(List.of("-cp", CoroutineJdk.mainClasses() + File.pathSeparator + CoroutineJdk.testClasses(), SupportProbe.class.getName()));
        return CoroutineJdk.java(args);
    }

    private static CoroutineJdk.Child modulePathChild(boolean export) throws Exception {
        List<String> args = new ArrayList<>();
        if (export) args.addAll(List.of("--add-exports", "java.base/jdk.internal.vm=io.loopbridge.core"));
        args.addAll(modulePath());
        return CoroutineJdk.java(args);
    }

    /** bridge-core's classes as the module io.loopbridge.core, with the probe patched into it. */
    private static List<String> modulePath() {
        return List.of("--module-path", CoroutineJdk.mainClasses().toString(),
                "--patch-module", "io.loopbridge.core=" + CoroutineJdk.testClasses(),
                "-m", "io.loopbridge.core/" + SupportProbe.class.getName());
    }

    private static String line(CoroutineJdk.Child c, String prefix) {
        for (String l : c.output.split("\n")) if (l.startsWith(prefix)) return l.substring(prefix.length());
        throw new AssertionError("no line " + prefix + " in " + c);
    }
}
