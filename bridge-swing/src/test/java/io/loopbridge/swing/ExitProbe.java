package io.loopbridge.swing;

import io.loopbridge.core.Task;
import io.loopbridge.core.TimerHandle;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Run in a child JVM by {@link LifecycleTest}: uses a loop the way an application does (a ticking timer,
 * executor work, a far-off timer), closes it and returns from {@code main}. The JVM must then exit by
 * itself: a host timer left running would keep the EDT busy forever.
 */
public final class ExitProbe {
    private ExitProbe() {}

    public static void main(String[] args) throws Exception {
        SwingLoop loop = args.length > 0 && args[0].equals("SWING_TIMER") ? SwingLoop.create(SwingLoop.Timers.SWING_TIMER) : SwingLoop.create();
        CountDownLatch ticked = new CountDownLatch(5);
        loop.callSoon(new Runnable() {
            @Override
            public void run() {
                ticked.countDown();
                loop.callLater(Duration.ofMillis(20), this); // ticks until the loop closes
            }
        });
        TimerHandle far = loop.callLater(Duration.ofHours(1), () -> { });
        Task<String> work = loop.createTask(() -> loop.runInExecutor(() -> "worked"));
        System.out.println(loop.runUntilComplete(work));
        ticked.await();
        loop.close();
        System.out.println("closed; far timer cancelled: " + far.isCancelled());
    }
}
