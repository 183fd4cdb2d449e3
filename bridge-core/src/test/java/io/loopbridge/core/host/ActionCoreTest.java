package io.loopbridge.core.host;

import io.loopbridge.core.ErrorContext;
import io.loopbridge.core.GuestLoop;
import io.loopbridge.core.LoopFuture;
import io.loopbridge.core.Task;
import io.loopbridge.core.testkit.RecordingHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What only the core has (the shared behaviour is {@link ActionCoreContractTest}'s): the seam for other
 * kinds of bodies ({@link ActionCore#startTask}), re-entrant cancellation, the close hook, throwing toolkit
 * code. Deterministic: a {@link GuestLoop} on a manual clock under a {@link RecordingHost}, on the test
 * thread.
 */
@Timeout(30)
class ActionCoreTest {
    private RecordingHost host;
    private GuestLoop loop;
    private final List<ErrorContext> errors = new ArrayList<>();

    @BeforeEach
    void createLoop() {
        host = RecordingHost.create();
        loop = host.loop();
        loop.setExceptionHandler(errors::add);
        host.runOnce(); // the test thread is the loop thread
    }

    @AfterEach
    void closeLoop() {
        loop.close();
        host.assertContractKept();
    }

    private ActionCore core() {
        return new ActionCore(loop, "the test thread");
    }

    @Test
    void startTaskTracksATaskItsStarterStartsInALaterIterationLikeAnyOther() {
        AtomicInteger succeeded = new AtomicInteger();
        List<String> order = new ArrayList<>();
        ActionCore core = core().onSucceeded(succeeded::incrementAndGet);
        Task<String> t = core.startTask(() -> loop.createTask(() -> {
            order.add("body");
            return loop.sleep(Duration.ofSeconds(1)).thenApply(v -> "done");
        }));
        order.add("returned");
        assertTrue(core.isRunning());
        assertEquals(ActionState.RUNNING, core.getState());
        host.pump();
        assertEquals(List.of("returned", "body"), order, "a task started in a later iteration: the starter decides");
        assertEquals("done", t.join());
        assertEquals(1, succeeded.get());
        assertFalse(core.isRunning());
        assertEquals(ActionState.SUCCEEDED, core.getState());
    }

    @Test
    void aStarterThatReturnsNullIsRefusedAndLeavesNothingBehind() {
        ActionCore core = core();
        NullPointerException e = assertThrows(NullPointerException.class, () -> core.startTask(() -> null));
        assertTrue(e.getMessage().startsWith("starter: returned null"), e.getMessage());
        assertFalse(core.isRunning());
        assertEquals(ActionState.READY, core.getState());
    }

    @Test
    void aStarterThatThrowsAfterLatestWinsCancelledTheRunningOneLetsThatOneReportItsCancellation() {
        AtomicInteger cancelled = new AtomicInteger();
        ActionCore core = core().latestWins().onCancelled(cancelled::incrementAndGet);
        Task<Void> first = core.start(() -> loop.sleep(Duration.ofHours(1)));
        IllegalStateException broken = new IllegalStateException("broken starter");
        assertSame(broken, assertThrows(IllegalStateException.class, () -> core.startTask(() -> {
            throw broken;
        })));
        host.pump();
        assertTrue(first.isCancelled());
        assertEquals(1, cancelled.get(), "nothing replaced it: it is still the latest run and reports");
        assertEquals(ActionState.CANCELLED, core.getState());
        assertFalse(core.isRunning());
    }

    @Test
    void cancelFromTheBodysSynchronousStartCancelsThatRun() {
        AtomicInteger cancelled = new AtomicInteger();
        ActionCore core = core().onCancelled(cancelled::incrementAndGet);
        Task<Void> t = core.start(() -> {
            core.cancel(); // e.g. the body decides at once that there is nothing to do
            return loop.sleep(Duration.ofHours(1));
        });
        host.pump();
        assertTrue(t.isCancelled());
        assertEquals(1, cancelled.get());
        assertEquals(ActionState.CANCELLED, core.getState());
        assertEquals(0, loop.stats().pendingTimers(), "the hour-long sleep was left behind");
    }

    @Test
    void aWindowCloseCancelsEachRunOnceHoweverOftenTheToolkitCallsItButCancelCancelsAgain() {
        List<Runnable> registered = new ArrayList<>();
        ActionCore core = core().cancelOnClose(registered::add);
        assertEquals(1, registered.size(), "the hook is registered once, at configuration");
        Runnable windowClosed = registered.get(0);
        AtomicInteger caught = new AtomicInteger();
        // a body that catches its first cancellation and goes on waiting (say, for a save to finish)
        Task<Void> t = core.start(() -> loop.sleep(Duration.ofHours(1))
                .handle((v, e) -> caught.incrementAndGet())
                .thenCompose(v -> loop.sleep(Duration.ofHours(1))));
        windowClosed.run(); // windowClosing ...
        for (int i = 0; i < 10 && !(caught.get() == 1 && loop.stats().pendingTimers() == 1); i++) host.runOnce();
        assertEquals(1, caught.get());
        assertEquals(1, loop.stats().pendingTimers(), "the body did not go on to its second sleep");
        windowClosed.run(); // ... then windowClosed, for the same close
        for (int i = 0; i < 5; i++) host.runOnce();
        assertFalse(t.isDone(), "one close cancelled the run twice");
        core.cancel(); // the user asks again: asyncio's cancel() cancels what the task awaits now
        host.pump();
        assertTrue(t.isCancelled());
        assertEquals(ActionState.CANCELLED, core.getState());
    }

    @Test
    void aThrowingControlOrListenerIsReportedAndTheOthersStillRun() {
        IllegalStateException bug = new IllegalStateException("toolkit bug");
        boolean[] other = {true};
        List<Boolean> told = new ArrayList<>();
        ActionCore core = core()
                .disableWhileRunning(on -> {
                    throw bug;
                })
                .disableWhileRunning(on -> {
                    boolean changed = other[0] != on;
                    other[0] = on;
                    return changed;
                })
                .addListener(new ActionCore.Listener() {
                    @Override
                    public void runningChanged(boolean running) {
                        throw bug;
                    }
                })
                .addListener(new ActionCore.Listener() {
                    @Override
                    public void runningChanged(boolean running) {
                        told.add(running);
                    }
                });
        LoopFuture<Void> gate = loop.createFuture();
        Task<Void> t = core.start(() -> gate);
        assertFalse(other[0], "the second control was not switched");
        gate.complete(null);
        host.pump();
        assertTrue(t.isDone());
        assertTrue(other[0]);
        assertEquals(List.of(true, false), told);
        assertEquals(3, errors.size(), "the throwing control once, the throwing listener twice: " + errors);
        for (ErrorContext c : errors) {
            assertSame(bug, c.exception());
            assertSame(core, c.source());
        }
    }

    @Test
    void theReportComesInALaterIterationThanTheTaskCompleted() {
        List<String> order = new ArrayList<>();
        ActionCore core = core().onSucceeded(() -> order.add("reported"));
        Task<String> t = core.start(() -> CompletableFuture.completedFuture("at once"));
        order.add("returned");
        assertTrue(t.isDone());
        assertEquals(List.of("returned"), order);
        host.runOnce();
        assertEquals(List.of("returned", "reported"), order);
    }

    @Test
    void aLaterProgressReplacesTheEarlierOne() {
        io.loopbridge.core.Progress first = new io.loopbridge.core.Progress(loop);
        io.loopbridge.core.Progress second = new io.loopbridge.core.Progress(loop);
        ActionCore core = core().progress(first).progress(second);
        LoopFuture<Void> gate = loop.createFuture();
        core.start(() -> gate);
        first.update(1, 4);
        host.runOnce();
        assertEquals(io.loopbridge.core.Progress.INDETERMINATE, core.getProgress(), "the replaced progress is still shown");
        second.update(3, 4);
        host.runOnce();
        assertEquals(0.75, core.getProgress());
        gate.complete(null);
        host.pump();
    }

    @Test
    void cancelFromAnotherThreadOnAClosedLoopDoesNothing() throws Exception {
        ActionCore core = core();
        Task<Void> t = core.start(() -> loop.sleep(Duration.ofHours(1)));
        loop.close();
        assertTrue(t.isCancelled());
        Thread other = new Thread(core::cancel, "not-the-loop-thread");
        other.start();
        other.join();
        assertEquals(ActionState.CANCELLED, core.getState());
    }
}
