package io.loopbridge.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** A host whose thread has terminated (a UI toolkit that exited) can still be closed cleanly. */
@Timeout(10)
class GuestLoopDeadHostTest {

    @Test
    void closeAfterTheLoopThreadTerminatedCancelsTasksAndTimersOnTheClosingThread() throws Exception {
        GuestLoop loop = new GuestLoop(() -> { }); // a host that will never run again: wake-ups go nowhere
        AtomicReference<Object[]> made = new AtomicReference<>();
        Thread host = new Thread(() -> {
            loop.attachThread(loop);
            Task<Void> task = loop.createEagerTask(() -> loop.sleep(Duration.ofHours(1)));
            TimerHandle timer = loop.callLater(Duration.ofHours(1), () -> { });
            LoopFuture<Object> future = loop.createFuture();
            made.set(new Object[] {task, timer, future});
        }, "dying-host");
        host.start();
        host.join();

        loop.close();

        Object[] m = made.get();
        assertTrue(((Task<?>) m[0]).isCancelled(), "task not cancelled");
        assertTrue(((TimerHandle) m[1]).isCancelled(), "timer not cancelled");
        assertTrue(((LoopFuture<?>) m[2]).isCancelled(), "future not cancelled");
        CompletableFuture<?> f = (CompletableFuture<?>) m[0];
        assertTrue(f.isDone());
    }
}
