package io.loopbridge.core.testkit;

import io.loopbridge.core.EventLoop;
import io.loopbridge.core.ForwardingEventLoop;
import io.loopbridge.core.GuestLoop;

import java.lang.reflect.Method;

/**
 * The test kit's way to the {@link GuestLoop} behind a host's {@link EventLoop}: the library keeps
 * {@code ForwardingEventLoop.core()} to itself (hosts use their protected {@code core} field), and the tests
 * of every host reach it here. Tests run on the class path, where the package-private method is accessible
 * by reflection.
 *
 * <p><b>Threading.</b> Safe from any thread.
 */
public final class TestCores {
    private static final Method CORE;
    static {
        try {
            CORE = ForwardingEventLoop.class.getDeclaredMethod("core");
            CORE.setAccessible(true);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private TestCores() {}

    /** The core of {@code loop}: the loop itself for a {@code GuestLoop}, else the core its host drives. */
    public static GuestLoop of(EventLoop loop) {
        if (loop instanceof GuestLoop) return (GuestLoop) loop;
        try {
            return (GuestLoop) CORE.invoke(loop);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot reach the core of " + loop, e);
        }
    }
}
