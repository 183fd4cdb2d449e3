package io.loopbridge.core.host;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.BooleanSupplier;

/**
 * A stand-in for a third UI toolkit (SWT's {@code Display}, a game loop): one thread that runs posted
 * events in order, forever, and can pump events in a nested loop ({@link #pumpUntil}) the way a modal
 * dialog does. It knows nothing of LoopBridge; {@link QueueLoop} hosts a loop on it with the host kit.
 *
 * <p><b>Threading.</b> {@link #post}, {@link #wake}, {@link #runAndWait} and the queries are safe from
 * any thread; {@link #pumpUntil} runs on the toolkit thread only. An event that throws is printed and the
 * toolkit goes on (as AWT's and JavaFX's event threads do).
 */
final class QueueToolkit {
    private final LinkedBlockingQueue<Runnable> events = new LinkedBlockingQueue<>();
    private final Thread thread;

    QueueToolkit(String name) {
        thread = new Thread(() -> pumpUntil(() -> false), name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues {@code event} behind the events already queued. Any thread. */
    void post(Runnable event) {
        events.add(event);
    }

    /** Makes a pump re-check its condition (an empty event). Any thread. */
    void wake() {
        events.add(() -> { });
    }

    /** Whether the caller is the toolkit thread. Any thread. */
    boolean isToolkitThread() {
        return Thread.currentThread() == thread;
    }

    boolean isAlive() {
        return thread.isAlive();
    }

    /** Runs events on the toolkit thread until {@code done} (checked between events); the toolkit's nested loop. */
    void pumpUntil(BooleanSupplier done) {
        if (!isToolkitThread()) throw new IllegalStateException("pumpUntil off the toolkit thread");
        while (!done.getAsBoolean()) {
            Runnable event;
            try {
                event = events.take();
            } catch (InterruptedException e) {
                continue; // like a UI toolkit's event thread: not interruptible
            }
            try {
                event.run();
            } catch (Throwable e) {
                e.printStackTrace(); // the toolkit's "uncaught exception in an event"
            }
        }
    }

    /** Runs {@code action} as an event and waits for it. Any thread but the toolkit's. */
    void runAndWait(Runnable action) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        post(() -> {
            try {
                action.run();
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        });
        done.join();
    }
}
