package io.loopbridge.core.internal;

import io.loopbridge.core.EventLoop;

/**
 * The thread-to-loop binding behind {@link EventLoop#current()}: the face the user sees (a StandaloneLoop,
 * an FxLoop, ...) and the core loop behind it. Not API.
 */
public final class CurrentLoop {
    private static final class Binding {
        final EventLoop face;
        final Object core;

        Binding(EventLoop face, Object core) {
            this.face = face;
            this.core = core;
        }
    }

    private static final ThreadLocal<Binding> CURRENT = new ThreadLocal<>();

    private CurrentLoop() {}

    public static EventLoop get() {
        Binding b = CURRENT.get();
        return b == null ? null : b.face;
    }

    public static Object core() {
        Binding b = CURRENT.get();
        return b == null ? null : b.core;
    }

    /** Opaque token of the current binding, to restore with {@link #restore(Object)}. */
    public static Object save() {
        return CURRENT.get();
    }

    public static void restore(Object token) {
        if (token == null) CURRENT.remove();
        else CURRENT.set((Binding) token);
    }

    /** Binds {@code face} backed by {@code core}; returns the previous binding's token. */
    public static Object bind(EventLoop face, Object core) {
        Binding prev = CURRENT.get();
        if (prev == null || prev.face != face || prev.core != core) CURRENT.set(new Binding(face, core));
        return prev;
    }

    public static void unbind() {
        CURRENT.remove();
    }
}
