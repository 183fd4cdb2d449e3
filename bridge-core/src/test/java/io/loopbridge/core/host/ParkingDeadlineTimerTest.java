package io.loopbridge.core.host;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link ParkingDeadlineTimer}: never early, one firing per arming, a daemon thread that ends with close and never spins. */
@Timeout(30)
class ParkingDeadlineTimerTest {

    @Test
    void itFiresOnceAtOrAfterTheDeadlineOnTheLoopsClock() throws Exception {
        AtomicLong firedAt = new AtomicLong();
        CountDownLatch fired = new CountDownLatch(1);
        ParkingDeadlineTimer t = new ParkingDeadlineTimer(System::nanoTime, () -> {
            firedAt.set(System.nanoTime());
            fired.countDown();
        }, "Test-timer");
        try {
            assertNull(t.thread(), "a thread before the first arming");
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5);
            t.arm(deadline);
            assertTrue(fired.await(10, TimeUnit.SECONDS));
            assertTrue(firedAt.get() - deadline >= 0, "fired " + (deadline - firedAt.get()) + " ns early");
            assertFalse(t.isArmed(), "still armed after its one firing");
            assertTrue(t.thread().isDaemon(), "the timer thread could keep the JVM alive");
            assertTrue(t.thread().getName().equals("Test-timer"));
        } finally {
            t.close();
        }
    }

    @Test
    void anEarlierArmingWakesTheParkedThreadAndADisarmedTimerStaysQuiet() throws Exception {
        CountDownLatch fired = new CountDownLatch(1);
        ParkingDeadlineTimer t = new ParkingDeadlineTimer(System::nanoTime, fired::countDown, "Test-timer");
        try {
            t.arm(System.nanoTime() + TimeUnit.HOURS.toNanos(1));
            t.arm(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1)); // earlier: must not wait an hour
            assertTrue(fired.await(10, TimeUnit.SECONDS), "the earlier deadline was not seen");
            CountDownLatch second = new CountDownLatch(1);
            ParkingDeadlineTimer quiet = new ParkingDeadlineTimer(System::nanoTime, second::countDown, "Quiet-timer");
            quiet.arm(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20));
            quiet.disarm();
            assertFalse(second.await(200, TimeUnit.MILLISECONDS), "a disarmed timer fired");
            quiet.close();
        } finally {
            t.close();
        }
    }

    @Test
    void closeEndsTheThreadAndAnInterruptNeverMakesItSpin() throws Exception {
        ParkingDeadlineTimer t = new ParkingDeadlineTimer(System::nanoTime, () -> { }, "Test-timer");
        t.arm(System.nanoTime() + TimeUnit.HOURS.toNanos(1));
        Thread th = t.thread();
        th.interrupt(); // a thread that kept the flag would spin: every park returns at once
        // Parked again after the interrupt: the flag is cleared (by the thread) and it waits. One sample of
        // both, so a park that began before the interrupt arrived is not mistaken for one after it.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        boolean interrupted;
        Thread.State state;
        do {
            interrupted = th.isInterrupted();
            state = th.getState();
        } while ((interrupted || state != Thread.State.TIMED_WAITING) && System.nanoTime() < deadline);
        assertTrue(!interrupted && state == Thread.State.TIMED_WAITING,
                "the interrupted timer thread does not park again: " + state + (interrupted ? ", interrupt still set" : ""));
        t.close();
        th.join(10_000);
        assertFalse(th.isAlive(), "the timer thread outlived close()");
        t.arm(System.nanoTime()); // a closed timer ignores arming
        assertFalse(t.isArmed());
    }
}
