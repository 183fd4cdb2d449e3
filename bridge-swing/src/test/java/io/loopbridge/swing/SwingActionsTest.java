package io.loopbridge.swing;

import io.loopbridge.core.ErrorContext;
import io.loopbridge.core.LoopFuture;
import io.loopbridge.core.Progress;
import io.loopbridge.core.Task;
import io.loopbridge.core.host.ActionState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.awt.event.ActionEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import javax.swing.JButton;
import javax.swing.JLabel;
import javax.swing.JProgressBar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Action listeners that start tasks, headless: components without a frame, clicked with doClick() on the EDT. */
@Timeout(60)
class SwingActionsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private SwingLoop loop;
    private final List<ErrorContext> errors = new CopyOnWriteArrayList<>();

    @BeforeEach
    void createLoop() {
        loop = SwingLoop.create();
        Edt.run(() -> loop.setExceptionHandler(errors::add));
    }

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    @Test
    void clickedButtonAwaitsASleepThenSetsTheLabel() {
        JButton button = Edt.call(() -> new JButton("Go"));
        JLabel label = Edt.call(() -> new JLabel("idle"));
        SwingActions action = Edt.call(() -> {
            SwingActions a = SwingActions.of(loop).disableWhileRunning(button);
            button.addActionListener(a.handler(e -> {
                label.setText("working on " + e.getActionCommand()); // the synchronous start sees the event
                return loop.sleep(Duration.ofMillis(30)).thenRun(() -> label.setText("done"));
            }));
            return a;
        });
        String[] during = Edt.call(() -> {
            button.doClick(0);
            return new String[] {label.getText(), String.valueOf(button.isEnabled()), String.valueOf(action.isRunning())};
        });
        assertEquals("working on Go", during[0], "the body's start did not run inside the click");
        assertEquals("false", during[1], "the button was not disabled while running");
        assertEquals("true", during[2]);
        Edt.await(WAIT, "the label to read done", () -> "done".equals(label.getText()));
        Edt.await(WAIT, "the button to be re-enabled", button::isEnabled);
        assertFalse(Edt.call(action::isRunning));
        assertTrue(errors.isEmpty(), errors.toString());
    }

    @Test
    void disableWhileRunningLeavesAComponentThatWasAlreadyDisabledDisabled() {
        JButton other = Edt.call(() -> {
            JButton b = new JButton();
            b.setEnabled(false);
            return b;
        });
        Task<?> t = Edt.call(() -> SwingActions.of(loop).disableWhileRunning(other)
                .start(() -> loop.sleep(Duration.ofMillis(1))));
        loop.runUntilComplete(t);
        Edt.run(() -> { });
        assertFalse(Edt.call(other::isEnabled));
    }

    @Test
    void failureGoesToTheLoopsExceptionHandlerWithTheTaskAsSource() {
        IllegalStateException boom = new IllegalStateException("boom");
        Task<?> t = Edt.call(() -> SwingActions.of(loop).start(() -> loop.sleep(Duration.ofMillis(1)).thenRun(() -> {
            throw boom;
        })));
        awaitErrors(1);
        assertSame(boom, errors.get(0).exception());
        assertSame(t, errors.get(0).source());
    }

    @Test
    void failureOfTheSynchronousStartIsReportedToo() {
        IllegalArgumentException boom = new IllegalArgumentException("bad input");
        Edt.run(() -> SwingActions.of(loop).handler(e -> {
            throw boom;
        }).actionPerformed(click()));
        awaitErrors(1);
        assertSame(boom, errors.get(0).exception());
    }

    @Test
    void failureGoesToTheGivenHandlerInstead() {
        CompletableFuture<Throwable> seen = new CompletableFuture<>();
        RuntimeException boom = new RuntimeException("boom");
        Edt.run(() -> SwingActions.of(loop).onFailure(seen::complete).start(() -> CompletableFuture.failedFuture(boom)));
        assertSame(boom, seen.join());
        Edt.run(() -> { });
        assertTrue(errors.isEmpty(), errors.toString());
    }

    @Test
    void cancelStopsTheRunningTaskAndIsNotReportedAsAFailure() throws Exception {
        JButton button = Edt.call(JButton::new);
        JButton cancel = Edt.call(JButton::new);
        Edt.run(() -> cancel.setEnabled(false));
        SwingActions action = Edt.call(() -> SwingActions.of(loop).disableWhileRunning(button).enableWhileRunning(cancel));
        Task<?> t = Edt.call(() -> action.start(() -> loop.sleep(Duration.ofHours(1))));
        assertTrue(Edt.call(cancel::isEnabled), "the cancel button was not enabled while running");
        Edt.run(action::cancel);
        assertThrows(CancellationException.class, () -> loop.runUntilComplete(t));
        Edt.await(WAIT, "the button to be re-enabled", button::isEnabled);
        assertFalse(Edt.call(cancel::isEnabled), "the cancel button stayed enabled");
        assertEquals(0, (int) Edt.call(() -> loop.stats().pendingTimers()), "the cancelled sleep left its timer");
        Edt.run(() -> { });
        assertTrue(errors.isEmpty(), errors.toString());
    }

    @Test
    void eachClickStartsItsOwnTask() {
        SwingActions action = SwingActions.of(loop);
        Task<?>[] tasks = Edt.call(() -> new Task<?>[] {
                action.start(() -> loop.sleep(Duration.ofMillis(20))), action.start(() -> loop.sleep(Duration.ofMillis(20)))});
        assertTrue(tasks[0] != tasks[1]);
        loop.runUntilComplete(loop.wrapFuture(CompletableFuture.allOf(tasks)));
        assertFalse(Edt.call(action::isRunning));
    }

    @Test
    void startOffTheEdtIsRejectedWithAClearMessage() {
        SwingActions action = SwingActions.of(loop);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> action.start(() -> CompletableFuture.completedFuture(null)));
        assertTrue(e.getMessage().contains("event dispatch thread"), e.getMessage());
    }

    @Test
    void nullArgumentsAreRejectedWithTheirNames() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> SwingActions.of(loop).handler(null));
        assertEquals("body: null (expected: non-null)", e.getMessage());
        assertThrows(NullPointerException.class, () -> SwingActions.of(null));
        assertThrows(NullPointerException.class, () -> SwingActions.of(loop).start(null));
        assertThrows(NullPointerException.class, () -> SwingActions.of(loop).progress(null, null, null));
    }

    @Test
    void progressDrivesTheBarAndTheLabelLikeABoundJavaFxProgressBar() throws Exception {
        JProgressBar bar = Edt.call(() -> new JProgressBar(0, 200));
        JLabel label = Edt.call(JLabel::new);
        CountDownLatch begin = new CountDownLatch(1);
        CountDownLatch halfway = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);
        Progress progress = Edt.call(() -> new Progress(loop));
        SwingActions actions = Edt.call(() -> SwingActions.of(loop).progress(progress, bar, label));
        assertEquals(List.of(true, false, 0), Edt.call(() -> List.of(bar.isVisible(), bar.isIndeterminate(), bar.getValue())),
                "idle: the bar is empty, not indeterminate");
        Task<String> task = Edt.call(() -> actions.start(() -> loop.runInExecutor(() -> {
            begin.await();
            progress.message("step 1");
            progress.update(1, 2);
            halfway.countDown();
            proceed.await();
            progress.message("finished");
            return "result";
        })));
        assertTrue(Edt.call(bar::isIndeterminate), "running with nothing reported yet: indeterminate");
        begin.countDown();
        halfway.await();
        Edt.await(WAIT, "the bar at half", () -> bar.getValue() == 100 && !bar.isIndeterminate());
        assertEquals("step 1", Edt.call(label::getText));
        proceed.countDown();
        assertEquals("result", loop.runUntilComplete(task));
        Edt.await(WAIT, "the last message", () -> "finished".equals(label.getText()));
        assertEquals(List.of(false, 100), Edt.call(() -> List.of(bar.isIndeterminate(), bar.getValue())), "the last fraction stays");
        assertEquals(0.5, (double) Edt.call(actions::getProgress), 1e-9);
    }

    @Test
    void aBarShowingARunThatReportedNothingIsEmptyOnceTheRunFailsAndTheFailureIsReportedOnce() {
        RuntimeException boom = new RuntimeException("boom");
        JProgressBar bar = Edt.call(JProgressBar::new);
        LoopFuture<Void> gate = Edt.call(loop::createFuture);
        Edt.run(() -> {
            Progress progress = new Progress(loop);
            SwingActions.of(loop).progress(progress, bar, null).start(() -> gate);
        });
        assertTrue(Edt.call(bar::isIndeterminate));
        Edt.run(() -> gate.completeExceptionally(boom));
        awaitErrors(1);
        assertSame(boom, errors.get(0).exception());
        Edt.await(WAIT, "the bar to stop", () -> !bar.isIndeterminate() && bar.getValue() == bar.getMinimum());
        Edt.run(() -> { });
        assertEquals(1, errors.size(), errors.toString());
    }

    @Test
    void propertyChangeListenersHearRunningStateProgressAndMessageOnTheEdt() {
        List<String> heard = new CopyOnWriteArrayList<>();
        Progress progress = Edt.call(() -> new Progress(loop));
        SwingActions actions = Edt.call(() -> SwingActions.of(loop).progress(progress));
        java.beans.PropertyChangeListener l = e -> heard.add(e.getPropertyName() + "=" + e.getNewValue()
                + (java.awt.EventQueue.isDispatchThread() ? "" : " OFF THE EDT"));
        Edt.run(() -> actions.addPropertyChangeListener(l));
        LoopFuture<Void> gate = Edt.call(loop::createFuture);
        Task<Void> t = Edt.call(() -> actions.start(() -> {
            progress.update(1, 4);
            progress.message("a quarter");
            return gate;
        }));
        Edt.await(WAIT, "the progress", () -> actions.getProgress() == 0.25);
        Edt.run(() -> gate.complete(null));
        loop.runUntilComplete(t);
        Edt.await(WAIT, "the outcome", () -> actions.getState() == ActionState.SUCCEEDED);
        assertEquals(List.of("running=true", "progress=-1.0", "state=RUNNING", "progress=0.25", "message=a quarter",
                "running=false", "state=SUCCEEDED"), heard);
        Edt.run(() -> actions.removePropertyChangeListener(l));
        Edt.run(() -> actions.start(() -> CompletableFuture.completedFuture(null)));
        Edt.await(WAIT, "the reset", () -> actions.getProgress() == 0);
        assertEquals(7, heard.size(), "a removed listener still heard: " + heard);
    }

    @Test
    void runModalResultCanFeedATask() {
        LoopFuture<Integer> f = Edt.call(() -> loop.runModal(() -> 7));
        assertEquals(7, loop.runUntilComplete(f));
    }

    @Test
    void actionOnAClosedLoopIsRejectedAndLeavesComponentsAlone() {
        JButton button = Edt.call(JButton::new);
        SwingActions action = Edt.call(() -> SwingActions.of(loop).disableWhileRunning(button));
        loop.close();
        Throwable e = Edt.call(() -> {
            try {
                action.start(() -> loop.sleep(Duration.ofMillis(1)));
                return null;
            } catch (RuntimeException thrown) {
                return thrown;
            }
        });
        assertInstanceOf(java.util.concurrent.RejectedExecutionException.class, e);
        assertTrue(Edt.call(button::isEnabled));
        assertThrows(IllegalStateException.class, () -> Edt.call(io.loopbridge.core.EventLoop::current), "a closed loop bound the EDT again");
    }

    private static ActionEvent click() {
        return new ActionEvent(new Object(), ActionEvent.ACTION_PERFORMED, "click");
    }

    private void awaitErrors(int n) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (errors.size() < n && System.nanoTime() < deadline) Edt.run(() -> { });
        assertEquals(n, errors.size(), errors.toString());
    }
}
