package io.loopbridge.swing;

import io.loopbridge.core.Progress;
import io.loopbridge.core.Task;
import io.loopbridge.core.host.ActionCore;
import io.loopbridge.core.host.ActionState;

import java.awt.Component;
import java.awt.EventQueue;
import java.awt.Window;
import java.awt.event.ActionEvent;
import java.awt.event.ActionListener;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.beans.PropertyChangeListener;
import java.beans.PropertyChangeSupport;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.swing.JDialog;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.JProgressBar;
import javax.swing.WindowConstants;

/**
 * Async action listeners: each action event (a {@code JButton}'s, a {@code JMenuItem}'s, an
 * {@code Action}'s) starts an async body as a {@link Task} on a {@link SwingLoop}; the actions keep track
 * of their runs, can disable and enable components meanwhile, tie them to a window, show their
 * {@link Progress} and cancel them, and tell property-change listeners, as {@code SwingWorker} does.
 *
 * <pre>{@code
 * Progress progress = new Progress(loop);
 * SwingActions download = SwingActions.of(loop)
 *         .disableWhileRunning(downloadButton)
 *         .enableWhileRunning(cancelButton)
 *         .cancelOnClose(frame)
 *         .progress(progress, bar, status);
 * downloadButton.addActionListener(download.handler(e ->
 *         loop.runInExecutor(() -> fetch(url, progress)).thenAccept(area::setText)));   // back on the EDT
 * cancelButton.addActionListener(e -> download.cancel());
 * }</pre>
 *
 * <p><b>Coroutine bodies</b> (JDK 21+, {@code docs/coroutines.md}): {@link #launch(ActionCore.CoroutineBody)}
 * takes straight-line code that suspends at each {@code await}, with the same options:
 * <pre>{@code
 * fetchButton.addActionListener(SwingActions.of(loop).disableWhileRunning(fetchButton).launch(e -> {
 *     status.setText("fetching");                                  // at once, on the EDT
 *     try {
 *         area.setText(await(loop.runInExecutor(() -> fetch(url))));  // still the EDT
 *     } finally {
 *         status.setText("");                                      // on success, failure and cancel
 *     }
 * }));
 * }</pre>
 *
 * <p>The options and their meaning are those of {@link ActionCore}, the toolkit-neutral core these
 * actions are built on, and the same as {@code FxActions}' in the JavaFX bridge:
 * <ul>
 *   <li>The body's synchronous start runs at once, inside the event (an eager task,
 *       {@link SwingLoop#createEagerTask}), so it can read the event and change the UI before it first
 *       waits.</li>
 *   <li>Each event starts a run; runs go side by side, or, with {@link #latestWins()}, a new run cancels
 *       the earlier ones (search as you type).</li>
 *   <li>Each run reports once: {@link #onSucceeded}, {@link #onCancelled}, or its failure to
 *       {@link #onFailure} (without one, to the loop's {@link io.loopbridge.core.ExceptionHandler} with the
 *       task as source). Cancelling is not failing, and a run these actions cancelled (by
 *       {@link #cancel()}, its window closing, or a newer run) never reaches {@code onFailure}. The full
 *       policy: {@link ActionCore}, "Outcomes".</li>
 *   <li>{@link #getState()} follows the most recent run ({@link ActionState}); {@link #getProgress()} is 0
 *       while idle and indeterminate only while a run runs and has reported nothing.</li>
 * </ul>
 * Property-change listeners hear {@code "running"} (Boolean), {@code "state"} ({@link ActionState}),
 * {@code "progress"} (Double) and {@code "message"} (String), on the EDT.
 *
 * <p><b>Threading.</b> Like a Swing component: configure it, then use it, on the EDT ({@code of} and the
 * configuration methods may also run on the thread that builds the UI before it is shown).
 * {@link #cancel()} is safe from any thread.
 */
public final class SwingActions {
    private final SwingLoop loop;
    private final ActionCore core;
    /** Fires on the EDT only, from the core's listener. */
    private final PropertyChangeSupport changes = new PropertyChangeSupport(this);

    private SwingActions(SwingLoop loop) {
        this.loop = loop;
        core = new ActionCore(loop, "the event dispatch thread").addListener(new ActionCore.Listener() {
            /** The values last told, as the old values of the next events. EDT. */
            private ActionState lastState = ActionState.READY;
            private double lastFraction = 0;
            private String lastMessage = "";

            @Override
            public void runningChanged(boolean now) {
                changes.firePropertyChange("running", !now, now);
            }

            @Override
            public void stateChanged(ActionState now) {
                ActionState old = lastState;
                lastState = now;
                changes.firePropertyChange("state", old, now);
            }

            @Override
            public void progressChanged(double fraction, String message) {
                double oldFraction = lastFraction;
                String oldMessage = lastMessage;
                lastFraction = fraction;
                lastMessage = message;
                changes.firePropertyChange("progress", oldFraction, fraction); // (not fired when equal)
                changes.firePropertyChange("message", oldMessage, message);
            }
        });
    }

