package io.loopbridge.swing;

import io.loopbridge.core.LoopFuture;

import java.awt.Component;
import java.awt.EventQueue;
import java.awt.Window;
import java.awt.event.ActionEvent;
import java.awt.event.ActionListener;
import java.awt.event.ComponentAdapter;
import java.awt.event.ComponentEvent;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.beans.PropertyChangeEvent;
import java.beans.PropertyChangeListener;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import javax.swing.AbstractButton;
import javax.swing.JDialog;
import javax.swing.JOptionPane;

/**
 * Swing events as futures, so that UI code never needs a modal dialog's nested loop: a modeless dialog's
 * or a {@link JOptionPane}'s answer, a component's next property change or a condition re-checked at
 * each, a button's next action. Each returns a {@link LoopFuture} of the loop, to chain or to
 * {@code await} in a coroutine:
 *
 * <pre>{@code
 * loop.launch(() -> {
 *     JOptionPane pane = new JOptionPane("Delete?", QUESTION_MESSAGE, YES_NO_OPTION);
 *     Object answer = await(SwingAwait.optionPane(loop, pane, frame, "Confirm"));   // the frame stays live
 *     if (!Integer.valueOf(JOptionPane.YES_OPTION).equals(answer)) return;
 *     ActionEvent go = await(SwingAwait.nextAction(loop, startButton));
 * });
 * }</pre>
 *
 * <p>What each one promises:
 * <ul>
 *   <li>It completes on the EDT, inside Swing's own notification (the listener), so the value is the one
 *       that fired; what depends on it runs as for any {@code LoopFuture} (on the loop thread; an
 *       {@code await} resumes in a later loop iteration).</li>
 *   <li>Its listener is removed when it completes <b>or is cancelled</b> (by the caller, by the task that
 *       created it being cancelled, or by the loop closing: the future belongs to the task that was running
 *       when it was made); nothing stays registered.</li>
 *   <li>Cancelling a {@link #dialog} or {@link #optionPane} future disposes the dialog.</li>
 *   <li>A {@code condition} that throws fails the future with what it threw (and removes the listener).</li>
 * </ul>
 *
 * <p><b>Threading.</b> Every method is for the EDT (the loop thread), like the components it observes;
 * off it they throw {@link IllegalStateException}. The futures may be cancelled from any thread: the
 * clean-up then runs on the EDT.
 */
public final class SwingAwait {
    private SwingAwait() {}

    /**
     * Shows the modeless {@code dialog} and completes (with null) when it is hidden or disposed: the
     * application reads what the user entered from the dialog then. Cancelling the future disposes it.
     *
     * @throws IllegalArgumentException if {@code dialog} is modal (its {@code setVisible(true)} would open a
     *         nested event loop: make it modeless, {@code setModal(false)})
     * @throws IllegalStateException    off the EDT, or if {@code dialog} is already showing
     */
    public static LoopFuture<Void> dialog(SwingLoop loop, JDialog dialog) {
        notNull(loop, "loop");
        notNull(dialog, "dialog");
        onEdt("dialog");
        if (dialog.isModal()) {
            throw new IllegalArgumentException("dialog: modal (expected: a modeless dialog; setVisible(true) on a modal one opens a nested event loop)");
        }
        if (dialog.isShowing()) throw new IllegalStateException("dialog: already showing (expected: a dialog that is not shown yet)");
        LoopFuture<Void> result = loop.createFuture();
        whenHidden(result, dialog, () -> result.complete(null));
        show(dialog, result);
        return result;
    }

    /**
     * Shows {@code pane} in a modeless dialog ({@link JOptionPane#createDialog(Component, String)}, made
     * modeless) over {@code parent} and completes with the pane's value once the user answers: what
     * {@link JOptionPane#getValue()} gives (an {@code Integer} option such as {@code YES_OPTION}, or the
     * chosen option object), or null when the dialog was closed without an answer. Cancelling the future
     * disposes the dialog.
     *
     * @param parent the component the dialog is centred over; may be null
     * @throws IllegalStateException off the EDT
     * @throws java.awt.HeadlessException without a display
     */
    public static LoopFuture<Object> optionPane(SwingLoop loop, JOptionPane pane, Component parent, String title) {
        notNull(loop, "loop");
        notNull(pane, "pane");
        notNull(title, "title");
        onEdt("optionPane");
        JDialog dialog = pane.createDialog(parent, title); // (headless: throws here, before anything is registered)
        dialog.setModal(false);
        LoopFuture<Object> result = loop.createFuture();
        PropertyChangeListener answered = e -> {
            if (e.getNewValue() != JOptionPane.UNINITIALIZED_VALUE) result.complete(e.getNewValue());
        };
        pane.addPropertyChangeListener(JOptionPane.VALUE_PROPERTY, answered);
        // closed without an answer (disposed by the application, or cancelled): null, as JOptionPane gives
        whenHidden(result, dialog, () -> result.complete(pane.getValue() == JOptionPane.UNINITIALIZED_VALUE ? null : pane.getValue()));
        whenDone(result, () -> {
            pane.removePropertyChangeListener(JOptionPane.VALUE_PROPERTY, answered);
            dialog.dispose(); // (createDialog's dialog is ours: never reused)
        });
        show(dialog, result);
        return result;
    }

