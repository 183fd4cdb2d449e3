package io.loopbridge.core.host;

import io.loopbridge.core.Await;
import io.loopbridge.core.ErrorContext;
import io.loopbridge.core.EventLoop;
import io.loopbridge.core.Progress;
import io.loopbridge.core.Task;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The toolkit-neutral core of a UI bridge's async actions ({@code FxActions}, {@code SwingActions}, or
 * one for another toolkit): each trigger starts a <em>run</em>, a {@link Task} on the loop thread, and the
 * core tracks the runs, switches controls while any runs, shows their {@link Progress}, cancels them on
 * request or when a window closes, and reports each run's outcome once, by one policy. A bridge adds
 * only what is the toolkit's: its event-handler type, its controls ({@link Control}), its window hook
 * ({@link CloseHook}) and its way of showing state ({@link Listener}: JavaFX properties, Swing
 * property-change events).
 *
 * <pre>{@code
 * ActionCore core = new ActionCore(loop, "the SWT UI thread")
 *         .disableWhileRunning(on -> { boolean was = button.getEnabled(); button.setEnabled(on); return was != on; })
 *         .cancelOnClose(cancel -> shell.addListener(SWT.Dispose, e -> cancel.run()))
 *         .progress(progress);
 * core.addListener(new ActionCore.Listener() {
 *     public void progressChanged(double fraction, String message) { bar.setSelection(...); }
 * });
 * button.addListener(SWT.Selection, e -> core.start(() -> fetch(url)));
 * }</pre>
 *
 * <p><b>Runs.</b> {@link #start} runs the body's synchronous start at once, inside the event (an eager
 * task, {@link EventLoop#createEagerTask}), so it can read the event and change the UI before it first
 * waits; {@link #startTask} takes any function that starts a task instead (the seam for other kinds of
 * bodies). Runs of one core go side by side unless {@link #latestWins()} is set, where a new run
 * cancels the earlier ones first (search as you type). A run is <em>running</em> from its start until
 * its outcome is reported; one that finished within its synchronous start is never shown as running.
 * {@link #launch} starts a <em>coroutine</em> run the same way ({@link EventLoop#launchEager}): straight-line
 * code that suspends at each {@link Await#await}, begun at once inside the event, tracked, shown and
 * reported exactly like the others (a cancelled run is resumed with a {@link CancellationException} at its
 * await, so its finally blocks run).
 * While at least one run is running: {@link #isRunning()} is true, the {@link #disableWhileRunning}
 * controls are disabled and the {@link #enableWhileRunning} controls enabled — only those that were not
 * already so, and the toolkit let change; when the last run ends, those are switched back.
 *
 * <p><b>Outcomes: one policy.</b> Each run is reported exactly once, on the loop thread, in a later
 * iteration than its task completed:
 * <ul>
 *   <li>it <b>succeeded</b>: {@link #onSucceeded} runs;</li>
 *   <li>it was <b>cancelled</b>, by its body, by the loop closing, or by these actions ({@link #cancel()},
 *       a window closing, a newer run under {@link #latestWins()}): {@link #onCancelled} runs. Cancelling is
 *       not failing;</li>
 *   <li>it <b>failed</b>: {@link #onFailure} gets the failure (unwrapped from {@link CompletionException});
 *       without an {@code onFailure}, the loop's exception handler gets it, with the task as source.</li>
 * </ul>
 * A run that these actions were asked to cancel before it was reported ends <em>cancelled</em>, whatever
 * its task ends with and whatever the races: even if the stage it awaited had already failed, or its task
 * had already completed and only its report was pending. It never reaches {@code onSucceeded} or
 * {@code onFailure}. If its task still ends with a failure other than a cancellation (the failure arrived
 * first, or its body caught the cancellation and then failed), that failure goes to the loop's exception
 * handler, so nothing is lost, but the UI's handler never shows a run the user has dismissed. Under
 * {@link #latestWins()}, a run replaced by a newer one reports nothing at all: no hook runs for it and the
 * {@linkplain #getState() state} follows the newest run only. A hook that throws is reported to the
 * loop's exception handler, once, with the task as source; when {@code onFailure} throws, the failure it
 * was given is attached to what it threw as suppressed (one report, nothing lost). The actions go on.
 *
 * <p><b>Progress.</b> {@link #getProgress()} is 0 while idle (an idle bar is empty, never indeterminate),
 * {@link Progress#INDETERMINATE} while a run is running and has reported nothing (or reports
 * indeterminate), and otherwise the {@link #progress} fraction. A run that starts while no other
 * un-cancelled run is running resets the progress: indeterminate, no message. After the last run the
 * last fraction stays (or 0 if it was indeterminate), and so does the last message.
 *
 * <p><b>Threading.</b> Configure a core ({@code disableWhileRunning}, {@code enableWhileRunning},
 * {@code cancelOnClose}, {@code latestWins}, the hooks, {@code progress}, {@code addListener}) before its
 * first run, on any one thread, as when building a scene graph; after that everything is for the loop
 * thread, except {@link #cancel()}, which is safe from any thread. Listeners, controls and hooks are called
 * on the loop thread.
 */
public final class ActionCore {

    /**
     * One control that the actions switch while they run: the toolkit's view of a button's enabled state.
     * Called on the loop thread.
     */
    @FunctionalInterface
    public interface Control {
        /**
         * Puts the control in the given state if it is not in it and the toolkit lets it change (a JavaFX
         * node whose {@code disable} property is bound does not); returns whether it changed it.
         */
        boolean setEnabled(boolean enabled);
    }

    /**
     * A toolkit's window hook: registers {@code cancel} to run on the loop thread when the window closes.
     * It may call it more than once for one close (Swing sends {@code windowClosing}, then
     * {@code windowClosed}): a close cancels each run at most once.
     */
    @FunctionalInterface
    public interface CloseHook {
        /** Registers {@code cancel} with the toolkit's window; called once, by {@link #cancelOnClose}. */
        void register(Runnable cancel);
    }

    /**
     * What the actions tell the toolkit's view, on the loop thread, each time a value changes (never for
     * an unchanged value). The JavaFX bridge sets properties, the Swing bridge fires property changes.
     */
    public interface Listener {
        /** {@link #isRunning()} changed. */
        default void runningChanged(boolean running) {}

        /** {@link #getState()} changed. */
        default void stateChanged(ActionState state) {}

        /** {@link #getProgress()} or {@link #getMessage()} changed. */
        default void progressChanged(double fraction, String message) {}
    }

    /**
     * A handler body in coroutine style: straight-line code that gets the event, runs on the loop thread and
     * may suspend at {@link Await#await} (see {@link ActionCore#launch}). What it throws fails its run; a
     * {@link CancellationException} (its run was cancelled while it awaited) ends it cancelled. The bridges
     * take it in {@code FxActions.launch} and {@code SwingActions.launch}.
     *
     * <p><b>Threading.</b> Called on the loop thread, inside the event that started the run.
     *
     * @param <E> the toolkit's event type
     */
    @FunctionalInterface
    public interface CoroutineBody<E> {
        /** Runs the body for {@code event}; called once per event. */
        void run(E event) throws Exception;
    }

    /**
     * One run: from its start until its outcome is reported. Loop thread only, like every field below.
     */
    private static final class Run {
        /** The run's task; null while its starter runs, and after the run was reported. */
        Task<?> task;
        /** Whether it counts in {@link #running}: its task was not done when its starter returned. */
        boolean shown;
        /** Whether these actions asked to cancel it (cancel(), a close, a newer run): it ends CANCELLED. */
        boolean cancelRequested;
        /** Whether a window close cancelled it already (a close cancels a run once). */
        boolean closeCancelled;
    }

    /** A control and the state to put it back in when the last run ends. */
    private record Switched(Control control, boolean restore) {}

    private final EventLoop loop;
    private final String threadName;

    // Configuration: written before the first run (see the class javadoc), read on the loop thread.
    private final List<Control> toDisable = new ArrayList<>();
    private final List<Control> toEnable = new ArrayList<>();
    /** Copy-on-write: a listener may be added from a listener. */
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private boolean latestWins;
    private Consumer<? super Throwable> onFailure;
    private Runnable onSucceeded;
    private Runnable onCancelled;
    private Progress progress;

    // State: loop thread only.
    /** The runs started and not yet reported, in start order. */
    private final List<Run> runs = new ArrayList<>();
    /** How many of {@link #runs} are shown as running; {@link #isRunning()} is {@code running > 0}. */
    private int running;
    /** The run started last: the one {@link #state} follows. Null before the first. */
    private Run latest;
    /** The controls switched when the first run started, to switch back when the last ends. */
    private final List<Switched> switched = new ArrayList<>();
    private ActionState state = ActionState.READY;
    private double fraction = 0;
    private String message = "";

    /**
     * A core whose runs are tasks of {@code loop}.
     *
     * @param threadName the toolkit's name for the loop thread, for error messages ("the JavaFX
     *                   Application Thread", "the event dispatch thread")
     */
    public ActionCore(EventLoop loop, String threadName) {
        this.loop = requireNonNull(loop, "loop");
        this.threadName = requireNonNull(threadName, "threadName");
    }

    private static <T> T requireNonNull(T value, String name) {
        if (value == null) throw new NullPointerException(name + ": null (expected: non-null)");
        return value;
    }

    // ---------------------------------------------------------------------------------------------
    // Configuration
    // ---------------------------------------------------------------------------------------------

    /** Disables {@code control} while any run is running, and enables it again if it was the one that disabled it. Configuration. */
    public ActionCore disableWhileRunning(Control control) {
        toDisable.add(requireNonNull(control, "control"));
        return this;
    }

    /** Enables {@code control} (a Cancel button) while any run is running, and disables it again if it was the one that enabled it. Configuration. */
    public ActionCore enableWhileRunning(Control control) {
        toEnable.add(requireNonNull(control, "control"));
        return this;
    }

    /**
     * Cancels the runs when a window closes: {@code hook} registers the cancellation with the toolkit's
     * window (see {@link CloseHook}). The runs end cancelled. Configuration.
     */
    public ActionCore cancelOnClose(CloseHook hook) {
        requireNonNull(hook, "hook").register(this::cancelForClose);
        return this;
    }

    /**
     * Latest wins: a new run first cancels the runs not yet reported, which then report nothing (search as
     * you type: only the newest search shows). Configuration.
     */
    public ActionCore latestWins() {
        latestWins = true;
        return this;
    }

    /** Sends each failed run's failure to {@code handler} instead of the loop's exception handler (see "Outcomes"). Configuration. */
    public ActionCore onFailure(Consumer<? super Throwable> handler) {
        onFailure = requireNonNull(handler, "handler");
        return this;
    }

    /** Runs {@code hook} when a run succeeds (see "Outcomes"). Configuration. */
    public ActionCore onSucceeded(Runnable hook) {
        onSucceeded = requireNonNull(hook, "hook");
        return this;
    }

    /** Runs {@code hook} when a run ends cancelled (see "Outcomes"). Configuration. */
    public ActionCore onCancelled(Runnable hook) {
        onCancelled = requireNonNull(hook, "hook");
        return this;
    }

    /**
     * Shows {@code progress} in {@link #getProgress()} and {@link #getMessage()} (see "Progress");
     * {@code progress} must deliver on this core's loop. Configuration.
     */
    public ActionCore progress(Progress progress) {
        requireNonNull(progress, "progress");
        this.progress = progress;
        progress.onChange(() -> progressDelivered(progress));
        return this;
    }

    /** Tells {@code listener} about each change of the running flag, the state and the progress. Configuration. */
    public ActionCore addListener(Listener listener) {
        listeners.add(requireNonNull(listener, "listener"));
        return this;
    }

    // ---------------------------------------------------------------------------------------------
    // Runs
    // ---------------------------------------------------------------------------------------------

    /**
     * Starts {@code body} now as an eager task ({@link EventLoop#createEagerTask}): its synchronous start
     * runs before this returns. Loop thread only.
     *
     * @return the run's task, to await or cancel
     * @throws RejectedExecutionException if the loop is closed
     * @throws IllegalStateException      off the loop thread
     */
    public <T> Task<T> start(Supplier<? extends CompletionStage<T>> body) {
        requireNonNull(body, "body");
        return startTask(() -> loop.createEagerTask(body));
    }

    /**
     * Starts {@code body} now as a coroutine run ({@link EventLoop#launchEager}): it runs on the calling (loop)
     * thread until its first {@link Await#await} that suspends, before this returns, and the run goes on
     * from there, tracked and reported like any other (see "Runs", "Outcomes"). Loop thread only.
     *
     * @return the run's task, to await or cancel
     * @throws UnsupportedOperationException where coroutines are unsupported ({@link Await#unsupportedReason()}:
     *         the JDK requirement and the {@code --add-exports} flag); nothing is started or cancelled then
     * @throws RejectedExecutionException    if the loop is closed
     * @throws IllegalStateException         off the loop thread
     */
    public <T> Task<T> launch(Callable<T> body) {
        requireNonNull(body, "body");
        requireCoroutines("launch");
        return startTask(() -> loop.launchEager(body));
    }

    /**
     * Throws where coroutines are unsupported, before anything changes (an earlier run is not cancelled for a
     * run that cannot start). Any thread; the bridges call it when they make a coroutine handler, so an
     * application learns it while building its UI, not at the first click.
     *
     * @throws UnsupportedOperationException naming {@code what}, the JDK requirement and the flag
     */
    public static void requireCoroutines(String what) {
        requireNonNull(what, "what");
        if (!Await.isSupported()) {
            throw new UnsupportedOperationException(what + ": coroutine bodies are unsupported here: " + Await.unsupportedReason());
        }
    }

    /**
     * Starts a run whose task {@code starter} starts: called once, before this returns, after the
     * {@linkplain #latestWins() earlier runs} were cancelled; it must return the task it started (any kind:
     * an eager task, a task started in a later iteration, a coroutine). The run is tracked and reported
     * like any other. Loop thread only.
     *
     * @return the task {@code starter} returned
     * @throws RejectedExecutionException if the loop is closed
     * @throws IllegalStateException      off the loop thread
     * @throws NullPointerException       if {@code starter} returns null (nothing is started then)
     */
    public <T> Task<T> startTask(Supplier<? extends Task<T>> starter) {
        requireNonNull(starter, "starter");
        if (loop.isClosed()) throw new RejectedExecutionException("loop is closed: cannot start an action task on " + loop);
        if (!loop.inEventLoop()) {
            throw new IllegalStateException("start() is for " + threadName + " of " + loop + ", but was called on thread '"
                    + Thread.currentThread().getName() + "'");
        }
        if (latestWins) for (Run r : new ArrayList<>(runs)) requestCancel(r);
        boolean resets = true; // unless a run that nobody cancelled is still running: side by side, they share the bar
        for (Run r : runs) if (r.shown && !r.cancelRequested) resets = false;
        if (resets && progress != null) progress.reset();
        Run run = new Run();
        Run previous = latest;
        runs.add(run); // before the starter: a cancel() from the body's synchronous start reaches this run too
        latest = run;
        Task<T> task;
        try {
            task = starter.get();
            if (task == null) throw new NullPointerException("starter: returned null (expected: the Task it started)");
        } catch (RuntimeException | Error e) {
            runs.remove(run);
            if (latest == run) latest = previous; // (unless the body's start started a newer run)
            throw e;
        }
        run.task = task;
        if (!task.isDone()) {
            run.shown = true;
            if (running++ == 0) switchControls(true);
            if (resets) showProgress(Progress.INDETERMINATE, "");
            setState(ActionState.RUNNING);
        }
        if (run.cancelRequested) task.cancel(true); // cancelled while its starter ran
        task.whenComplete((value, failure) -> report(run, failure)); // observes the outcome: reported here only
        return task;
    }

    /**
     * Cancels every run not yet reported: each ends {@linkplain ActionState#CANCELLED cancelled} (see
     * "Outcomes"). Safe from any thread: from another thread the request is delivered on the loop thread,
     * so runs reported before it arrives are not affected. A closed loop has cancelled its runs already.
     */
    public void cancel() {
        if (!loop.inEventLoop()) {
            if (loop.isClosed()) return;
            try {
                loop.execute(this::cancel);
            } catch (RejectedExecutionException closed) {
                // closed meanwhile: close() cancels the runs
            }
            return;
        }
        for (Run r : new ArrayList<>(runs)) requestCancel(r);
    }

    /** The cancellation a {@link CloseHook} runs: each run once per close. */
    private void cancelForClose() {
        if (!loop.inEventLoop()) {
            if (loop.isClosed()) return;
            try {
                loop.execute(this::cancelForClose);
            } catch (RejectedExecutionException closed) {
                // closed meanwhile: close() cancels the runs
            }
            return;
        }
        for (Run r : new ArrayList<>(runs)) {
            if (r.closeCancelled) continue;
            r.closeCancelled = true;
            requestCancel(r);
        }
    }

    private void requestCancel(Run r) {
        r.cancelRequested = true;
        Task<?> t = r.task;
        if (t != null) t.cancel(true); // false if it is done already: it is reported cancelled all the same
    }

    /** Reports {@code run}'s outcome (see "Outcomes"). Loop thread, once per run. */
    private void report(Run run, Throwable failure) {
        if (!runs.remove(run)) return;
        Task<?> task = run.task;
        run.task = null; // a reported run keeps nothing reachable
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) cause = cause.getCause();
        boolean failedOtherwise = cause != null && !(cause instanceof CancellationException);
        ActionState outcome = run.cancelRequested || (cause != null && !failedOtherwise) ? ActionState.CANCELLED
                : failedOtherwise ? ActionState.FAILED : ActionState.SUCCEEDED;
        if (run.shown && --running == 0) {
            switchControls(false);
            if (fraction < 0) showProgress(0, message);
        }
        boolean current = run == latest;
        if (current) setState(outcome);
        if (run.cancelRequested && failedOtherwise) {
            loop.callExceptionHandler(new ErrorContext("An action task that was cancelled ended with a failure "
                    + "(it arrived before the cancellation, or the body caught the cancellation and then failed): " + task, cause, task));
        }
        if (latestWins && !current) return; // replaced by a newer run: it reports nothing
        switch (outcome) {
            case SUCCEEDED -> hook(onSucceeded, "onSucceeded", task);
            case CANCELLED -> hook(onCancelled, "onCancelled", task);
            default -> failed(cause, task);
        }
    }

    private void failed(Throwable cause, Task<?> task) {
        Consumer<? super Throwable> h = onFailure;
        if (h == null) {
            loop.callExceptionHandler(new ErrorContext("Exception in the action task " + task, cause, task));
            return;
        }
        try {
            h.accept(cause);
        } catch (Throwable thrown) {
            rethrowIfFatal(thrown);
            if (thrown != cause) thrown.addSuppressed(cause);
            loop.callExceptionHandler(new ErrorContext("Exception in the onFailure callback of " + this
                    + " (the task's failure is attached as suppressed): " + task, thrown, task));
        }
    }

    private void hook(Runnable h, String name, Task<?> task) {
        if (h == null) return;
        try {
            h.run();
        } catch (Throwable thrown) {
            rethrowIfFatal(thrown);
            loop.callExceptionHandler(new ErrorContext("Exception in the " + name + " callback of " + this + ": " + task, thrown, task));
        }
    }

    /** An out-of-memory error or the like is not a callback's failure: it propagates, as from any callback. */
    private static void rethrowIfFatal(Throwable t) {
        if (t instanceof VirtualMachineError && !(t instanceof StackOverflowError)) throw (VirtualMachineError) t;
    }

    // ---------------------------------------------------------------------------------------------
    // What the view shows
    // ---------------------------------------------------------------------------------------------

    private void switchControls(boolean busy) {
        if (busy) {
            for (Control c : toDisable) if (toolkit(() -> c.setEnabled(false))) switched.add(new Switched(c, true));
            for (Control c : toEnable) if (toolkit(() -> c.setEnabled(true))) switched.add(new Switched(c, false));
        } else {
            List<Switched> back = new ArrayList<>(switched);
            switched.clear();
            for (Switched s : back) toolkit(() -> s.control().setEnabled(s.restore()));
        }
        for (Listener l : listeners) tell(() -> l.runningChanged(busy));
    }

    private void setState(ActionState s) {
        if (s == state) return;
        state = s;
        for (Listener l : listeners) tell(() -> l.stateChanged(s));
    }

    private void progressDelivered(Progress p) {
        if (p != progress) return; // replaced by a later progress(...)
        double f = p.fraction();
        showProgress(running == 0 && f < 0 ? 0 : f, p.message());
    }

    private void showProgress(double f, String m) {
        if (f == fraction && m.equals(message)) return;
        fraction = f;
        message = m;
        for (Listener l : listeners) tell(() -> l.progressChanged(f, m));
    }

    /** Calls a {@link Control}: a throw is reported to the loop's exception handler (as unchanged) and the actions go on. */
    private boolean toolkit(BooleanSupplier control) {
        try {
            return control.getAsBoolean();
        } catch (Throwable thrown) {
            rethrowIfFatal(thrown);
            loop.callExceptionHandler(new ErrorContext("Exception in a control of " + this, thrown, this));
            return false;
        }
    }

    /** Calls a {@link Listener}: a throw is reported to the loop's exception handler and the others still run. */
    private void tell(Runnable listener) {
        try {
            listener.run();
        } catch (Throwable thrown) {
            rethrowIfFatal(thrown);
            loop.callExceptionHandler(new ErrorContext("Exception in a listener of " + this, thrown, this));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Queries
    // ---------------------------------------------------------------------------------------------

    /** Whether a run is running (see "Runs"). Loop thread. */
    public boolean isRunning() {
        return running > 0;
    }

    /** The state of the most recent run ({@link ActionState}). Loop thread. */
    public ActionState getState() {
        return state;
    }

    /** The progress fraction, 0..1, or {@link Progress#INDETERMINATE} (see "Progress"). Loop thread. */
    public double getProgress() {
        return fraction;
    }

    /** The progress message, never null (see "Progress"). Loop thread. */
    public String getMessage() {
        return message;
    }

    @Override
    public String toString() {
        return "ActionCore[" + running + " running, " + state + ", on " + loop + "]";
    }
}
