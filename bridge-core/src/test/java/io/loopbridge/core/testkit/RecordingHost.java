package io.loopbridge.core.testkit;

import io.loopbridge.core.GuestLoop;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A test host for a {@link GuestLoop} on a {@link ManualClock} that <em>enforces the host contract</em>
 * and records what the loop asked of it.
 *
 * <ul>
 *   <li>Coalescing: a second {@code wakeUp()} while one is outstanding (no {@code runOnce()} since) is a
 *       contract violation. That strict check holds when no other thread submits <em>while</em> the host
 *       runs (deterministic tests join their threads first). With producers running concurrently, a
 *       wake-up whose flag was set just before a {@code runOnce} may be <em>delivered</em> after it
 *       began, and a fresh submission then wakes again: use {@link #toleratingLateWakeUps()}, which
 *       checks the exact invariant instead: one {@code wakeUp()} per flag transition and one transition
 *       per {@code runOnce}, so {@code wakeUp()} calls never exceed host turns + 1.</li>
 *   <li>No stranded work: {@link #assertNotStranded()} fails if the loop has ready work but never asked
 *       the host to run (a real host would sleep forever).</li>
 *   <li>Violations found on other threads are kept and thrown by {@link #assertContractKept()}, which
 *       tests call at the end (the contract test does it in {@code @AfterEach}).</li>
 * </ul>
 * {@link #pump()} runs the loop the way a real host would, except that when it would wait for a timer
 * it moves the clock to the deadline instead (Trio's "autojump clock"), so timer tests take no time.
 *
 * <p><b>Threading.</b> {@code pump}, {@code runOnce} and the asserts on the host thread (the test
 * thread); {@code wakeUp} from any thread.
 */
public final class RecordingHost implements GuestLoop.HostWaker {
    private final ManualClock clock;
    private GuestLoop loop;
    private final AtomicBoolean outstanding = new AtomicBoolean();
    private final AtomicInteger wakeUps = new AtomicInteger();
    /** runOnce calls made through this host (counted on entry, before the loop clears its flag). */
    private final AtomicInteger turns = new AtomicInteger();
    private volatile boolean tolerateLateWakeUps;
    private final List<String> violations = new CopyOnWriteArrayList<>();

    public RecordingHost(ManualClock clock) {
        this.clock = clock;
    }

    /** A host with its own clock and loop. */
    public static RecordingHost create() {
        ManualClock clock = new ManualClock();
        RecordingHost host = new RecordingHost(clock);
        host.attach(new GuestLoop(host, clock));
        return host;
    }

    public void attach(GuestLoop loop) {
        this.loop = loop;
    }

    public GuestLoop loop() {
        return loop;
    }

    public ManualClock clock() {
        return clock;
    }

    /**
     * For tests whose producers run concurrently with the host: tolerates late-delivered wake-ups (see
     * the class javadoc) and checks {@code wakeUps() <= turns + 1} instead. Returns this host.
     */
    public RecordingHost toleratingLateWakeUps() {
        tolerateLateWakeUps = true;
        return this;
    }

    @Override
    public void wakeUp() {
        int n = wakeUps.incrementAndGet();
        boolean second = !outstanding.compareAndSet(false, true);
        if (tolerateLateWakeUps) {
            int t = turns.get();
            if (n > t + 1) {
                violations.add("wakeUp() #" + n + " on thread '" + Thread.currentThread().getName() + "' after only "
                        + t + " host turns (expected: at most one wake-up per runOnce, plus one)");
            }
        } else if (second) {
            violations.add("wakeUp() #" + n + " on thread '" + Thread.currentThread().getName()
                    + "' while a wake-up was already outstanding (not coalesced)");
        }
        synchronized (this) {
            notifyAll();
        }
    }

    /** Blocks the host thread until a wake-up is outstanding; fails after 10 s. */
    private void awaitWakeUp() {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        synchronized (this) {
            while (!outstanding.get()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) fail("the loop is idle and was not woken within 10 s");
                try {
                    wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    fail("interrupted while waiting for a wake-up");
                }
            }
        }
    }

    /** How many times the loop called {@code wakeUp()}. */
    public int wakeUps() {
        return wakeUps.get();
    }

    /** Whether a wake-up arrived since the last {@link #runOnce()}. */
    public boolean woken() {
        return outstanding.get();
    }

    /** One host turn: {@code runOnce()}, as a real host does after a wake-up or a timeout. */
    public int runOnce() {
        outstanding.set(false);
        turns.incrementAndGet();
        return loop.runOnce();
    }

    /** One time-sliced host turn: {@code runOnce(budgetNanos)}. */
    public int runOnce(long budgetNanos) {
        outstanding.set(false);
        turns.incrementAndGet();
        return loop.runOnce(budgetNanos);
    }

    /** How many host turns ({@code runOnce} calls through this host) there were. */
    public int turns() {
        return turns.get();
    }

    /**
     * Runs the loop until it has nothing ready and no timer, jumping the clock to each deadline.
     * Bounded: fails after {@code maxTurns} turns (a spinning loop is a bug too).
     *
     * @return the number of callbacks run
     */
    public int pump() {
        return pumpUntil(null, 1_000_000);
    }

    /**
     * Like {@link #pump()} but stops as soon as {@code done} holds (checked after each turn); while it
     * does not hold and the loop is idle, blocks for a wake-up (work from other threads), as a real
     * host would.
     */
    public int pumpUntil(BooleanSupplier done) {
        return pumpUntil(done, 10_000_000);
    }

    public int pumpUntil(BooleanSupplier done, int maxTurns) {
        int ran = 0;
        for (int turn = 0; turn < maxTurns; turn++) {
            ran += runOnce();
            if (done != null && done.getAsBoolean()) return ran;
            long t = loop.nextTimeout();
            if (t < 0) {
                if (outstanding.get()) continue; // woken while running: go again
                if (done == null) return ran;
                awaitWakeUp();
                continue;
            }
            if (t > 0) clock.advanceNanos(t);
        }
        fail("the loop was still busy after " + maxTurns + " host turns");
        return ran;
    }

    /** Advances the clock by {@code d} and runs what is due, without jumping further. */
    public int advanceAndRun(Duration d) {
        clock.advance(d);
        int ran = 0;
        while (loop.nextTimeout() == 0) ran += runOnce();
        return ran;
    }

    /** Fails if the loop has work ready now but never woke its host for it. Host thread. */
    public void assertNotStranded() {
        if (loop.nextTimeout() == 0 && !outstanding.get()) {
            fail("the loop has ready work but did not wake its host: a real host would never run it");
        }
    }

    /** Throws the first contract violation seen, if any. */
    public void assertContractKept() {
        if (!violations.isEmpty()) fail("host contract violated: " + violations);
    }
}
