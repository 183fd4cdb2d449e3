package io.loopbridge.demo.model;

import io.loopbridge.core.GuestLoop;
import io.loopbridge.core.LoopFuture;
import io.loopbridge.core.Task;
import io.loopbridge.core.testkit.RecordingHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The counter behind the dialog, with a stand-in dialog answered after a while on a manual clock. */
@Timeout(30)
class ModalModelTest {
    private final RecordingHost host = RecordingHost.create();
    private final GuestLoop loop = host.loop();
    private final ModalModel model = new ModalModel(loop, Duration.ofMillis(100));

    @AfterEach
    void close() {
        loop.close();
        host.assertContractKept();
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
        host.pumpUntil(() -> model.ticks() >= 5);
        assertTrue(model.dialogOpen());

        host.pump(); // ends: the counter's timer is gone once the dialog is answered

        assertTrue(task.join());
        assertFalse(model.dialogOpen());
        int ticks = model.ticks();
        assertTrue(ticks >= 9 && ticks <= 10, "ticks in one second at 100 ms: " + ticks);
        assertTrue(model.status().startsWith("You answered Yes after 1.0 s; meanwhile the counter ticked " + ticks + " times"), model.status());
        assertEquals(0, loop.stats().pendingTimers());
    }

    @Test
    void cancellingTheTaskWhileTheDialogIsOpenStopsTheCounter() {
        Task<Boolean> task = loop.createTask(() -> model.run((title, question) -> loop.createFuture())); // never answered
        host.pumpUntil(() -> model.ticks() >= 3);

        task.cancel(true);
        host.pump();

        assertTrue(task.isCancelled());
        assertEquals("Cancelled.", model.status());
        assertEquals(0, loop.stats().pendingTimers());
    }
}
