package io.loopbridge.swing;

import io.loopbridge.core.Await;
import io.loopbridge.core.EventLoop;
import io.loopbridge.core.ForwardingEventLoop;
import io.loopbridge.core.GuestLoop;
import io.loopbridge.core.LoopFuture;
import io.loopbridge.core.host.DeadlineTimer;
import io.loopbridge.core.host.ModalCalls;
import io.loopbridge.core.host.OpenLoops;
import io.loopbridge.core.host.ParkingDeadlineTimer;
import io.loopbridge.core.host.RunStack;
import io.loopbridge.core.host.TimeSlicedDriver;

import java.awt.EventQueue;
import java.awt.SecondaryLoop;
import java.awt.Toolkit;
import java.lang.reflect.InvocationTargetException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * An asyncio-style {@link EventLoop} whose loop thread is Swing's Event Dispatch Thread: callbacks,
 * timers, task bodies and future continuations run on the EDT, between paint and input events, so
 * they may touch Swing components directly.
 *
 * <pre>{@code
 * SwingLoop loop = SwingLoop.create();
 * button.addActionListener(SwingActions.of(loop).handler(e ->
 *         loop.sleep(Duration.ofSeconds(1)).thenRun(() -> label.setText("Done"))));
 * }</pre>
 *
 * <p><b>How it is driven</b> (the core's host kit, {@code io.loopbridge.core.host}). A thin host over a
 * {@link GuestLoop}: cross-thread work wakes it with one
 * {@link EventQueue#invokeLater} at most in flight (coalesced, however many threads submit); timers use
 * one host timer armed for the earliest deadline; a turn runs callbacks for at most
 * {@value EdtHost#TIME_SLICE_NANOS} ns and then yields to Swing, so a flood of callbacks never stops
 * painting for longer than that plus one callback. See {@code docs/swing-timers.md} for the timer
 * strategies and their measured lateness.
 *
 * <p><b>Running and nesting.</b> The EDT drives the loop whether or not anybody "runs" it: there is no
 * need to call {@link #runForever()}. {@link #runUntilComplete} and {@code runForever} called on the EDT
 * pump events in a nested {@link SecondaryLoop} (the loop, painting and input go on) and return when
 * done; called from another thread they block that thread. Modal dialogs opened from a loop callback or
 * a task pump the EDT too, so timers and tasks keep running under them; {@link #runModal} opens one
 * outside any callback and gives its result as a future.
 *
 * <p><b>The EDT can change.</b> AWT ends an idle EDT when no window is displayable (auto-shutdown) and
 * starts a new one for the next event. The loop moves to the new EDT at its next turn (or at a
 * {@code SwingActions} handler or {@code runUntilComplete}, which check first). Until then, code of your
 * own running first on the new EDT sees the loop as foreign: scheduling still works (it takes the
 * cross-thread path), but {@link EventLoop#current()} throws there. With a window open, the EDT never
 * changes.
 *
 * <p><b>Closing.</b> {@link #close()} cancels queued callbacks, timers and tasks, stops the host timer
 * and its thread and unbinds the EDT; the JVM can then exit as a plain Swing application does. Called
 * from another thread it lets the EDT do that at once and waits for it, at most a second (the EDT may
 * be busy, or waiting for the closing thread); what is left then happens at the EDT's next turn
 * ({@link #CLOSE_WAIT}, the kit's close policy, as on every UI bridge).
 *
 * <p><b>Threading.</b> Created from any thread. {@code callSoon}, {@code execute}, {@code callLater},
 * {@code callAt}, {@code createTask}, {@code stop}, {@code close}, {@code runUntilComplete},
 * {@code runForever} and the queries are safe from any thread; the rest is for the EDT, as on every
 * {@link EventLoop}.
 */
public final class SwingLoop extends ForwardingEventLoop {
    /** How a loop's timers meet the toolkit; see {@code docs/swing-timers.md} for the measurements. */
    public enum Timers {
        /**
         * A daemon thread parks until the earliest deadline, then posts the turn (the kit's
         * {@code ParkingDeadlineTimer}): no rounding to whole milliseconds, the lowest median (0.15-0.37 ms
         * late), but a longer tail on a loaded machine (p99 up to 14 ms, measured interleaved with
         * {@link #SWING_TIMER}: {@code docs/hosting.md}), and one mostly parked thread per loop.
         */
        PRECISE,
        /**
         * The default: one non-repeating {@link javax.swing.Timer} armed for the earliest deadline (rounded
         * up to whole milliseconds, re-armed if it fires early), on Swing's shared timer thread: no thread
         * of the loop's own; a median under a millisecond late (0.24-0.91 ms) and the steadier tail (p99
         * under 4.1 ms in every measured round; {@code docs/hosting.md}).
         */
        SWING_TIMER
    }

    /** How long {@link #close()} called off the EDT waits for the EDT to cancel the loop's timers and tasks. */
    public static final Duration CLOSE_WAIT = Duration.ofSeconds(1);

    private static final AtomicInteger IDS = new AtomicInteger();
    /** Open loops attached to the EDT, oldest first; the newest is what {@code current()} reports there. */
    private static final OpenLoops OPEN = new OpenLoops();

    private final String name;
    private final TimeSlicedDriver driver;
    private final EdtHost host;
    /** The runForever/runUntilComplete calls in progress, and the stop() rule. */
    private final RunStack runs;
    /** The secondary loop each run on the EDT pumps (replaced if AWT ends it early). */
    private final Map<RunStack.Run, SecondaryLoop> secondaries = new ConcurrentHashMap<>();

    private SwingLoop(String name, TimeSlicedDriver driver, Timers timers) {
        super(new GuestLoop(driver));
        this.name = name;
        this.driver = driver;
        core.setName(name); // worker threads read SwingLoop-1-worker-1
        this.runs = new RunStack(this, core, new EdtNesting());
        this.host = new EdtHost(name, core, this, driver, runs);
        DeadlineTimer timer = timers == Timers.PRECISE
                ? new ParkingDeadlineTimer(core::time, driver::post, name + "-timer")
                : new SwingTimerDeadline(core::time, driver::post);
        driver.start(core, timer, host);
    }

    /**
     * A new loop on the EDT with {@link Timers#SWING_TIMER} timers (the default, chosen on tails as well
     * as medians: {@code docs/hosting.md}). Safe from any thread: off the EDT it waits until the loop is
     * attached to the EDT ({@link EventQueue#invokeAndWait}).
     *
     * @throws IllegalStateException if interrupted while waiting for the EDT
     */
    public static SwingLoop create() {
        return create(Timers.SWING_TIMER);
    }

    /**
     * A new loop on the EDT with the given timer strategy. Safe from any thread (see {@link #create()}).
     *
     * @throws IllegalStateException if interrupted while waiting for the EDT
     */
    public static SwingLoop create(Timers timers) {
        if (timers == null) throw new NullPointerException("timers: null (expected: non-null)");
        String name = "SwingLoop-" + IDS.incrementAndGet();
        SwingLoop loop = new SwingLoop(name, new TimeSlicedDriver(name, EventQueue::invokeLater,
                Duration.ofNanos(EdtHost.TIME_SLICE_NANOS)), timers);
        // An await from inside a dialog the coroutine opened fails, not freezes. Only where coroutines can run:
        // the probe pushes a counting EventQueue, which made the EDT's post latency bimodal in the UI harness
        // (p50 ~45 us instead of ~7 us in 7 of 11 runs, against 1 of 8 without it; docs/coroutines.md).
        if (Await.isSupported()) loop.core.setNestingProbe(SwingNesting.probe());
        Runnable attach = () -> {
            loop.host.attachHere();
            OPEN.register(loop, loop.core);
        };
        if (EventQueue.isDispatchThread()) {
            attach.run();
        } else {
            try {
                EventQueue.invokeAndWait(attach);
            } catch (InterruptedException e) {
                loop.close();
                Thread.currentThread().interrupt();
                throw new IllegalStateException(name + ": interrupted while attaching to the event dispatch thread", e);
            } catch (InvocationTargetException e) {
                loop.close();
                Throwable c = e.getCause();
                if (c instanceof RuntimeException) throw (RuntimeException) c;
                if (c instanceof Error) throw (Error) c;
                throw new IllegalStateException(name + ": could not attach to the event dispatch thread", c);
            }
        }
        return loop;
    }

    // ---------------------------------------------------------------------------------------------
    // Running
    // ---------------------------------------------------------------------------------------------

    /**
     * Runs until {@code stage} is done and returns its value, or throws as
     * {@link java.util.concurrent.CompletableFuture#join()} does. On the EDT it pumps events in a nested
     * {@link SecondaryLoop} meanwhile; on another thread it blocks that thread. Safe from any thread.
     *
     * @throws IllegalStateException    if the loop is closed, or stops or closes before {@code stage} is done
     * @throws IllegalArgumentException if {@code stage} is a future of another loop that no thread runs
     * @throws CompletionException      with an {@link InterruptedException} cause if a waiting thread is interrupted
     */
    @Override
    public <T> T runUntilComplete(CompletionStage<T> stage) {
        if (stage == null) throw new NullPointerException("stage: null (expected: non-null)");
        return runs.runUntilComplete(stage);
    }

    /**
     * Runs until {@link #stop()} or {@link #close()}: nested on the EDT, blocking on other threads.
     * Safe from any thread.
     *
     * @throws IllegalStateException if the loop is closed
     */
    @Override
    public void runForever() {
        runs.runForever();
    }

    /**
     * Makes the innermost run on the EDT return after the current turn; with none there, the runs
     * waiting on other threads; with none at all, makes the next run return after one turn (asyncio's
     * semantics, the kit's {@code RunStack}). The EDT keeps driving the loop either way. Safe from any
     * thread.
     */
    @Override
    public void stop() {
        runs.stop();
    }

    /**
     * Whether a {@code runForever}/{@code runUntilComplete} is in progress, on any thread, or a callback
     * runs (the same rule on every host). Safe from any thread.
     */
    @Override
    public boolean isRunning() {
        return runs.isRunning();
    }

    /**
     * A run on the EDT pumps a {@link SecondaryLoop}. With no window displayable, AWT stops an EDT pump
     * that stayed idle for a second, nested ones included: {@link SecondaryLoop#enter()} then returns
     * although nobody called {@code exit()}; the run simply enters a new secondary loop.
     */
    private final class EdtNesting implements RunStack.Nesting {
        @Override
        public boolean isLoopThread() {
            return EventQueue.isDispatchThread();
        }

        @Override
        public void enter(RunStack.Run run) {
            if (!host.attachHere()) throw new IllegalStateException(SwingLoop.this + " cannot run on '" + Thread.currentThread().getName() + "'");
            driver.post(); // inside a callback the outer turn is on hold: make sure the loop is driven
            EventQueue queue = Toolkit.getDefaultToolkit().getSystemEventQueue();
            try {
                while (!run.isEnded()) {
                    SecondaryLoop s = queue.createSecondaryLoop();
                    secondaries.put(run, s);
                    if (run.isEnded()) break; // exit() may have read the previous secondary loop
                    s.enter(); // also returns early when AWT auto-shutdown stops the pump: enter again
                }
            } finally {
                secondaries.remove(run);
            }
        }

        @Override
        public void exit(RunStack.Run run) {
            SecondaryLoop s = secondaries.get(run); // after run.isEnded() became true: see enter()
            if (s != null) s.exit();
        }

        @Override
        public void requestIteration() {
            if (!isClosed()) driver.post();
        }

        @Override
        public boolean isDriven() {
            return true; // the EDT drives the loop while it is open (a closed loop ends every run)
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Modal dialogs, closing
    // ---------------------------------------------------------------------------------------------

    /**
     * Runs a blocking modal call ({@code JOptionPane.showConfirmDialog}, a modal {@code JDialog}'s
     * {@code setVisible(true)}, a {@code JFileChooser}) in its own EDT event, outside any loop callback,
     * and completes the returned future with its result (or failure): the kit's {@code ModalCalls}
     * policy, as on every bridge. The loop keeps running while the dialog is open. If the future is
     * cancelled (or the loop closed) before the event runs, the call is skipped; once the dialog is open,
     * cancelling only discards its result. EDT only.
     *
     * @throws java.util.concurrent.RejectedExecutionException if the loop is closed
     */
    public <T> LoopFuture<T> runModal(Supplier<? extends T> modalCall) {
        if (modalCall == null) throw new NullPointerException("modalCall: null (expected: non-null)");
        return ModalCalls.run(this, EventQueue::invokeLater, modalCall);
    }

    /**
     * Closes the loop (see {@link EventLoop}): queued callbacks, timers and tasks are cancelled, runs in
     * progress return (throwing unless their stage completed), and the host timer and its thread stop.
     * On the EDT at once (or when the current turn ends, if called from a callback); from another thread
     * the EDT does it and this call waits for that, at most {@link #CLOSE_WAIT}. Idempotent. Safe from any
     * thread.
     */
    @Override
    public void close() {
        core.close();
        runs.endAll();
        driver.closeAndWait(CLOSE_WAIT, () -> false); // a replaced EDT is followed, never gone for good
    }

    /** The host released its resources: unbind the EDT, and give {@code current()} back to an older open loop. EDT. */
    void releaseEdt() {
        OPEN.release(this, core);
    }

    /** Attaches the loop to the calling EDT if AWT replaced the EDT; false if it cannot. EDT only. */
    boolean attachToEdt() {
        return host.attachHere();
    }

    /** The host, for tests. */
    EdtHost host() {
        return host;
    }

    @Override
    public String toString() {
        Thread t = core.loopThread();
        return name + "[" + (t == null ? "no EDT" : "EDT '" + t.getName() + "'") + (isRunning() ? ", running" : "")
                + (isClosed() ? ", closed" : "") + "]";
    }
}
