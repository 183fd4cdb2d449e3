package io.loopbridge.swing;

import io.loopbridge.core.ErrorContext;
import io.loopbridge.core.Progress;
import io.loopbridge.core.Task;

import java.awt.Component;
import java.awt.EventQueue;
import java.awt.Window;
import java.awt.event.ActionEvent;
import java.awt.event.ActionListener;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
 * of their running tasks, can disable and enable components meanwhile, tie them to a window, show their
 * {@link Progress} and cancel them. The same shape as {@code FxActions} in the JavaFX bridge.
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
 * <ul>
 *   <li>The body's synchronous start runs at once, inside the event (an eager task,
 *       {@link SwingLoop#createEagerTask}), so it can read the event and change the UI before it first
 *       waits.</li>
 *   <li>A failure goes to the {@link #onFailure} callback if one is set, otherwise to the loop's
 *       {@link io.loopbridge.core.ExceptionHandler} with the task as source. Cancellation is not a
 *       failure.</li>
 *   <li>Each event starts a task; tasks of one {@code SwingActions} may run side by side (use
 *       {@link #disableWhileRunning} to allow one at a time).</li>
 * </ul>
 *
 * <p><b>Threading.</b> Like a Swing component: configure it, then use it, on the EDT ({@code of} and the
 * configuration methods may also run on the thread that builds the UI before it is shown).
 * {@link #cancel()} is safe from any thread.
 */
public final class SwingActions {
    private final SwingLoop loop;
    /** Configured before use, read on the EDT afterwards. */
    private final List<Component> toDisable = new ArrayList<>();
    private final List<Component> toEnable = new ArrayList<>();
    private final List<Window> windows = new ArrayList<>();
    private Consumer<? super Throwable> onFailure;
    private Progress progress;
    /** The progress bar shown while tasks run, or null. Configured before use. */
    private JProgressBar toShow;
    /** The components this disabled or enabled when the first task started, to restore when the last ends. EDT. */
    private final List<Component> flipped = new ArrayList<>();
    /** Tasks started and not yet seen to finish. EDT only. */
    private final Set<Task<?>> running = new LinkedHashSet<>();

    private SwingActions(SwingLoop loop) {
        this.loop = loop;
    }

    /** New actions whose tasks run on {@code loop}. Safe from any thread. */
    public static SwingActions of(SwingLoop loop) {
        if (loop == null) throw new NullPointerException("loop: null (expected: non-null)");
        return new SwingActions(loop);
    }

    /** Disables {@code components} while any task of these actions runs, and enables again those it disabled. */
    public SwingActions disableWhileRunning(Component... components) {
        if (components == null) throw new NullPointerException("components: null (expected: non-null)");
        for (Component c : components) toDisable.add(requireComponent(c));
        return this;
    }

    /** Enables {@code components} (a Cancel button) while any task of these actions runs, and disables again those it enabled. */
    public SwingActions enableWhileRunning(Component... components) {
        if (components == null) throw new NullPointerException("components: null (expected: non-null)");
        for (Component c : components) toEnable.add(requireComponent(c));
        return this;
    }

    /** Cancels the running tasks when {@code window} closes (see {@link #cancelOnClose(Window, Task)}). */
    public SwingActions cancelOnClose(Window window) {
        if (window == null) throw new NullPointerException("window: null (expected: non-null)");
        windows.add(window);
        return this;
    }

    /** Sends failures (not cancellations) of these actions' tasks to {@code handler}, on the EDT, instead of the loop's exception handler. */
    public SwingActions onFailure(Consumer<? super Throwable> handler) {
        if (handler == null) throw new NullPointerException("handler: null (expected: non-null)");
        onFailure = handler;
        return this;
    }

    /**
     * Shows {@code progress} the way a {@code javafx.concurrent.Worker} binding does: {@code bar} shows
     * the fraction (indeterminate while {@link Progress#INDETERMINATE}) and is visible while a task runs;
     * {@code label} shows the message (and keeps the last one). Either may be null. {@code progress} is
     * reset when a task starts while none runs; it must deliver on this loop.
     */
    public SwingActions progress(Progress progress, JProgressBar bar, JLabel label) {
        if (progress == null) throw new NullPointerException("progress: null (expected: non-null)");
        this.progress = progress;
        Runnable show = () -> {
            if (bar != null && !running.isEmpty()) {
                double f = progress.fraction();
                bar.setIndeterminate(f < 0);
                if (f >= 0) bar.setValue(bar.getMinimum() + (int) Math.round(f * (bar.getMaximum() - bar.getMinimum())));
            }
            if (label != null) label.setText(progress.message());
        };
        progress.onChange(show);
        if (bar != null) {
            bar.setVisible(false);
            toShow = bar;
        }
        return this;
    }

    /**
     * An action listener that starts {@code body} with its event as a task of these actions (see
     * {@link #start}). Safe from any thread; the listener itself runs on the EDT, as Swing calls it.
     */
    public <T> ActionListener handler(Function<? super ActionEvent, ? extends CompletionStage<T>> body) {
        if (body == null) throw new NullPointerException("body: null (expected: non-null)");
        return event -> start(() -> body.apply(event));
    }

    /**
     * Starts {@code body} now as a task of these actions: its synchronous start runs before this returns.
     * EDT only.
     *
     * @return the task, to await or cancel
     * @throws IllegalStateException off the EDT
     * @throws java.util.concurrent.RejectedExecutionException if the loop is closed
     */
    public <T> Task<T> start(Supplier<? extends CompletionStage<T>> body) {
        if (body == null) throw new NullPointerException("body: null (expected: non-null)");
        if (!EventQueue.isDispatchThread()) {
            throw new IllegalStateException("SwingActions.start() on thread '" + Thread.currentThread().getName()
                    + "' (expected: the event dispatch thread)");
        }
        if (!loop.isClosed() && !loop.attachToEdt()) {
            throw new IllegalStateException(loop + " cannot run on this event dispatch thread");
        } // a closed loop: createEagerTask rejects the task below
        boolean first = running.isEmpty();
        if (first && progress != null) progress.reset();
        Task<T> task = loop.createEagerTask(body);
        if (task.isDone()) { // finished within its synchronous start: never shown as running
            task.whenComplete((v, e) -> failed(task, e));
            return task;
        }
        running.add(task);
        if (first) showRunning(true);
        for (Window w : windows) cancelOnClose(w, task);
        task.whenComplete((v, e) -> { // observes the outcome: failures are reported here
            running.remove(task);
            if (running.isEmpty()) showRunning(false);
            failed(task, e);
        });
        return task;
    }

    private void showRunning(boolean now) {
        if (now) {
            for (Component c : toDisable) {
                if (c.isEnabled()) {
                    c.setEnabled(false);
                    flipped.add(c);
                }
            }
            for (Component c : toEnable) {
                if (!c.isEnabled()) {
                    c.setEnabled(true);
                    flipped.add(c);
                }
            }
        } else {
            for (Component c : flipped) c.setEnabled(!c.isEnabled());
            flipped.clear();
        }
        if (toShow != null) {
            toShow.setIndeterminate(now && progress.fraction() < 0);
            toShow.setVisible(now);
        }
    }

    private void failed(Task<?> task, Throwable failure) {
        Throwable e = failure;
        while (e instanceof CompletionException && e.getCause() != null) e = e.getCause();
        if (e == null || e instanceof CancellationException) return; // cancelling is not failing
        Consumer<? super Throwable> h = onFailure;
        if (h != null) {
            try {
                h.accept(e);
                return;
            } catch (RuntimeException thrown) {
                thrown.addSuppressed(e);
                e = thrown;
            }
        }
        loop.callExceptionHandler(new ErrorContext("Exception in the task of an action: " + task, e, task));
    }

    /** Whether a task of these actions is running. EDT. */
    public boolean isRunning() {
        return !running.isEmpty();
    }

    /** Cancels every running task of these actions (not an error for them). Safe from any thread. */
    public void cancel() {
        if (!EventQueue.isDispatchThread()) {
            EventQueue.invokeLater(this::cancel);
            return;
        }
        for (Task<?> t : new ArrayList<>(running)) t.cancel(true);
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
        whenDone(task, () -> window.removeWindowListener(l));
        return task;
    }

    static boolean closesOnClosing(Window w) {
        int op = w instanceof JFrame ? ((JFrame) w).getDefaultCloseOperation()
                : w instanceof JDialog ? ((JDialog) w).getDefaultCloseOperation()
                : WindowConstants.DO_NOTHING_ON_CLOSE; // a plain AWT window goes away only if disposed
        return op != WindowConstants.DO_NOTHING_ON_CLOSE;
    }

    /**
     * Runs {@code action} when {@code task} is done, on the thread that completes it (the EDT), without
     * counting as observing the outcome: a plain {@code allOf} dependent is not an observer (see
     * {@link io.loopbridge.core.LoopFuture}), so a failure nobody else sees is still reported.
     */
    private static void whenDone(Task<?> task, Runnable action) {
        CompletableFuture.allOf(task).whenComplete((v, e) -> action.run());
    }

    private static Component requireComponent(Component c) {
        if (c == null) throw new NullPointerException("components: null element (expected: non-null)");
        return c;
    }

    @Override
    public String toString() {
        return "SwingActions[" + running.size() + " running, on " + loop + "]";
    }
}
