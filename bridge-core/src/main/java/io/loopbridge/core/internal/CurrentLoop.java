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
    /**
     * How many loops have the calling thread as their loop thread (claimed by a first runOnce, or attached),
     * whether or not one is running now: what "on a loop thread" means for a blocking call, which must
     * never wait there (nothing else would run that loop).
     */
    private static final ThreadLocal<int[]> OWNED = new ThreadLocal<>();

    /** The calling thread became a loop's thread. */
    public static void ownerAcquired() {
        int[] c = OWNED.get();
        if (c == null) OWNED.set(c = new int[1]);
        c[0]++;
    }

    /** The calling thread stopped being a loop's thread. */
    public static void ownerReleased() {
        int[] c = OWNED.get();
        if (c != null && --c[0] <= 0) OWNED.remove();
    }

    /** Whether the calling thread is some loop's thread, or runs one now. */
    public static boolean onLoopThread() {
        int[] c = OWNED.get();
        return (c != null && c[0] > 0) || CURRENT.get() != null;
    }

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
