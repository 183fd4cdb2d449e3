package io.loopbridge.swing;

import java.awt.AWTEvent;
import java.awt.EventQueue;
import java.awt.Toolkit;
import java.util.function.IntSupplier;

/**
 * The nesting probe of every {@link SwingLoop} ({@code GuestLoop.setNestingProbe}): how deep the EDT is in
 * nested event dispatch now. Every nested event loop on the EDT (a modal dialog's, a {@code SecondaryLoop},
 * {@code SwingLoop}'s own nested {@code runUntilComplete}) dispatches its events from inside the event
 * that opened it, so the depth of {@link EventQueue#dispatchEvent} calls on the stack is the nesting of
 * event loops, plus one. A coroutine may only suspend at the depth it was resumed at: a plain listener that
 * a nested loop runs (a dialog's button) and that calls {@code await} while the coroutine that opened the
 * dialog is still current gets an {@link IllegalStateException}, where it would freeze the nested loop.
 *
 * <p>AWT does not tell this depth ({@link EventQueue#getCurrentEvent()} is not restored when a nested loop
 * returns, so it cannot serve), so the first loop created pushes this queue on the system event queue
 * ({@link EventQueue#push}, AWT's supported way to observe dispatch): it only counts, around the
 * standard dispatch. It stays for the life of the application (queues are pushed and popped in stack
 * order: popping it later could take a queue pushed above it with it). An application that pushes its own
 * queue above this one hides the dispatch from it: the depth then stays the same and the guard is off,
 * as without this class.
 *
 * <p><b>Threading.</b> {@link #probe()}: any thread, once per loop. The depth is written and read on the
 * EDT only (dispatch runs there; the loop reads it on its loop thread, the EDT).
 */
final class SwingNesting extends EventQueue {
    /** The queue pushed by the first loop; guarded by the class. */
    private static SwingNesting installed;

    /** dispatchEvent calls in progress. EDT only. */
    private int depth;

    private SwingNesting() {}

    /** The probe to install on a SwingLoop's core; pushes the counting queue the first time. */
    static synchronized IntSupplier probe() {
        SwingNesting q = installed;
        if (q == null) {
            q = new SwingNesting();
            Toolkit.getDefaultToolkit().getSystemEventQueue().push(q);
            installed = q;
        }
        SwingNesting counted = q;
        return () -> counted.depth;
    }

    @Override
    protected void dispatchEvent(AWTEvent event) {
        depth++;
        try {
            super.dispatchEvent(event);
        } finally {
            depth--;
        }
    }
}
