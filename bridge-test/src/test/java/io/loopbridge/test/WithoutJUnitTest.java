package io.loopbridge.test;

import io.loopbridge.core.GuestLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kit without JUnit (nor JavaFX, nor the bridges): the module {@code io.loopbridge.test} resolves in a
 * module layer that holds only it and {@code io.loopbridge.core} (its JUnit, JavaFX and Swing parts are
 * {@code requires static}), and a {@link TestLoop} loaded there runs timers on virtual time.
 */
@Timeout(30)
class WithoutJUnitTest {

    private static Path location(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    @Test
    void theModuleResolvesAndTestLoopRunsWithOnlyBridgeCoreBesideIt() throws Exception {
        ModuleFinder finder = ModuleFinder.of(location(TestLoop.class), location(GuestLoop.class));
        Configuration cf = ModuleLayer.boot().configuration().resolve(finder, ModuleFinder.of(), Set.of("io.loopbridge.test"));
        assertEquals(Set.of("io.loopbridge.test", "io.loopbridge.core"),
                cf.modules().stream().map(m -> m.name()).collect(java.util.stream.Collectors.toSet()));
        ModuleLayer layer = ModuleLayer.boot().defineModulesWithOneLoader(cf, ClassLoader.getPlatformClassLoader());
        ClassLoader loader = layer.findLoader("io.loopbridge.test");
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.junit.jupiter.api.Test", false, loader));
        assertThrows(ClassNotFoundException.class, () -> Class.forName("javafx.application.Platform", false, loader));

        Class<?> testLoop = Class.forName("io.loopbridge.test.TestLoop", true, loader);
        assertFalse(testLoop == TestLoop.class);
        AtomicReference<Object> result = new AtomicReference<>();
        Thread t = new Thread(() -> { // a fresh thread: the layer's loop binds to it
            try {
                Object loop = testLoop.getMethod("create").invoke(null);
                long[] when = {-1};
                testLoop.getMethod("callLater", Duration.class, Runnable.class).invoke(loop, Duration.ofHours(1), (Runnable) () -> when[0] = 1);
                Method advance = testLoop.getMethod("advanceBy", Duration.class);
                advance.invoke(loop, Duration.ofHours(1));
                Object elapsed = testLoop.getMethod("elapsed").invoke(loop);
                testLoop.getMethod("close").invoke(loop);
                result.set(elapsed + " " + when[0]);
            } catch (Throwable e) {
                result.set(e);
            }
        });
        t.start();
        t.join(20_000);
        assertEquals("PT1H 1", String.valueOf(result.get()));
        // and no JUnit type in TestLoop's signatures
        for (Method m : testLoop.getMethods()) {
            assertFalse(m.toGenericString().contains("org.junit"), m.toGenericString());
        }
        assertTrue(testLoop.getModule().isNamed());
    }
}
