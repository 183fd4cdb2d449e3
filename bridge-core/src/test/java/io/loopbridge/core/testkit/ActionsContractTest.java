package io.loopbridge.core.testkit;

import io.loopbridge.core.ErrorContext;
import io.loopbridge.core.EventLoop;
import io.loopbridge.core.LoopFuture;
import io.loopbridge.core.Progress;
import io.loopbridge.core.Task;
import io.loopbridge.core.host.ActionState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What async actions do, whichever toolkit shows them: the {@code ActionCore} itself, {@code FxActions}
 * and {@code SwingActions} each subclass this with an {@link Actions} adapter over their own types (a
 * {@code Button}, a {@code JButton}), so the same options are pinned to behave the same on every toolkit.
 * The toolkit's own view (JavaFX properties, Swing property-change events) is checked against the
 * getters after each step.
 *
 * <p>No test waits on real time: each step runs in a loop callback ({@link #onLoop}), and a run's report
 * is awaited through its hooks or its task ({@link #reported}). Races are forced in one callback.
 */
@Timeout(60)
public abstract class ActionsContractTest {

    /** What a toolkit's view shows: its properties, or the values of its last property-change events. */
    public record Shown(boolean running, ActionState state, double progress, String message) {}

    /** The options every toolkit's actions share, over that toolkit's types. Loop thread, like the actions. */
    public interface Actions {
        Actions disableWhileRunning(Object control);

        Actions enableWhileRunning(Object control);

        Actions latestWins();

        Actions onFailure(Consumer<? super Throwable> handler);

        Actions onSucceeded(Runnable hook);

        Actions onCancelled(Runnable hook);

        Actions progress(Progress progress);

        /** Fires a toolkit event (a button's action) whose handler, made by {@code handler(...)}, starts {@code body}. */
        <T> void trigger(Supplier<? extends CompletionStage<T>> body);

        <T> Task<T> start(Supplier<? extends CompletionStage<T>> body);

        void cancel();

        boolean isRunning();

        ActionState getState();

        double getProgress();

        String getMessage();

        /** What the toolkit's view shows now. */
        Shown shown();

        /** Every value the view's running flag took, in order (one per change). */
        List<Boolean> runningChanges();
    }

    /** How long any one wait may take before the test fails (bounded: a broken implementation fails, it does not hang). */
    protected static final int WAIT_SECONDS = 10;

    protected EventLoop loop;
    /** What reached the loop's exception handler. */
    protected final List<ErrorContext> errors = new CopyOnWriteArrayList<>();

    /** A fresh loop for one test; closed after it. */
    protected abstract EventLoop createLoop();

    /** New actions on {@link #loop}. Called on the loop thread. */
    protected abstract Actions createActions();

    /** A new control (a button), enabled or not. Loop thread. */
    protected abstract Object createControl(boolean enabled);

    /** Whether {@code control} is enabled. Loop thread. */
    protected abstract boolean isEnabled(Object control);

    /** Runs {@code action} on the toolkit's thread, even after the loop closed; the default is {@link #onLoop}. */
    protected <T> T onUiThread(Callable<T> action) {
        return onLoop(action);
    }

    @BeforeEach
    void createTheLoop() {
        loop = createLoop();
        onLoop(() -> {
            loop.setExceptionHandler(errors::add);
            return null;
        });
    }

    @AfterEach
    void closeTheLoop() {
        if (loop != null) loop.close();
    }

    /** Runs {@code action} in a plain loop callback (as a toolkit event runs: in no task) and returns its value. */
    protected <T> T onLoop(Callable<T> action) {
        CompletableFuture<T> f = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                f.complete(action.call());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        try {
            return loop.runUntilComplete(f.orTimeout(WAIT_SECONDS, TimeUnit.SECONDS));
        } catch (CompletionException e) {
            if (e.getCause() instanceof java.util.concurrent.TimeoutException) {
                throw new AssertionError("the loop did not run a callback within " + WAIT_SECONDS + " s");
            }
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error r) throw r;
            throw e;
        }
    }

    /** Waits until {@code f} is done (the loop runs meanwhile). */
    protected void await(CompletableFuture<?> f) {
        boolean done = loop.runUntilComplete(f.handle((v, e) -> true).completeOnTimeout(false, WAIT_SECONDS, TimeUnit.SECONDS));
        if (!done) throw new AssertionError("not done within " + WAIT_SECONDS + " s: " + f);
    }

    /**
     * Waits until {@code task} is done and the actions have reported it: its report is dispatched with
     * the task's completion, ahead of the callback queued here afterwards.
     */
    protected void reported(Task<?> task) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        onLoop(() -> task.whenComplete((v, e) -> done.complete(null)));
        await(done);
        onLoop(() -> null);
    }

    /** The getters' values, checked against the toolkit's view. Loop thread (call through {@link #onLoop}). */
    private static Shown snapshot(Actions a) {
        Shown getters = new Shown(a.isRunning(), a.getState(), a.getProgress(), a.getMessage());
        assertEquals(getters, a.shown(), "the toolkit's view disagrees with the getters");
        return getters;
    }

    private Shown shownNow(Actions a) {
        return onLoop(() -> snapshot(a));
    }

    private static <T> LoopFuture<T> gate(EventLoop loop) {
        return loop.createFuture(); // created in a plain callback: not owned by the run's task
    }

    // ---------------------------------------------------------------------------------------------
    // Runs and their view
    // ---------------------------------------------------------------------------------------------

    @Test
    protected void theBodyStartsInsideTheEventAndTheRunIsRunningUntilItsStageCompletes() {
        LoopFuture<String> gate = onLoop(() -> gate(loop));
        Actions a = onLoop(this::createActions);
        assertEquals(new Shown(false, ActionState.READY, 0, ""), shownNow(a), "before the first run");
        List<Object> inside = new ArrayList<>();
        Shown during = onLoop(() -> {
            a.trigger(() -> {
                inside.add(a.isRunning()); // the synchronous start runs within the event
                return gate;
            });
            assertEquals(List.of(false), inside, "the body's synchronous start did not run inside the event");
            return snapshot(a);
        });
        assertEquals(new Shown(true, ActionState.RUNNING, Progress.INDETERMINATE, ""), during);
        CompletableFuture<Void> succeeded = new CompletableFuture<>();
        onLoop(() -> a.onSucceeded(() -> succeeded.complete(null)));
        onLoop(() -> gate.complete("done"));
        await(succeeded);
        assertEquals(new Shown(false, ActionState.SUCCEEDED, 0, ""), shownNow(a), "after the run: idle, never indeterminate");
        assertEquals(List.of(true, false), onLoop(a::runningChanges));
        assertTrue(errors.isEmpty(), errors.toString());
    }

    @Test
    protected void aRunThatFinishesWithinItsStartIsNeverShownRunningButStillReports() {
        AtomicInteger succeeded = new AtomicInteger();
        Actions a = onLoop(() -> createActions().onSucceeded(succeeded::incrementAndGet));
        Task<String> t = onLoop(() -> a.start(() -> CompletableFuture.completedFuture("at once")));
        assertTrue(t.isDone());
        reported(t);
        assertEquals(1, succeeded.get());
        assertEquals(new Shown(false, ActionState.SUCCEEDED, 0, ""), shownNow(a));
        assertEquals(List.of(), onLoop(a::runningChanges), "shown as running although it never waited");
    }

    @Test
    protected void disableAndEnableWhileRunningSwitchOnlyWhatTheyFoundAndSwitchItBack() {
        Object go = onLoop(() -> createControl(true));
        Object alreadyOff = onLoop(() -> createControl(false));
        Object cancel = onLoop(() -> createControl(false));
        Object alreadyOn = onLoop(() -> createControl(true));
        Actions a = onLoop(() -> createActions().disableWhileRunning(go).disableWhileRunning(alreadyOff)
                .enableWhileRunning(cancel).enableWhileRunning(alreadyOn));
        LoopFuture<Void> gate = onLoop(() -> gate(loop));
        Task<Void> t = onLoop(() -> a.start(() -> gate));
        assertEquals(List.of(false, false, true, true),
                onLoop(() -> List.of(isEnabled(go), isEnabled(alreadyOff), isEnabled(cancel), isEnabled(alreadyOn))));
        onLoop(() -> gate.complete(null));
        reported(t);
        assertEquals(List.of(true, false, false, true),
                onLoop(() -> List.of(isEnabled(go), isEnabled(alreadyOff), isEnabled(cancel), isEnabled(alreadyOn))),
                "only what the actions switched is switched back");
    }

    @Test
    protected void withoutLatestWinsRunsGoSideBySideEachReportsAndTheStateFollowsTheNewest() {
        List<Object> reports = new CopyOnWriteArrayList<>();
        Actions a = onLoop(() -> createActions().onSucceeded(() -> reports.add("succeeded")).onFailure(reports::add));
        LoopFuture<String> first = onLoop(() -> gate(loop));
        LoopFuture<String> second = onLoop(() -> gate(loop));
        Task<String> t1 = onLoop(() -> a.start(() -> first));
        Task<String> t2 = onLoop(() -> a.start(() -> second));
        assertFalse(t1.isDone(), "a second run cancelled the first without latestWins");
        onLoop(() -> second.complete("b"));
        reported(t2);
        assertEquals(new Shown(true, ActionState.SUCCEEDED, Progress.INDETERMINATE, ""), shownNow(a),
                "the newest run's outcome shows while the older one still runs");
        IllegalStateException boom = new IllegalStateException("first failed");
        onLoop(() -> first.completeExceptionally(boom));
        reported(t1);
        assertEquals(List.of("succeeded", boom), reports);
        assertEquals(new Shown(false, ActionState.SUCCEEDED, 0, ""), shownNow(a), "an older run does not change the state");
    }

    // ---------------------------------------------------------------------------------------------
    // Failures: one policy
    // ---------------------------------------------------------------------------------------------

    @Test
    protected void aFailureGoesToOnFailureOnceAndTheStateIsFailed() {
        List<Throwable> seen = new CopyOnWriteArrayList<>();
        AtomicInteger other = new AtomicInteger();
        Actions a = onLoop(() -> createActions().onFailure(seen::add).onSucceeded(other::incrementAndGet).onCancelled(other::incrementAndGet));
        IllegalStateException boom = new IllegalStateException("boom");
        LoopFuture<Void> gate = onLoop(() -> gate(loop));
        Task<Void> t = onLoop(() -> a.start(() -> gate.thenRun(() -> {
            throw boom;
        })));
        onLoop(() -> gate.complete(null));
        reported(t);
        assertEquals(List.of(boom), seen, "unwrapped, once");
        assertEquals(0, other.get());
        assertEquals(ActionState.FAILED, shownNow(a).state());
        assertTrue(errors.isEmpty(), errors.toString());
    }

    @Test
    protected void withoutOnFailureAFailureGoesToTheLoopsExceptionHandlerWithTheTaskAsSource() {
        Actions a = onLoop(this::createActions);
        IllegalArgumentException boom = new IllegalArgumentException("bad input");
        Task<Object> t = onLoop(() -> a.start(() -> {
            throw boom; // even a failure of the synchronous start
        }));
        reported(t);
        assertEquals(1, errors.size(), errors.toString());
        assertSame(boom, errors.get(0).exception());
        assertSame(t, errors.get(0).source());
        assertEquals(ActionState.FAILED, shownNow(a).state());
    }

    @Test
    protected void aThrowingOnFailureIsReportedOnceWithTheFailureItWasGivenAttached() {
        IllegalStateException boom = new IllegalStateException("boom");
        IllegalArgumentException bug = new IllegalArgumentException("bug in the handler");
        Actions a = onLoop(() -> createActions().onFailure(e -> {
            throw bug;
        }));
        Task<Object> t = onLoop(() -> a.start(() -> CompletableFuture.failedFuture(boom)));
        reported(t);
        assertEquals(1, errors.size(), "one report for one failure: " + errors);
        assertSame(bug, errors.get(0).exception());
        assertSame(t, errors.get(0).source());
        assertEquals(List.of(boom), List.of(bug.getSuppressed()), "the task's failure is attached to what the handler threw");
        assertTrue(errors.get(0).message().contains("onFailure"), errors.get(0).message());
    }

    @Test
    protected void anOnFailureThatRethrowsTheFailureIsReportedOnce() {
        IllegalStateException boom = new IllegalStateException("boom");
        Actions a = onLoop(() -> createActions().onFailure(e -> {
            throw (IllegalStateException) e;
        }));
        Task<Object> t = onLoop(() -> a.start(() -> CompletableFuture.failedFuture(boom)));
        reported(t);
        assertEquals(1, errors.size(), errors.toString());
        assertSame(boom, errors.get(0).exception());
        assertEquals(0, boom.getSuppressed().length);
    }

    @Test
    protected void aThrowingOnSucceededIsReportedWithTheTaskAsSourceAndTheActionsGoOn() {
        IllegalStateException bug = new IllegalStateException("bug in the hook");
        Object go = onLoop(() -> createControl(true));
        Actions a = onLoop(() -> createActions().disableWhileRunning(go).onSucceeded(() -> {
            throw bug;
        }));
        LoopFuture<Void> gate = onLoop(() -> gate(loop));
        Task<Void> t = onLoop(() -> a.start(() -> gate));
        onLoop(() -> gate.complete(null));
        reported(t);
        assertEquals(1, errors.size(), errors.toString());
        assertSame(bug, errors.get(0).exception());
        assertSame(t, errors.get(0).source());
        assertTrue(onLoop(() -> isEnabled(go)), "the control was not switched back");
        Task<String> again = onLoop(() -> a.start(() -> CompletableFuture.completedFuture("again")));
        reported(again);
        assertEquals(2, errors.size(), "the actions stopped after a throwing hook");
    }

    // ---------------------------------------------------------------------------------------------
    // Cancellation: a run the actions cancelled never reaches onFailure
    // ---------------------------------------------------------------------------------------------

    @Test
    protected void cancelFromAnyThreadEndsTheRunCancelledAndSwitchesTheControlsBack() {
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> cancelled = new CompletableFuture<>();
        Object go = onLoop(() -> createControl(true));
        Actions a = onLoop(() -> createActions().disableWhileRunning(go).onFailure(failures::add)
                .onCancelled(() -> cancelled.complete(null)));
        Task<Void> t = onLoop(() -> a.start(() -> loop.sleep(java.time.Duration.ofHours(1))));
        assertFalse(onLoop(() -> isEnabled(go)));

        Thread other = new Thread(a::cancel, "not-the-loop-thread");
        other.start();
        await(cancelled);

        assertTrue(t.isCancelled());
        assertEquals(new Shown(false, ActionState.CANCELLED, 0, ""), shownNow(a));
        assertTrue(onLoop(() -> isEnabled(go)));
        assertEquals(0, (int) onLoop(() -> loop.stats().pendingTimers()), "the cancelled run left its sleep's timer");
        assertTrue(failures.isEmpty(), "a cancellation reached onFailure: " + failures);
        assertTrue(errors.isEmpty(), "a cancellation was reported as an error: " + errors);
    }

    /**
     * The race of issue 13, defect 11: the stage the run awaits has failed, but the task has not settled
     * yet, when the user cancels (in the same event). The task may end failed (the core half of that
     * defect) or cancelled; the actions report the run cancelled either way.
     */
    @Test
    protected void aRunCancelledAfterTheStageItAwaitsFailedNeverReachesOnFailure() {
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        AtomicInteger cancelled = new AtomicInteger();
        Actions a = onLoop(() -> createActions().onFailure(failures::add).onCancelled(cancelled::incrementAndGet));
        LoopFuture<String> reply = onLoop(() -> gate(loop));
        Task<String> t = onLoop(() -> a.start(() -> reply));
        IllegalStateException boom = new IllegalStateException("the search failed");
        boolean doneAtCancel = onLoop(() -> {
            reply.completeExceptionally(boom);
            boolean done = t.isDone();
            a.cancel();
            return done;
        });
        assertFalse(doneAtCancel, "the race was not forced: the task had settled before the cancel");
        reported(t);
        assertTrue(failures.isEmpty(), "onFailure fired for a run the user cancelled: " + failures);
        assertEquals(1, cancelled.get());
        assertEquals(ActionState.CANCELLED, shownNow(a).state());
        for (ErrorContext c : errors) { // a task that ended failed all the same: its failure is not lost
            assertSame(boom, c.exception(), errors.toString());
            assertTrue(c.message().contains("was cancelled"), c.message());
        }
    }

    @Test
    protected void aRunCancelledAfterItsTaskFailedButBeforeItWasReportedNeverReachesOnFailure() {
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        AtomicInteger cancelled = new AtomicInteger();
        Actions a = onLoop(() -> createActions().onFailure(failures::add).onCancelled(cancelled::incrementAndGet));
        LoopFuture<String> reply = onLoop(() -> gate(loop));
        Task<String> t = onLoop(() -> a.start(() -> reply));
        IllegalStateException boom = new IllegalStateException("the search failed");
        CompletableFuture<Boolean> doneAtCancel = new CompletableFuture<>();
        onLoop(() -> {
            reply.completeExceptionally(boom); // queues the task's completion ...
            loop.callSoon(() -> { // ... ahead of this, which runs before the report the completion queues
                doneAtCancel.complete(t.isDone());
                a.cancel();
            });
            return null;
        });
        await(doneAtCancel);
        assertTrue(doneAtCancel.join(), "the race was not forced: the task was still pending at the cancel");
        reported(t);
        assertTrue(failures.isEmpty(), "onFailure fired for a run the user cancelled: " + failures);
        assertEquals(1, cancelled.get());
        assertEquals(ActionState.CANCELLED, shownNow(a).state());
        assertEquals(1, errors.size(), "the failure is not lost: " + errors);
        assertSame(boom, errors.get(0).exception());
        assertSame(t, errors.get(0).source());
    }

    @Test
    protected void aFailureAfterTheBodyCaughtItsCancellationGoesToTheExceptionHandlerNotOnFailure() {
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> cancelled = new CompletableFuture<>();
        Actions a = onLoop(() -> createActions().onFailure(failures::add).onCancelled(() -> cancelled.complete(null)));
        IllegalStateException cleanup = new IllegalStateException("the cleanup failed");
        Task<Void> t = onLoop(() -> a.start(() -> loop.sleep(java.time.Duration.ofHours(1)).exceptionally(e -> {
            throw cleanup;
        })));
        onLoop(() -> {
            a.cancel();
            return null;
        });
        await(cancelled);
        reported(t);
        assertTrue(failures.isEmpty(), failures.toString());
        assertEquals(ActionState.CANCELLED, shownNow(a).state());
        for (ErrorContext c : errors) assertSame(cleanup, c.exception(), errors.toString());
        if (!t.isCancelled()) assertEquals(1, errors.size(), "a task that ended failed: its failure must reach someone");
    }

    // ---------------------------------------------------------------------------------------------
    // Latest wins
    // ---------------------------------------------------------------------------------------------

    @Test
    protected void latestWinsCancelsThePreviousRunAndOnlyTheNewestReports() {
        List<Object> reports = new CopyOnWriteArrayList<>();
        Actions a = onLoop(() -> createActions().latestWins().onSucceeded(() -> reports.add("succeeded"))
                .onCancelled(() -> reports.add("cancelled")).onFailure(reports::add));
        LoopFuture<String> first = onLoop(() -> gate(loop));
        LoopFuture<String> second = onLoop(() -> gate(loop));
        List<Task<?>> runs = new CopyOnWriteArrayList<>();
        onLoop(() -> {
            a.trigger(() -> {
                runs.add(Task.current()); // the run's task, while its synchronous start runs
                return first.thenApply(s -> s);
            });
            return null;
        });
        onLoop(() -> {
            a.trigger(() -> {
                runs.add(Task.current());
                return second.thenApply(s -> s);
            });
            return null;
        });
        assertEquals(2, runs.size());
        reported(runs.get(0));
        assertTrue(runs.get(0).isCancelled(), "the new run did not cancel the previous one");
        assertFalse(runs.get(1).isDone());
        assertEquals(new Shown(true, ActionState.RUNNING, Progress.INDETERMINATE, ""), shownNow(a));
        onLoop(() -> second.complete("newest"));
        reported(runs.get(1));
        assertEquals(List.of("succeeded"), reports, "only the newest run reports");
        assertEquals(new Shown(false, ActionState.SUCCEEDED, 0, ""), shownNow(a));
        assertEquals(List.of(true, false), onLoop(a::runningChanges), "a replaced run does not flicker the running flag");
        assertTrue(errors.isEmpty(), errors.toString());
    }

    @Test
    protected void latestWinsNeverReportsAFailureOfARunItReplacedAfterItsStageFailed() {
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        AtomicInteger cancelled = new AtomicInteger();
        CompletableFuture<Void> succeeded = new CompletableFuture<>();
        Actions a = onLoop(() -> createActions().latestWins().onFailure(failures::add)
                .onCancelled(cancelled::incrementAndGet).onSucceeded(() -> succeeded.complete(null)));
        LoopFuture<String> reply = onLoop(() -> gate(loop));
        Task<String> first = onLoop(() -> a.start(() -> reply));
        IllegalStateException boom = new IllegalStateException("the first search failed");
        Task<String> second = onLoop(() -> {
            reply.completeExceptionally(boom); // in the same event as the next keystroke
            return a.start(() -> CompletableFuture.completedFuture("second"));
        });
        reported(first);
        reported(second);
        await(succeeded);
        assertTrue(failures.isEmpty(), "onFailure fired for a search the user already replaced: " + failures);
        assertEquals(0, cancelled.get(), "a replaced run reports nothing");
        assertEquals(ActionState.SUCCEEDED, shownNow(a).state());
        for (ErrorContext c : errors) assertSame(boom, c.exception(), errors.toString());
    }

    // ---------------------------------------------------------------------------------------------
    // Progress
    // ---------------------------------------------------------------------------------------------

    @Test
    protected void progressIsZeroWhileIdleIndeterminateUntilTheRunReportsAndThenFollowsIt() throws Exception {
        Progress progress = onLoop(() -> new Progress(loop));
        Actions a = onLoop(() -> createActions().progress(progress));
        assertEquals(0.0, shownNow(a).progress(), "an idle bar starts empty, not indeterminate");
        CountDownLatch halfway = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        Task<String> t = onLoop(() -> a.start(() -> loop.runInExecutor(() -> {
            progress.message("half");
            progress.update(1, 2);
            halfway.countDown();
            assertTrue(finish.await(10, TimeUnit.SECONDS));
            progress.update(2, 2);
            progress.message("finished");
            return "result";
        })));
        Shown started = shownNow(a);
        assertTrue(started.progress() == Progress.INDETERMINATE || started.progress() == 0.5, "not indeterminate while nothing was reported: " + started);
        assertTrue(halfway.await(10, TimeUnit.SECONDS));
        assertEquals(new Shown(true, ActionState.RUNNING, 0.5, "half"), shownNow(a)); // the delivery was queued before this
        finish.countDown();
        reported(t);
        assertEquals(new Shown(false, ActionState.SUCCEEDED, 1.0, "finished"), shownNow(a), "the last values stay after the run");
    }

    @Test
    protected void aNewRunResetsTheProgressAndARunThatReportedNothingLeavesTheBarEmpty() {
        Progress progress = onLoop(() -> new Progress(loop));
        Actions a = onLoop(() -> createActions().progress(progress));
        LoopFuture<Void> gate = onLoop(() -> gate(loop));
        Task<Void> silent = onLoop(() -> a.start(() -> gate));
        assertEquals(Progress.INDETERMINATE, shownNow(a).progress());
        onLoop(() -> gate.complete(null));
        reported(silent);
        assertEquals(0.0, shownNow(a).progress(), "idle after a run that reported nothing: empty, not indeterminate");

        LoopFuture<Void> gate2 = onLoop(() -> gate(loop));
        Task<Void> reporting = onLoop(() -> a.start(() -> {
            progress.update(3, 4);
            progress.message("three quarters");
            return gate2;
        }));
        onLoop(() -> gate2.complete(null));
        reported(reporting);
        assertEquals(new Shown(false, ActionState.SUCCEEDED, 0.75, "three quarters"), shownNow(a));

        LoopFuture<Void> gate3 = onLoop(() -> gate(loop));
        Shown atStart = onLoop(() -> {
            a.start(() -> gate3);
            return snapshot(a);
        });
        assertEquals(new Shown(true, ActionState.RUNNING, Progress.INDETERMINATE, ""), atStart, "a new run starts from nothing reported");
        onLoop(() -> null);
        assertEquals(new Shown(true, ActionState.RUNNING, Progress.INDETERMINATE, ""), shownNow(a), "after the reset's delivery");
        onLoop(() -> gate3.complete(null));
    }

    // ---------------------------------------------------------------------------------------------
    // The loop's end
    // ---------------------------------------------------------------------------------------------

    @Test
    protected void startOnAClosedLoopIsRefusedAndLeavesTheControlsAlone() {
        Object go = onLoop(() -> createControl(true));
        Actions a = onLoop(() -> createActions().disableWhileRunning(go));
        loop.close();
        Throwable thrown = onUiThread(() -> {
            try {
                a.start(() -> CompletableFuture.completedFuture(null));
                return null;
            } catch (RuntimeException e) {
                return e;
            }
        });
        assertInstanceOf(RejectedExecutionException.class, thrown);
        assertTrue(thrown.getMessage().contains("loop is closed"), thrown.getMessage());
        assertTrue(onUiThread(() -> isEnabled(go)));
        assertEquals(ActionState.READY, onUiThread(a::getState));
    }

    @Test
    protected void closingTheLoopEndsTheRunsCancelledAndSwitchesTheControlsBack() {
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        AtomicInteger cancelled = new AtomicInteger();
        Object go = onLoop(() -> createControl(true));
        Actions a = onLoop(() -> createActions().disableWhileRunning(go).onFailure(failures::add).onCancelled(cancelled::incrementAndGet));
        Task<Void> t = onLoop(() -> a.start(() -> loop.sleep(java.time.Duration.ofHours(1))));
        loop.close();
        assertTrue(t.isCancelled());
        assertEquals(List.of(true, false, ActionState.CANCELLED, 1), onUiThread(() -> List.of(isEnabled(go), a.isRunning(), a.getState(), cancelled.get())));
        assertTrue(failures.isEmpty(), failures.toString());
    }

    @Test
    protected void startOffTheLoopThreadIsRefusedWithAClearMessage() {
        Actions a = onLoop(this::createActions);
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        Thread other = new Thread(() -> {
            try {
                a.start(() -> CompletableFuture.completedFuture(null));
                thrown.complete(null);
            } catch (Throwable e) {
                thrown.complete(e);
            }
        }, "not-the-loop-thread");
        other.start();
        Throwable e = thrown.join();
        assertInstanceOf(IllegalStateException.class, e);
        assertTrue(e.getMessage().contains("start() is for") && e.getMessage().contains("not-the-loop-thread"), e.getMessage());
        assertThrows(NullPointerException.class, () -> onLoop(() -> a.start(null)));
    }
}