    /** New actions whose runs are tasks of {@code loop}. Safe from any thread. */
    public static SwingActions of(SwingLoop loop) {
        if (loop == null) throw new NullPointerException("loop: null (expected: non-null)");
        return new SwingActions(loop);
    }

    /** Disables {@code components} while any run is running (those enabled then), and enables again those it disabled. Configuration. */
    public SwingActions disableWhileRunning(Component... components) {
        for (Component c : requireComponents(components)) core.disableWhileRunning(control(c));
        return this;
    }

    /** Enables {@code components} (a Cancel button, disabled while idle) while any run is running, and disables again those it enabled. Configuration. */
    public SwingActions enableWhileRunning(Component... components) {
        for (Component c : requireComponents(components)) core.enableWhileRunning(control(c));
        return this;
    }

    private static Component[] requireComponents(Component[] components) {
        if (components == null) throw new NullPointerException("components: null (expected: non-null)");
        for (Component c : components) if (c == null) throw new NullPointerException("components: null element (expected: non-null)");
        return components;
    }

    private static ActionCore.Control control(Component c) {
        return enabled -> {
            if (c.isEnabled() == enabled) return false;
            c.setEnabled(enabled);
            return true;
        };
    }

    /**
     * Cancels the runs when {@code window} closes (they end cancelled): on {@code windowClosed} (it was
     * disposed), and on {@code windowClosing} for a {@code JFrame}/{@code JDialog} whose default close
     * operation is not {@code DO_NOTHING_ON_CLOSE} (see {@link #cancelOnClose(Window, Task)}). Configuration.
     */
    public SwingActions cancelOnClose(Window window) {
        if (window == null) throw new NullPointerException("window: null (expected: non-null)");
        core.cancelOnClose(cancel -> window.addWindowListener(new WindowAdapter() {
            @Override
            public void windowClosing(WindowEvent e) {
                if (closesOnClosing(window)) cancel.run();
            }

            @Override
            public void windowClosed(WindowEvent e) {
                cancel.run(); // after windowClosing this cancels nothing more: a close cancels each run once
            }
        }));
        return this;
    }

    /** Latest wins: a new run first cancels the earlier ones, which then report nothing. Configuration. */
    public SwingActions latestWins() {
        core.latestWins();
        return this;
    }

    /** Sends each failed run's failure to {@code handler}, on the EDT, instead of the loop's exception handler. Configuration. */
    public SwingActions onFailure(Consumer<? super Throwable> handler) {
        core.onFailure(handler);
        return this;
    }

    /** Runs {@code hook} on the EDT when a run succeeds. Configuration. */
    public SwingActions onSucceeded(Runnable hook) {
        core.onSucceeded(hook);
        return this;
    }

    /** Runs {@code hook} on the EDT when a run ends cancelled. Configuration. */
    public SwingActions onCancelled(Runnable hook) {
        core.onCancelled(hook);
        return this;
    }

    /**
     * Shows {@code progress} in {@link #getProgress()} and {@link #getMessage()} (and their property
     * changes); a run that starts while no other runs resets it. {@code progress} must deliver on this
     * loop. Configuration.
     */
    public SwingActions progress(Progress progress) {
        core.progress(progress);
        return this;
    }

    /**
     * Like {@link #progress(Progress)}, and shows it the way a bound JavaFX {@code ProgressBar} does:
     * {@code bar} is empty while idle, indeterminate while a run runs and has reported nothing, and
     * otherwise shows the fraction; {@code label} shows the message (and keeps the last one). Either may
     * be null. Configuration.
     */
    public SwingActions progress(Progress progress, JProgressBar bar, JLabel label) {
        core.progress(progress);
        if (bar != null) {
            showFraction(bar, core.getProgress());
            changes.addPropertyChangeListener("progress", e -> showFraction(bar, (Double) e.getNewValue()));
        }
        if (label != null) changes.addPropertyChangeListener("message", e -> label.setText((String) e.getNewValue()));
        return this;
    }

    private static void showFraction(JProgressBar bar, double f) {
        bar.setIndeterminate(f < 0);
        if (f >= 0) bar.setValue(bar.getMinimum() + (int) Math.round(f * (bar.getMaximum() - bar.getMinimum())));
    }

    /**
     * An action listener that starts {@code body} with its event as a run of these actions (see
     * {@link #start}). Safe from any thread; the listener itself runs on the EDT, as Swing calls it.
     */
    public <T> ActionListener handler(Function<? super ActionEvent, ? extends CompletionStage<T>> body) {
        if (body == null) throw new NullPointerException("body: null (expected: non-null)");
        return event -> start(() -> body.apply(event));
    }

    /**
     * Starts {@code body} now as a run of these actions: its synchronous start runs before this returns.
     * EDT only.
     *
     * @return the run's task, to await or cancel
     * @throws IllegalStateException off the EDT
     * @throws java.util.concurrent.RejectedExecutionException if the loop is closed
     */
    public <T> Task<T> start(Supplier<? extends CompletionStage<T>> body) {
        if (body == null) throw new NullPointerException("body: null (expected: non-null)");
        followEdt();
        return core.start(body);
    }

