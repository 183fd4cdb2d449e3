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
import javax.swing.JDialog;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.JProgressBar;
import javax.swing.WindowConstants;

/**
 * An {@link ActionListener} that starts an async body as a {@link Task} on a {@link SwingLoop}, for a
 * {@code JButton}, a {@code JMenuItem} or anything else that fires action events; plus helpers that tie
 * a task to a window and show a task's {@link Progress} in a {@code JProgressBar} and a {@code JLabel}.
 *
 * <pre>{@code
 * SwingActions fetch = SwingActions.task(loop, e -> {
 *         status.setText("Loading...");                          // runs at once, in the click
 *         return loop.runInExecutor(() -> download(url))
 *                 .thenAccept(text -> area.setText(text));        // back on the EDT
 *     })
 *     .disableWhileRunning(fetchButton)
 *     .cancelOnClose(frame);
 * fetchButton.addActionListener(fetch);
 * cancelButton.addActionListener(e -> fetch.cancel());
 * }</pre>
 *
 * <ul>
 *   <li>Each action event starts one task with {@link SwingLoop#createEagerTask}: the body's synchronous
 *       start runs at once, inside the event, so it can read the event and change the UI before it
 *       first waits.</li>
 *   <li>A failure goes to the {@linkplain #onFailure handler given}, or else to the loop's
 *       {@link io.loopbridge.core.ExceptionHandler}. Cancellation is not a failure.</li>
 *   <li>{@link #disableWhileRunning} disables components while any task of this action runs and
 *       re-enables those it disabled when the last one ends; {@link #cancelOnClose} cancels the
 *       running tasks when a window closes; {@link #cancel()} cancels them on demand.</li>
 * </ul>
 *
 * <p><b>Threading.</b> Like a Swing component: configure it, then use it, on the EDT only.
 */
public final class SwingActions implements ActionListener {
    private final SwingLoop loop;
    private final Function<? super ActionEvent, ? extends CompletionStage<?>> body;
    private final List<Component> toDisable = new ArrayList<>();
    /** The components this action disabled (they were enabled), to re-enable when the last task ends. */
    private final List<Component> disabled = new ArrayList<>();
    private final List<Window> windows = new ArrayList<>();
    private Consumer<? super Throwable> onFailure;
    /** Tasks started and not yet seen to finish. EDT only. */
    private final Set<Task<?>> running = new LinkedHashSet<>();

    private SwingActions(SwingLoop loop, Function<? super ActionEvent, ? extends CompletionStage<?>> body) {
        this.loop = loop;
        this.body = body;
    }

    /**
     * An action listener that runs {@code body} as a task on {@code loop} for each action event. The
     * body returns the stage the task waits for ({@code loop.sleep(...)}, a {@code thenCompose} chain,
     * another task). Safe from any thread (the listener itself is for the EDT).
     */
    public static SwingActions task(SwingLoop loop, Function<? super ActionEvent, ? extends CompletionStage<?>> body) {
        if (loop == null) throw new NullPointerException("loop: null (expected: non-null)");
        if (body == null) throw new NullPointerException("body: null (expected: non-null)");
        return new SwingActions(loop, body);
    }

    /** Disables {@code components} while a task of this action runs. Returns this. EDT. */
    public SwingActions disableWhileRunning(Component... components) {
        if (components == null) throw new NullPointerException("components: null (expected: non-null)");
        for (Component c : components) toDisable.add(requireComponent(c));
        return this;
    }

    /** Cancels the running tasks when {@code window} closes (see {@link #cancelOnClose(Window, Task)}). Returns this. EDT. */
    public SwingActions cancelOnClose(Window window) {
        if (window == null) throw new NullPointerException("window: null (expected: non-null)");
        windows.add(window);
        return this;
    }

    /** Sends failures of this action's tasks to {@code handler} instead of the loop's exception handler. Returns this. EDT. */
    public SwingActions onFailure(Consumer<? super Throwable> handler) {
        if (handler == null) throw new NullPointerException("handler: null (expected: non-null)");
        onFailure = handler;
        return this;
    }

    /** Starts the body as a task. EDT only. */
    @Override
    public void actionPerformed(ActionEvent event) {
        start(event);
    }

    /**
     * Starts the body as a task, with {@code event} as its argument, and returns the task. EDT only.
     *
     * @throws IllegalStateException off the EDT
     * @throws java.util.concurrent.RejectedExecutionException if the loop is closed
     */
    public Task<?> start(ActionEvent event) {
        if (!EventQueue.isDispatchThread()) {
            throw new IllegalStateException("SwingActions.start() on thread '" + Thread.currentThread().getName()
                    + "' (expected: the event dispatch thread)");
        }
        if (!loop.isClosed() && !loop.attachToEdt()) {
            throw new IllegalStateException(loop + " cannot run on this event dispatch thread");
        } // a closed loop: createEagerTask rejects the task below
        boolean first = running.isEmpty();
        if (first) {
            for (Component c : toDisable) {
                if (c.isEnabled()) {
                    c.setEnabled(false);
                    disabled.add(c);
                }
            }
        }
        Task<Object> task;
        try {
            task = loop.createEagerTask(() -> stageOf(body.apply(event)));
        } catch (RuntimeException e) {
            if (first) reEnable();
            throw e;
        }
        running.add(task);
        for (Window w : windows) cancelOnClose(w, task);
        task.whenComplete((v, e) -> finished(task, e)); // observes the outcome: failures are reported here
        return task;
    }

    @SuppressWarnings("unchecked")
    private static CompletionStage<Object> stageOf(CompletionStage<?> s) {
        return (CompletionStage<Object>) s; // read-only use of a value of unknown type
    }

    private void finished(Task<?> task, Throwable failure) {
        running.remove(task);
        if (running.isEmpty()) reEnable();
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

    private void reEnable() {
        for (Component c : disabled) c.setEnabled(true);
        disabled.clear();
    }

    /** Whether a task of this action is running. EDT. */
    public boolean isRunning() {
        running.removeIf(Task::isDone);
        return !running.isEmpty();
    }

    /** Cancels the running tasks of this action; returns how many were asked to stop. EDT. */
    public int cancel() {
        int n = 0;
        for (Task<?> t : new ArrayList<>(running)) if (t.cancel(true)) n++;
        return n;
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
     * Shows {@code task}'s {@code progress} the way a {@code javafx.concurrent.Worker} binding does:
     * the bar shows the fraction (indeterminate while {@link Progress#INDETERMINATE}) and is visible
     * while the task runs; the label shows the message. Either of {@code bar} and {@code label} may be
     * null. Does not count as observing the task's outcome: its failure is still reported if nobody
     * else looks. EDT.
     */
    public static void bindProgress(Task<?> task, Progress progress, JProgressBar bar, JLabel label) {
        if (task == null) throw new NullPointerException("task: null (expected: non-null)");
        if (progress == null) throw new NullPointerException("progress: null (expected: non-null)");
        Runnable show = () -> {
            if (bar != null && !task.isDone()) {
                double f = progress.fraction();
                bar.setIndeterminate(f < 0);
                if (f >= 0) bar.setValue(bar.getMinimum() + (int) Math.round(f * (bar.getMaximum() - bar.getMinimum())));
            }
            if (label != null) label.setText(progress.message()); // the last message stays after the end
        };
        progress.onChange(show);
        show.run();
        if (bar != null) {
            bar.setVisible(!task.isDone());
            whenDone(task, () -> {
                bar.setIndeterminate(false);
                bar.setVisible(false);
            });
        }
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