    /**
     * Shows {@code dialog}; if that throws, the caller gets the exception and {@code result} is cancelled (so
     * its listeners go and nobody is told twice about one failure).
     */
    private static void show(JDialog dialog, LoopFuture<?> result) {
        try {
            dialog.setVisible(true);
        } catch (RuntimeException | Error e) {
            result.cancel(false);
            throw e;
        }
    }

    /** Calls {@code hidden} when {@code w} is hidden or disposed; disposes it if {@code f} is cancelled; cleans up when done. */
    private static void whenHidden(LoopFuture<?> f, Window w, Runnable hidden) {
        ComponentAdapter onHide = new ComponentAdapter() {
            @Override
            public void componentHidden(ComponentEvent e) {
                hidden.run();
            }
        };
        WindowAdapter onClose = new WindowAdapter() {
            @Override
            public void windowClosed(WindowEvent e) {
                hidden.run();
            }
        };
        w.addComponentListener(onHide);
        w.addWindowListener(onClose);
        whenDone(f, () -> {
            w.removeComponentListener(onHide);
            w.removeWindowListener(onClose);
            if (f.isCancelled() && w.isDisplayable()) w.dispose();
        });
    }

    /**
     * Completes with the next {@link PropertyChangeEvent} of {@code property} on {@code component} (Swing
     * fires one only for a value that changed).
     *
     * @throws IllegalStateException off the EDT
     */
    public static LoopFuture<PropertyChangeEvent> nextChange(SwingLoop loop, Component component, String property) {
        notNull(loop, "loop");
        notNull(component, "component");
        notNull(property, "property");
        onEdt("nextChange");
        LoopFuture<PropertyChangeEvent> result = loop.createFuture();
        PropertyChangeListener l = result::complete;
        component.addPropertyChangeListener(property, l);
        whenDone(result, () -> component.removePropertyChangeListener(property, l));
        return result;
    }

    /**
     * Completes (with null) once {@code condition} holds: at once (a completed future) if it holds now,
     * else at the first change of {@code property} on {@code component} after which it holds. The
     * condition reads whatever it needs ({@code () -> bar.getValue() == bar.getMaximum()}).
     *
     * @throws IllegalStateException off the EDT
     */
    public static LoopFuture<Void> when(SwingLoop loop, Component component, String property, BooleanSupplier condition) {
        notNull(loop, "loop");
        notNull(component, "component");
        notNull(property, "property");
        notNull(condition, "condition");
        onEdt("when");
        LoopFuture<Void> result = loop.createFuture();
        if (holds(condition, result)) {
            result.complete(null);
            return result;
        }
        if (result.isDone()) return result; // the condition threw
        PropertyChangeListener l = e -> {
            if (holds(condition, result)) result.complete(null);
        };
        component.addPropertyChangeListener(property, l);
        whenDone(result, () -> component.removePropertyChangeListener(property, l));
        return result;
    }

    private static boolean holds(BooleanSupplier condition, LoopFuture<?> result) {
        try {
            return condition.getAsBoolean();
        } catch (RuntimeException | Error e) {
            result.completeExceptionally(e);
            return false;
        }
    }

    /**
     * Completes with the next {@link ActionEvent} of {@code button} (a click, {@code doClick()}, a
     * keyboard activation). The button's other listeners run as usual.
     *
     * @throws IllegalStateException off the EDT
     */
    public static LoopFuture<ActionEvent> nextAction(SwingLoop loop, AbstractButton button) {
        notNull(loop, "loop");
        notNull(button, "button");
        onEdt("nextAction");
        LoopFuture<ActionEvent> result = loop.createFuture();
        ActionListener l = result::complete;
        button.addActionListener(l);
        whenDone(result, () -> button.removeActionListener(l));
        return result;
    }

    /**
     * Runs {@code cleanUp} on the EDT once {@code f} is done, without counting as observing it (a failure
     * nobody sees is still reported as never retrieved).
     */
    private static void whenDone(LoopFuture<?> f, Runnable cleanUp) {
        CompletableFuture.allOf(f).whenComplete((v, e) -> {
            if (EventQueue.isDispatchThread()) cleanUp.run();
            else EventQueue.invokeLater(cleanUp); // cancelled from another thread
        });
    }

    private static void onEdt(String method) {
        if (!EventQueue.isDispatchThread()) {
            throw new IllegalStateException("SwingAwait." + method + "() is for the event dispatch thread, but was called on thread '"
                    + Thread.currentThread().getName() + "'");
        }
    }

    private static void notNull(Object value, String name) {
        if (value == null) throw new NullPointerException(name + ": null (expected: non-null)");
    }
}
