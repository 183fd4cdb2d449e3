package io.loopbridge.swing;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.awt.EventQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Swing-timer alarm: re-armed from what its firing runs, it must go off again, even if the EDT is
 * slow right after the re-arm. {@code javax.swing.Timer} clears a pending expiry at the end of the
 * event that ran its action ({@code DoPostEvent}: fire, then {@code cancelEvent()}), so a re-arm made
 * inside that action whose short delay ran out before the action returned was lost, and a loop with
 * only timers left then stalled for good.
 */
@Timeout(30)
class SwingTimerAlarmTest {
    private SwingTimerDeadline alarm;

    @AfterEach
    void shutDown() throws Exception {
        if (alarm != null) EventQueue.invokeAndWait(alarm::close);
    }

    @Test
    void reArmedFromItsFiringWithASlowEdtItGoesOffAgain() throws Exception {
        AtomicInteger fired = new AtomicInteger();
        CountDownLatch second = new CountDownLatch(1);
        SwingTimerDeadline[] self = new SwingTimerDeadline[1];
        self[0] = new SwingTimerDeadline(System::nanoTime, () -> {
            if (fired.incrementAndGet() == 1) {
                self[0].arm(System.nanoTime() + 1_000_000L); // 1 ms: it runs out during the slow part below
                long until = System.nanoTime() + 30_000_000L;
                while (System.nanoTime() < until) Thread.onSpinWait(); // the EDT busy (or descheduled) for 30 ms
            } else {
                second.countDown();
            }
        });
        alarm = self[0];
        EventQueue.invokeAndWait(() -> self[0].arm(System.nanoTime() + 1_000_000L));

        assertTrue(second.await(5, TimeUnit.SECONDS), "the alarm re-armed from its firing never went off again (fired "
                + fired.get() + " time(s))");
    }
}
