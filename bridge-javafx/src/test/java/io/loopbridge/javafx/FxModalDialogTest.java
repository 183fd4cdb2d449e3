package io.loopbridge.javafx;

import io.loopbridge.core.testkit.TestCores;
import io.loopbridge.core.LoopFuture;
import io.loopbridge.core.Task;
import io.loopbridge.core.TimerHandle;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Modal dialogs opened by loop code keep the loop's timers and tasks running (both timer strategies). */
@Timeout(60)
class FxModalDialogTest {
    private FxLoop loop;

    @BeforeAll
    static void startToolkit() {
        FxTesting.startToolkit();
    }

    @AfterEach
    void closeLoop() {
        if (loop != null) loop.close();
    }

    /**
     * A timer that re-arms itself every millisecond, counting, and calls {@code onTick} after each tick;
     * cancelled by the returned handle's holder.
     */
    private TimerHandle[] startTicker(AtomicInteger ticks, Runnable onTick) {
        TimerHandle[] tick = new TimerHandle[1];
        Runnable[] ticker = new Runnable[1];
        ticker[0] = () -> {
            ticks.incrementAndGet();
            tick[0] = loop.callLater(Duration.ofMillis(1), ticker[0]);
            onTick.run();
        };
        tick[0] = loop.callLater(Duration.ofMillis(1), ticker[0]);
        return tick;
    }

    @ParameterizedTest
    @EnumSource(FxLoop.Timers.class)
    void showAndWaitInsideATaskKeepsTimersTickingAndOtherTasksRunning(FxLoop.Timers timers) {
        loop = FxLoop.create(timers);
        AtomicInteger ticks = new AtomicInteger();
        Task<int[]> task = loop.createTask(() -> {
            Alert alert = new Alert(Alert.AlertType.INFORMATION, "modal");
            Task<String> other = loop.createTask(() -> loop.sleep(Duration.ofMillis(5)).thenApply(v -> "other"));
            int before = ticks.get();
            // closed by the 5th tick while it is open (and only then): counts ticks, not milliseconds, so a
            // slow first render of the dialog on a loaded machine cannot fail it; a loop that stopped
            // ticking leaves the dialog open and the test times out
            TimerHandle[] tick = startTicker(ticks, () -> {
                if (alert.isShowing() && ticks.get() - before >= 5 && other.isDone()) {
                    alert.setResult(ButtonType.OK);
                    alert.close();
                }
            });
            Optional<ButtonType> answer = alert.showAndWait(); // a nested event loop inside a loop callback
            tick[0].cancel();
            return CompletableFuture.completedFuture(new int[] {ticks.get() - before, other.isDone() ? 1 : 0,
                    answer.orElse(null) == ButtonType.OK ? 1 : 0});
        });
        int[] r = loop.runUntilComplete(task);
        assertTrue(r[0] >= 5, "timer ticks while the dialog was open: " + r[0]);
        assertEquals(1, r[1], "a task started before the dialog finished while it was open");
        assertEquals(1, r[2], "the dialog's answer");
    }

    @ParameterizedTest
    @EnumSource(FxLoop.Timers.class)
    void runModalOpensTheDialogOutsideLoopCallbacksAndTheTaskAwaitsItsAnswer(FxLoop.Timers timers) {
        loop = FxLoop.create(timers);
        AtomicInteger ticks = new AtomicInteger();
        Task<Object[]> task = loop.createTask(() -> {
            Alert alert = new Alert(Alert.AlertType.CONFIRMATION, "sure?");
            int before = ticks.get();
            TimerHandle[] tick = startTicker(ticks, () -> { // closes it at the 5th tick it is open for (see above)
                if (alert.isShowing() && ticks.get() - before >= 5) {
                    alert.setResult(ButtonType.CANCEL);
                    alert.close();
                }
            });
            boolean[] insideRunOnce = new boolean[1];
            return loop.runModal(() -> {
                insideRunOnce[0] = TestCores.of(loop).isRunning();
                return alert.showAndWait();
            }).thenApply(answer -> {
                tick[0].cancel();
                return new Object[] {answer.orElse(null), ticks.get() - before, insideRunOnce[0], Platform.isFxApplicationThread()};
            });
        });
        Object[] r = loop.runUntilComplete(task);
        assertEquals(ButtonType.CANCEL, r[0]);
        assertTrue((int) r[1] >= 5, "timer ticks while the dialog was open: " + r[1]);
        assertEquals(false, r[2], "the modal call ran inside a loop callback");
        assertEquals(true, r[3]);
    }

    @ParameterizedTest
    @EnumSource(FxLoop.Timers.class)
    void callbackReadyBehindOneThatOpensADialogRunsWhileTheDialogIsOpen(FxLoop.Timers timers) {
        loop = FxLoop.create(timers);
        Task<Boolean> task = loop.createTask(() -> {
            LoopFuture<Boolean> out = loop.createFuture();
            Alert alert = new Alert(Alert.AlertType.INFORMATION, "modal");
            boolean[] ranWhileOpen = new boolean[1];
            // a fallback that is not the loop's: if the second callback cannot run, the dialog still closes
            Timeline fallback = new Timeline(new KeyFrame(javafx.util.Duration.seconds(3), e -> alert.close()));
            fallback.play();
            loop.callSoon(() -> { // the first of two callbacks of one pass; nothing new is scheduled inside
                alert.showAndWait();
                fallback.stop();
                out.complete(ranWhileOpen[0]);
            });
            loop.callSoon(() -> {
                ranWhileOpen[0] = alert.isShowing();
                alert.setResult(ButtonType.OK);
                alert.close();
            });
            return out;
        });
        assertEquals(true, loop.runUntilComplete(task), "the second callback waited for the dialog to close");
    }
}
