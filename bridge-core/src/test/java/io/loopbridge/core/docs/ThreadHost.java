package io.loopbridge.core.docs;

import io.loopbridge.core.EventLoop;
import io.loopbridge.core.GuestLoop;

import java.util.concurrent.locks.LockSupport;

// tag::thread-host[]
/**
 * The smallest real host: a GuestLoop driven by a thread of its own. Start it, use {@link #loop()}
 * from any thread, close it when done.
 */
final class ThreadHost implements AutoCloseable {
    private final Thread thread = new Thread(this::drive, "loop-host");
    private final GuestLoop loop = new GuestLoop(() -> LockSupport.unpark(thread)); // wakeUp(), any thread

    ThreadHost() {
        thread.start();
    }

    EventLoop loop() {
        return loop;
    }

    private void drive() {
        while (!loop.isClosed()) {
            loop.runOnce();                       // run what is ready; never blocks
            long timeout = loop.nextTimeout();    // re-read after every runOnce
            if (timeout == 0) continue;           //  0: more work is ready
            if (timeout < 0) LockSupport.park();  // -1: nothing scheduled; sleep until wakeUp()
            else LockSupport.parkNanos(timeout);  // >0: sleep until the next timer, or wakeUp()
        }                                         // (a spurious return just costs one more turn)
        loop.detachThread(); // leave: runs what close() left for the loop thread (cancelling what is pending)
    }

    @Override
    public void close() throws InterruptedException {
        loop.close();      // cancels what is pending and wakes the host for the cleanup
        thread.join();     // the host ends with its loop: they start and stop together
    }
}
// end::thread-host[]
