package io.loopbridge.core.host;

import io.loopbridge.core.EventLoop;
import io.loopbridge.core.GuestLoop;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The open loops of one toolkit thread (the JavaFX Application Thread, the EDT), oldest first, and the
 * rule for {@code EventLoop.current()} there: it reports the <b>newest loop still open</b>. Several
 * loops may share the toolkit's thread (a library's loop and the application's); when the one
 * {@code current()} reports closes, the thread goes back to the newest open one, not to none. A
 * bridge keeps one registry per toolkit ({@code static final}).
 *
 * <p>Invariant: {@link #open} holds every registered loop that has not been {@linkplain #release
 * released}, in registration order; each entry pairs the loop with the core it drives.
 *
 * <p><b>Threading.</b> {@link #register}, {@link #release} and {@link #snapshot} are safe from any
 * thread ({@link #open} is guarded by {@code this}); {@code release} touches the thread binding only
 * when called on the loop's thread.
 */
public final class OpenLoops {
    private static final class Entry {
        final EventLoop face;
        final GuestLoop core;

        Entry(EventLoop face, GuestLoop core) {
            this.face = face;
            this.core = core;
        }
    }

    /** Registered, unreleased loops, oldest first. Guarded by {@code this}. */
    private final List<Entry> open = new ArrayList<>();

    /**
     * Registers an open loop (after {@code core.attachThread(face)} on the toolkit thread). Any thread.
     *
     * @throws NullPointerException if an argument is null
     */
    public synchronized void register(EventLoop face, GuestLoop core) {
        open.add(new Entry(Objects.requireNonNull(face, "face: null (expected: the host's loop)"),
                Objects.requireNonNull(core, "core: null (expected: its GuestLoop)")));
    }

    /**
     * Unregisters a closed loop. On its loop thread it also unbinds it ({@code core.detachThread()}) and
     * binds the newest loop still open whose thread this is, so that {@code current()} reports it.
     * Idempotent. Any thread.
     *
     * @return the loop {@code current()} now reports on this thread, or null
     */
    public EventLoop release(EventLoop face, GuestLoop core) {
        Objects.requireNonNull(face, "face: null (expected: the host's loop)");
        Objects.requireNonNull(core, "core: null (expected: its GuestLoop)");
        Entry next = null;
        synchronized (this) {
            open.removeIf(e -> e.face == face);
            for (int i = open.size() - 1; i >= 0; i--) {
                if (!open.get(i).face.isClosed()) {
                    next = open.get(i);
                    break;
                }
            }
        }
        Thread me = Thread.currentThread();
        if (core.loopThread() != me) return null;
        core.detachThread();
        if (next == null || next.core.loopThread() != me) return null;
        next.core.attachThread(next.face); // binds current() on this thread to it again
        return next.face;
    }

    /** The loops registered and not released, oldest first (the toolkit exited: close them all). Any thread. */
    public synchronized List<EventLoop> snapshot() {
        List<EventLoop> l = new ArrayList<>(open.size());
        for (Entry e : open) l.add(e.face);
        return l;
    }
}