    private void followEdt() {
        if (EventQueue.isDispatchThread() && !loop.isClosed() && !loop.attachToEdt()) {
            // AWT replaced the EDT (an uncaught exception killed the old one) and the loop cannot follow
            throw new IllegalStateException(loop + " cannot run on this event dispatch thread");
        }
    }

    /**
     * An action listener that starts {@code body} with its event as a coroutine run of these actions (see
     * {@link #launch(Callable)}): the body starts at once, inside the listener, on the EDT, and stays there
     * across each {@code await}. Safe from any thread; the listener runs on the EDT.
     *
     * @throws UnsupportedOperationException here, where coroutines are unsupported (JDK 17, or the
     *         {@code --add-exports} flag missing: the message names it), not at the first event
     */
    public ActionListener launch(ActionCore.CoroutineBody<? super ActionEvent> body) {
        if (body == null) throw new NullPointerException("body: null (expected: non-null)");
        ActionCore.requireCoroutines("SwingActions.launch");
        return event -> launch(() -> {
            body.run(event);
            return null;
        });
    }

    /**
     * Starts {@code body} now as a coroutine run of these actions ({@link ActionCore#launch}): it runs until
     * its first {@code await} that suspends before this returns; cancelling the run (by {@link #cancel()}, a
     * window closing, a newer run, the loop closing) resumes it with a {@code CancellationException} at its
     * await, so its finally blocks run. EDT only.
     *
     * @return the run's task, to await or cancel
     * @throws UnsupportedOperationException where coroutines are unsupported
     * @throws IllegalStateException off the EDT
     * @throws java.util.concurrent.RejectedExecutionException if the loop is closed
     */
    public <T> Task<T> launch(Callable<T> body) {
        if (body == null) throw new NullPointerException("body: null (expected: non-null)");
        followEdt();
        return core.launch(body);
    }

    /** Cancels every run of these actions not yet reported: they end cancelled, not failed. Safe from any thread. */
    public void cancel() {
        core.cancel();
    }

    /** Whether a run of these actions is running. EDT. */
    public boolean isRunning() {
        return core.isRunning();
    }

    /** The state of the most recent run ({@link ActionState}). EDT. */
    public ActionState getState() {
        return core.getState();
    }

    /** The progress: 0 while idle, -1 (indeterminate) while a run runs and has reported nothing, else 0..1. EDT. */
    public double getProgress() {
        return core.getProgress();
    }

    /** The progress message, never null (it keeps the last one after a run). EDT. */
    public String getMessage() {
        return core.getMessage();
    }

    /** Tells {@code listener} about changes of "running", "state", "progress" and "message", on the EDT. */
    public void addPropertyChangeListener(PropertyChangeListener listener) {
        if (listener == null) throw new NullPointerException("listener: null (expected: non-null)");
        changes.addPropertyChangeListener(listener);
    }

    /** Stops telling {@code listener}. */
    public void removePropertyChangeListener(PropertyChangeListener listener) {
        if (listener == null) throw new NullPointerException("listener: null (expected: non-null)");
        changes.removePropertyChangeListener(listener);
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers for any task
    // ---------------------------------------------------------------------------------------------

    /**
     * Cancels {@code task} when {@code window} closes: on {@code windowClosed} (it was disposed), and
     * on {@code windowClosing} for a {@code JFrame}/{@code JDialog} whose default close operation is
     * not {@code DO_NOTHING_ON_CLOSE} (the window goes away; with DO_NOTHING the application decides).
     * The listener is removed when the task ends. Returns {@code task}. EDT.
     */
    public static <T extends Task<?>> T cancelOnClose(Window window, T task) {
        if (window == null) throw new NullPointerException("window: null (expected: non-null)");
        if (task == null) throw new NullPointerException("task: null (expected: non-null)");
        WindowAdapter l = new WindowAdapter() {
            @Override
            public void windowClosing(WindowEvent e) {
                if (closesOnClosing(window)) task.cancel(true);
            }

            @Override
            public void windowClosed(WindowEvent e) {
                task.cancel(true);
            }
        };
        window.addWindowListener(l);
        // allOf: runs when the task is done without counting as observing it (a failure nobody sees is still reported)
        CompletableFuture.allOf(task).whenComplete((v, e) -> window.removeWindowListener(l));
        return task;
    }

    static boolean closesOnClosing(Window w) {
        int op = w instanceof JFrame ? ((JFrame) w).getDefaultCloseOperation()
                : w instanceof JDialog ? ((JDialog) w).getDefaultCloseOperation()
                : WindowConstants.DO_NOTHING_ON_CLOSE; // a plain AWT window goes away only if disposed
        return op != WindowConstants.DO_NOTHING_ON_CLOSE;
    }

    @Override
    public String toString() {
        return "SwingActions[" + (core.isRunning() ? "running" : "idle") + ", " + core.getState() + ", on " + loop + "]";
    }
}
