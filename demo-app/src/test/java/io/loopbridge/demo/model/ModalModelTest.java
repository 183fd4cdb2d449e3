package io.loopbridge.demo.model;

import io.loopbridge.core.LoopFuture;
import io.loopbridge.core.Task;
import io.loopbridge.test.TestLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The counter behind the dialog, with a stand-in dialog answered after a while, on the test kit's virtual time. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SAME_THREAD) // the loop's thread is the one that builds it
class ModalModelTest {
    private final TestLoop loop = TestLoop.create();
    private final ModalModel model = new ModalModel(loop, Duration.ofMillis(100));

    @AfterEach
    void close() {
        loop.close(); // fails the test for errors the loop saw, or failures nobody observed
    }

    /** A dialog that answers {@code yes} after {@code after}. */
    private ModalModel.Dialogs answering(boolean yes, Duration after) {
        return (title, question) -> {
            LoopFuture<Boolean> answer = loop.createFuture();
            loop.callLater(after, () -> answer.complete(yes));
            return answer;
        };
    }

    @Test
    void theCounterTicksWhileTheDialogIsOpenAndStopsWhenItIsAnswered() {
        Task<Boolean> task = loop.createTask(() -> model.run(answering(true, Duration.ofSeconds(1))));
        loop.advanceBy(Duration.ofMillis(500));
        assertEquals(5, model.ticks());
        assertTrue(model.dialogOpen());

        loop.advanceUntilIdle(); // ends: the counter's timer is gone once the dialog is answered

        assertTrue(task.join());
        assertFalse(model.dialogOpen());
        assertEquals(Duration.ofSeconds(1), loop.elapsed());
        int ticks = model.ticks();
        assertEquals(10, ticks, "ticks in one virtual second at 100 ms");
        assertTrue(model.status().startsWith("You answered Yes after 1.0 s; meanwhile the counter ticked " + ticks + " times"), model.status());
        assertEquals(0, loop.stats().pendingTimers());
    }

    @Test
    void cancellingTheTaskWhileTheDialogIsOpenStopsTheCounter() {
        Task<Boolean> task = loop.createTask(() -> model.run((title, question) -> loop.createFuture())); // never answered
        loop.advanceBy(Duration.ofMillis(300));
        assertEquals(3, model.ticks());

        task.cancel(true);
        loop.advanceUntilIdle();
        assertEquals(3, model.ticks());
        assertEquals(Duration.ofMillis(300), loop.elapsed(), "a cancelled counter moved the clock");

        assertTrue(task.isCancelled());
        assertEquals("Cancelled.", model.status());
        assertEquals(0, loop.stats().pendingTimers());
    }
}
