package io.loopbridge.core.host;

import io.loopbridge.core.GuestLoop;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Drives a {@link GuestLoop} from a toolkit's event queue: the core's {@link GuestLoop.HostWaker}
 * becomes one posted <em>turn</em> ({@code Platform::runLater}, {@code EventQueue::invokeLater},
 * {@code Display::asyncExec}, a game loop's queue); a turn runs ready callbacks and due timers for at most
 * a budget, then re-arms from {@code nextTimeout()}: {@code 0} posts the next turn (behind the toolkit's
 * own events, so painting and input go on during a flood), {@code > 0} arms the one
 * {@link DeadlineTimer}, {@code -1} disarms it. Built only on {@code GuestLoop}'s public host API.
 *
 * <pre>{@code
 * TimeSlicedDriver driver = new TimeSlicedDriver("MyLoop-1", Platform::runLater, Duration.ofMillis(2));
 * GuestLoop core = new GuestLoop(driver);
 * driver.start(core, new ParkingDeadlineTimer(core::time, driver::post, "MyLoop-1-timer"), hooks);
 * }</pre>
 *
 * <p><b>One turn in flight.</b> {@link #post()} queues a turn only when it turns {@link #posted} from
 * false to true, and the turn clears it <em>first</em>. So however many wake-ups, timer firings and
 * yields happen between two turns, at most one turn is queued, and anything that happens after a turn
 * has started gets a new one (or is seen by the running turn, which re-reads {@code nextTimeout()}).
 * A post function that throws leaves nothing queued: the flag is cleared again so the next wake-up
 * retries.
 *
 * <p><b>Turns.</b> A turn calls {@code runOnce} at least once (that clears the core's coalesced
 * wake-up, which only {@code runOnce} re-arms), then again while work is ready and the budget lasts.
 * Nested toolkit loops opened by a callback (a modal dialog, a nested run) need no help: the core keeps
 * a wake-up pending while more of a pass waits behind the running callback, so the nested loop gets a
 * turn. A fatal error ({@code OutOfMemoryError}) propagating out of {@code runOnce} leaves a turn posted,
 * so the rest of the pass runs next; the error goes on to the toolkit.
 *
 * <p><b>Closing.</b> A turn that finds the core closed disarms the timer and, once the core's loop-thread
 * cleanup has run (outside any nested {@code runOnce}), <em>releases</em> the host: closes the timer,
 * calls {@link Hooks#released()} once, and ignores every later turn. {@link #closeAndWait} is the close
 * policy every UI host shares (see its javadoc).
 *
 * <p><b>Threading.</b> {@link #wakeUp()}, {@link #post()}, {@link #closeAndWait} and the queries are safe
 * from any thread; {@link #start} is called once, before anything can wake the core; the turns, and the
 * timer's {@code arm}/{@code disarm}, run on the loop thread (the thread the post function runs on).
 */
public final class TimeSlicedDriver implements GuestLoop.HostWaker {

    /** What the host adds to a turn. Every method is called on the loop thread. */
    public interface Hooks {
        /** Whether the calling thread is the loop thread (the toolkit's UI thread). Any thread. */
        boolean isLoopThread();

        /**
         * Called before each turn; returning false skips it (a toolkit that moved to a new UI thread and
         * could not follow). The default runs every turn.
         */
        default boolean beforeTurn() {
            return true;
        }

        /** Called after each turn, even one a fatal error ended ({@link RunStack#afterIteration()}). */
        default void afterTurn() {
        }

        /** Called once, on the loop thread (or on the closing thread if the loop thread is gone), when the host is released after close. */
        default void released() {
        }
    }

    private final Executor post;
    private final long budgetNanos;
    /** True from a post() that queued a turn until that turn starts (at most one queued). */
    private final AtomicBoolean posted = new AtomicBoolean();
    /** Turns queued, ever (a test and benchmark figure). */
    private final AtomicLong posts = new AtomicLong();
    /** Counted down once the host is released. */
    private final CountDownLatch releasedLatch = new CountDownLatch(1);
    /** Released once, after close; never cleared. Guarded by itself (compare-and-set). */
    private final AtomicBoolean released = new AtomicBoolean();
    private final Runnable queuedTurn = new Runnable() {
        @Override
        public void run() {
            posted.set(false); // first: a wake-up during this turn queues the next one
            turn();
        }

        @Override
        public String toString() {
            return name + " turn"; // shows in toolkits' event descriptions
        }
    };
    /** The longest turn so far, ns (a test and benchmark figure). Written by the loop thread, read racily. */
    private volatile long longestTurnNanos;
    /** Set once by {@link #start}. */
    private volatile GuestLoop core;
    private volatile DeadlineTimer timer;
    private volatile Hooks hooks;
    private final String name;
    /** Whether the timer is armed. Loop thread only. */
    private boolean armed;

    /**
     * @param name   the loop's name, for messages and the turn's {@code toString()} ({@code "FxLoop-1 turn"})
     * @param post   queues a {@code Runnable} on the loop thread, after the events already queued
     *               ({@code Platform::runLater}); safe from any thread
     * @param budget the most a turn spends running callbacks before it yields to the toolkit (positive)
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if {@code budget} is not positive
     */
    public TimeSlicedDriver(String name, Executor post, Duration budget) {
        this.name = Objects.requireNonNull(name, "name: null (expected: the loop's name)");
        this.post = Objects.requireNonNull(post, "post: null (expected: the toolkit's post function)");
        Objects.requireNonNull(budget, "budget: null (expected: a positive Duration)");
        if (budget.isNegative() || budget.isZero()) {
            throw new IllegalArgumentException("budget: " + budget + " (expected: positive)");
        }
        this.budgetNanos = budget.toNanos();
    }

    /**
     * Binds the driver to its core, its timer and the host's hooks; once, before anything can wake the
     * core (right after {@code new GuestLoop(driver)}). Any thread.
     *
     * @throws IllegalStateException if started already
     * @throws NullPointerException  if an argument is null
     */
    public synchronized void start(GuestLoop core, DeadlineTimer timer, Hooks hooks) {
        if (this.core != null) throw new IllegalStateException(name + " is started already");
        Objects.requireNonNull(core, "core: null (expected: the GuestLoop to drive)");
        Objects.requireNonNull(timer, "timer: null (expected: a DeadlineTimer that calls post())");
        Objects.requireNonNull(hooks, "hooks: null (expected: the host's Hooks)");
        this.timer = timer;
        this.hooks = hooks;
        this.core = core;
    }

    /** The core's wake-up: posts a turn. Safe from any thread. */
    @Override
    public void wakeUp() {
        post();
    }

    /** Queues a turn unless one is queued already. Safe from any thread (the deadline timer's fire action). */
    public void post() {
        if (posted.compareAndSet(false, true)) {
            try {
                post.execute(queuedTurn);
                posts.incrementAndGet();
            } catch (RuntimeException | Error e) {
                posted.set(false); // nothing is queued: the next wake-up must try again
                throw e;
            }
        }
    }

    /** One turn, on the loop thread; called by the queued event. */
    private void turn() {
        GuestLoop c = core;
        if (c == null || released.get() || !hooks.beforeTurn()) return;
        long start = c.time();
        boolean returned = false;
        try {
            for (;;) {
                c.runOnce(Math.max(budgetNanos - (c.time() - start), 1));
                if (c.isClosed() || c.nextTimeout() != 0) break;
                if (c.time() - start >= budgetNanos) break; // over budget with work left: rearm() posts the next turn
            }
            returned = true;
        } finally {
            long took = c.time() - start;
            if (took > longestTurnNanos) longestTurnNanos = took;
            try {
                if (returned) rearm();
                else post(); // a fatal error: the core kept the rest of the pass for the next turn
            } finally {
                hooks.afterTurn();
            }
        }
    }

    /** Acts on {@code nextTimeout()}: post, arm, disarm; after close, release once the cleanup has run. Loop thread. */
    private void rearm() {
        if (released.get()) return;
        GuestLoop c = core;
        if (c.isClosed()) {
            disarm();
            if (c.isRunning()) return; // inside an outer runOnce (a nested loop): the outer turn finishes the close
            if (c.nextTimeout() == 0) post(); // the loop-thread half of close() is still to run
            else release();
            return;
        }
        long next = c.nextTimeout();
        if (next == 0) {
            post();
        } else if (next > 0) {
            long now = c.time();
            long at = now + next; // a little after the timer's own deadline (two clock reads): never early
            if (((now ^ at) & (next ^ at)) < 0) at = Long.MAX_VALUE; // saturate a deadline too far to represent
            armed = true;
            timer.arm(at);
        } else {
            disarm();
        }
    }

    private void disarm() {
        if (armed) {
            armed = false;
            timer.disarm();
        }
    }

    private void release() {
        if (!released.compareAndSet(false, true)) return;
        try {
            timer.close();
            hooks.released();
        } finally {
            releasedLatch.countDown();
        }
    }

    /**
     * The close policy of every UI host: closes the core and the timer, then
     * <ul>
     *   <li>on the loop thread: releases the host at once, or at the end of the current turn when called
     *       from a callback (the core finishes its cleanup there);</li>
     *   <li>on another thread: posts a turn, so the loop thread cancels what is pending now, and waits
     *       for the release, <b>at most {@code maxWait}</b>: the loop thread may be busy, or blocked on
     *       the closing thread (an {@code invokeAndWait} the other way), and a {@code close()} must not
     *       deadlock. After the bound the cleanup still happens, at the loop thread's next turn. If
     *       {@code loopThreadGone} says the toolkit's thread has ended (JavaFX after
     *       {@code Platform.exit()}: its posts are dropped), the closing thread cleans up and releases
     *       itself. An interrupt does not cut the wait short; the flag is restored.</li>
     * </ul>
     * Idempotent. Safe from any thread.
     *
     * @return whether the host is released when this returns
     */
    public boolean closeAndWait(Duration maxWait, BooleanSupplier loopThreadGone) {
        Objects.requireNonNull(maxWait, "maxWait: null (expected: a Duration)");
        Objects.requireNonNull(loopThreadGone, "loopThreadGone: null (expected: a BooleanSupplier)");
        GuestLoop c = core;
        c.close();
        timer.close();
        if (released.get()) return true;
        if (hooks.isLoopThread()) {
            if (!c.isRunning() && hooks.beforeTurn()) rearm(); // inside a callback: the current turn releases
            return released.get();
        }
        post();
        long deadline = System.nanoTime() + maxWait.toNanos();
        boolean interrupted = false;
        try {
            while (!released.get()) {
                if (loopThreadGone.getAsBoolean()) {
                    c.close(); // the loop thread has ended: close() cleans up on this thread
                    release();
                    break;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) break;
                try {
                    releasedLatch.await(Math.min(left, TimeUnit.MILLISECONDS.toNanos(20)), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
        return released.get();
    }

    /** Whether the host was released after close. Safe from any thread. */
    public boolean isReleased() {
        return released.get();
    }

    /** Turns queued so far (wake-up coalescing is measured with it). Safe from any thread. */
    public long posts() {
        return posts.get();
    }

    /** The longest turn so far, ns (a turn whose callback opened a modal dialog lasts as long as it). Safe from any thread (racy). */
    public long longestTurnNanos() {
        return longestTurnNanos;
    }

    /** What a queued turn's {@code toString()} says: the loop's name and " turn". Safe from any thread. */
    public String turnName() {
        return queuedTurn.toString();
    }

    /** The timer given to {@link #start}. Safe from any thread. */
    public DeadlineTimer timer() {
        return timer;
    }

    @Override
    public String toString() {
        return name + " driver[" + (posted.get() ? "turn queued" : "no turn queued") + ", " + timer
                + (released.get() ? ", released" : "") + "]";
    }
}
