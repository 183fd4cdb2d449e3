package io.loopbridge.core.host;

import io.loopbridge.core.ForwardingEventLoop;
import io.loopbridge.core.GuestLoop;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

// tag::queue-loop[]
/**
 * A host for a third toolkit ({@link QueueToolkit}) written with the host kit only, to prove it is
 * reusable: the kit's {@link TimeSlicedDriver} posts and slices the turns, a {@link ParkingDeadlineTimer}
 * keeps the deadline, the {@link RunStack} runs and stops, and the toolkit's nested loop nests a run.
 * It passes the same contract suites as the JavaFX, Swing and standalone hosts.
 *
 * <p><b>Threading.</b> As {@code EventLoop}; the loop thread is the toolkit's thread. Runs nest there and
 * wait elsewhere; {@code stop}, {@code close} and scheduling are safe from any thread.
 */
final class QueueLoop extends ForwardingEventLoop {
    private static final AtomicInteger IDS = new AtomicInteger();

    private final String name;
    private final QueueToolkit toolkit;
    private final TimeSlicedDriver driver;
    private final RunStack runs;

    private QueueLoop(String name, QueueToolkit toolkit, TimeSlicedDriver driver) {
        super(new GuestLoop(driver));
        this.name = name;
        this.toolkit = toolkit;
        this.driver = driver;
        core.setName(name);
        runs = new RunStack(this, core, new RunStack.Nesting() {
            @Override public boolean isLoopThread() { return toolkit.isToolkitThread(); }
            @Override public void enter(RunStack.Run run) {
                driver.post(); // inside a callback the outer turn is on hold: make sure the loop is driven
                toolkit.pumpUntil(run::isEnded);
            }
            @Override public void exit(RunStack.Run run) { toolkit.wake(); }
            @Override public void requestIteration() { driver.post(); }
            @Override public boolean isDriven() { return toolkit.isAlive(); }
        });
        driver.start(core, new ParkingDeadlineTimer(core::time, driver::post, name + "-timer"), new TimeSlicedDriver.Hooks() {
            @Override public boolean isLoopThread() { return toolkit.isToolkitThread(); }
            @Override public void afterTurn() { runs.afterIteration(); }
            @Override public void released() {
                if (core.loopThread() == Thread.currentThread()) core.detachThread();
            }
        });
    }

    /** A new loop on {@code toolkit}'s thread. Any thread but the toolkit's. */
    static QueueLoop create(QueueToolkit toolkit) {
        String name = "QueueLoop-" + IDS.incrementAndGet();
        QueueLoop loop = new QueueLoop(name, toolkit, new TimeSlicedDriver(name, toolkit::post, Duration.ofMillis(2)));
        toolkit.runAndWait(() -> loop.core.attachThread(loop));
        return loop;
    }

    @Override public <T> T runUntilComplete(CompletionStage<T> stage) { return runs.runUntilComplete(stage); }
    @Override public void runForever() { runs.runForever(); }
    @Override public void stop() { runs.stop(); }
    @Override public boolean isRunning() { return runs.isRunning(); }

    @Override
    public void close() {
        core.close();
        runs.endAll();
        driver.closeAndWait(Duration.ofSeconds(1), () -> !toolkit.isAlive());
    }

    @Override
    public String toString() {
        return name + "[" + (isClosed() ? "closed" : "open") + "]";
    }
}
// end::queue-loop[]
