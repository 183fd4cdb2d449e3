package io.loopbridge.demo.model;

import io.loopbridge.core.EventLoop;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The state of one panel, shared by the JavaFX and the Swing views: the loop-facing code lives here and
 * is written against {@link EventLoop} alone; a view only draws the state and forwards clicks.
 *
 * <p><b>Threading.</b> Loop thread only (which is the UI thread of either toolkit, so listeners may touch
 * widgets directly). Listeners run synchronously inside {@link #changed()}, in registration order.
 */
public abstract class Model {
    /** The loop every method of the model runs on. */
    protected final EventLoop loop;
    /** Change listeners. Loop thread only. */
    private final List<Runnable> listeners = new ArrayList<>();

    protected Model(EventLoop loop) {
        this.loop = Objects.requireNonNull(loop, "loop: null (expected: non-null)");
    }

    /** Calls {@code listener} after every change of the state. Loop thread only. */
    public final void onChange(Runnable listener) {
        listeners.add(Objects.requireNonNull(listener, "listener: null (expected: non-null)"));
    }

    /** Tells the listeners that the state changed. Loop thread only. */
    protected final void changed() {
        for (Runnable l : List.copyOf(listeners)) l.run();
    }
}
