package io.loopbridge.core.internal.io;

import io.loopbridge.core.EventLoop;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one way the I/O thread and the pipe pumps hand events to the loop thread: events queue here, and
 * at most one {@link EventLoop#execute} is in flight for all of them, so a burst of readiness (a select
 * round that found a thousand sockets ready, a pump delivering chunk after chunk) costs the loop one
 * callback, not one per event. It rides on the loop's own coalesced wake-up.
 *
 * <p><b>Order.</b> Events run on the loop thread in the order they were posted (per posting thread, and
 * in one total order overall: the queue is FIFO).
 *
 * <p><b>Exactly when a callback is posted.</b> {@link #post} queues the event, then posts a drain if
 * {@link #scheduled} turns from false to true. The drain clears the flag <em>before</em> it polls, so an
 * event queued after its last poll finds the flag clear and posts again: none is stranded.
 *
 * <p><b>Closing.</b> Once the loop is closed, {@code execute} rejects the drain and the events are
 * dropped: the loop's close has cancelled every future they would complete, and the I/O service's close
 * releases the sockets and processes.
 *
 * <p><b>Threading.</b> {@link #post} from any thread (the I/O thread, pump threads); events run on the loop
 * thread only.
 */
final class LoopPost {
    private final EventLoop loop;
    private final ConcurrentLinkedQueue<Runnable> events = new ConcurrentLinkedQueue<>();
    /** Whether a drain is posted and has not started polling yet. */
    private final AtomicBoolean scheduled = new AtomicBoolean();
    /** Drains posted so far (for the tests and benchmarks: it shows the coalescing). */
    private volatile long drains;
    private final Runnable drain = this::drain;

    LoopPost(EventLoop loop) {
        this.loop = loop;
    }

    /** Queues {@code event} to run on the loop thread. Any thread. */
    void post(Runnable event) {
        events.offer(event);
        if (!scheduled.get() && scheduled.compareAndSet(false, true)) {
            try {
                loop.execute(drain);
            } catch (RejectedExecutionException closed) {
                events.clear(); // the loop is closed: see the class javadoc
            }
        }
    }

    /** Loop thread: runs every event queued so far (and those queued while it runs). */
    private void drain() {
        drains++;
        scheduled.set(false); // before polling: see the class javadoc
        for (Runnable e; (e = events.poll()) != null; ) {
            try {
                e.run();
            } catch (RuntimeException | LinkageError | AssertionError x) {
                loop.callExceptionHandler(new io.loopbridge.core.ErrorContext("Exception in an I/O event " + e, x, null));
            }
        }
    }

    /** How many drain callbacks ran. Any thread (racy). */
    long drains() {
        return drains;
    }
}
