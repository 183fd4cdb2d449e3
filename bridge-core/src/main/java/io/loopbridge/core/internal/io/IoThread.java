package io.loopbridge.core.internal.io;

import io.loopbridge.core.ErrorContext;
import io.loopbridge.core.EventLoop;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The loop's one I/O thread: a {@link Selector} that waits for readiness of every socket and server of
 * the loop (as Trio's guest mode runs its I/O wait on a helper thread), reads what arrived, accepts
 * connections, and hands the results to the loop thread through the {@link LoopPost} (one callback for a
 * whole select round). It never runs user code.
 *
 * <p><b>Lifetime.</b> Started by the loop's first socket (never for a loop that only runs processes);
 * named {@code "<loop>-io"}; a daemon thread; ends when {@link #shutdown()} is called (the loop's close),
 * after closing the selector. One per loop, whatever the number of connections.
 *
 * <p><b>Work from the loop thread</b> (registering a channel, closing a server) is queued with
 * {@link #submit} and runs between two selects; interest changes are made directly with the atomic
 * {@code interestOpsOr/And} and a {@link #wakeup()}, which wakes the selector only while it is in
 * {@code select} (see {@link #selecting}).
 *
 * <p><b>Threading.</b> {@link #submit}, {@link #wakeup} and {@link #shutdown} from any thread; everything
 * else on the I/O thread.
 */
final class IoThread implements Runnable {
    /** What a selection key's attachment does when its channel is ready. I/O thread. */
    interface Ready {
        void ready(SelectionKey key, IoThread io);
    }

    final Selector selector;
    private final Thread thread;
    private final EventLoop loop;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private volatile boolean closing;
    /**
     * True from just before {@code select()} until it returns. An interest change (or a key cancelled) while
     * it is false needs no wake-up: {@link SelectionKey#interestOps(int)} promises that a change is seen by
     * "the next selection operation", and a thread that made its change and then read false here made it
     * before this thread's next {@code selecting = true} (both volatile: one synchronization order; the
     * JDK's selectors queue the change under a lock that {@code select()} takes before it waits). Saved: a
     * write to the selector's wake-up fd and a spurious round of this thread, per interest change.
     */
    private volatile boolean selecting;
    /** Selector wake-ups sent by {@link #wakeup()} (for the tests). Any thread writes (racy: a count, not a proof). */
    volatile long wakeupsSent;
    /** The read buffer for every socket, reused: data is copied out before it is posted. I/O thread. */
    final ByteBuffer readBuffer = ByteBuffer.allocateDirect(IoService.CHUNK);
    /** Select rounds that found work (for the benchmarks). I/O thread writes, any thread reads (racy). */
    volatile long rounds;

    IoThread(EventLoop loop, String name) throws IOException {
        this.loop = loop;
        this.selector = Selector.open();
        this.thread = new Thread(this, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Runs {@code task} on the I/O thread between two selects. Any thread. */
    void submit(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    /**
     * Makes the selector see the interest sets changed and the keys cancelled before this call: wakes it if
     * it is in {@code select}, else does nothing (its next {@code select} sees them; see {@link #selecting}).
     * Any thread.
     */
    void wakeup() {
        if (selecting) {
            wakeupsSent++;
            selector.wakeup();
        }
    }

    /** Registers {@code ch} for {@code ops} with {@code ready} as its handler. I/O thread. */
    SelectionKey register(SelectableChannel ch, int ops, Ready ready) throws IOException {
        return ch.register(selector, ops, ready);
    }

    /** Whether the thread is in (or just about to enter) {@code select} (for the tests). Any thread. */
    boolean isSelecting() {
        return selecting;
    }

    Thread thread() {
        return thread;
    }

    /** Ends the thread (idempotent) and waits up to {@code millis} for it. Any thread. */
    void shutdown(long millis) {
        closing = true;
        selector.wakeup();
        if (Thread.currentThread() == thread) return;
        try {
            thread.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void run() {
        try {
            while (!closing) {
                selecting = true;
                selector.select();
                selecting = false;
                for (Runnable t; (t = tasks.poll()) != null; ) runSafely(t);
                if (closing) break;
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                if (it.hasNext()) rounds++;
                while (it.hasNext()) {
                    SelectionKey k = it.next();
                    it.remove();
                    Object a = k.attachment();
                    if (!k.isValid() || !(a instanceof Ready)) continue;
                    try {
                        ((Ready) a).ready(k, this);
                    } catch (CancelledKeyException closedMeanwhile) {
                        // the loop thread closed the channel while we handled it
                    } catch (RuntimeException e) {
                        report("Exception on the I/O thread handling " + a, e);
                    }
                }
            }
        } catch (ClosedSelectorException | IOException e) {
            if (!closing) report("The I/O thread's selector failed: the loop's sockets no longer work", e);
        } catch (Throwable e) {
            report("The I/O thread died: the loop's sockets no longer work", e);
            throw e;
        } finally {
            for (Runnable t; (t = tasks.poll()) != null; ) runSafely(t); // a close queued last still runs
            try {
                for (SelectionKey k : selector.keys()) closeQuietly(k.channel());
                selector.close();
            } catch (IOException | ClosedSelectorException ignored) {
                // closing anyway
            }
        }
    }

    private void runSafely(Runnable t) {
        try {
            t.run();
        } catch (RuntimeException e) {
            report("Exception on the I/O thread running " + t, e);
        }
    }

    private void report(String message, Throwable e) {
        try {
            loop.callExceptionHandler(new ErrorContext(message, e, null));
        } catch (RuntimeException ignored) {
            // the handler failed: nothing more we can do on this thread
        }
    }

    static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
