package io.loopbridge.core.host;

import io.loopbridge.core.EventLoop;
import io.loopbridge.core.GuestLoop;
import io.loopbridge.core.StandaloneLoop;
import io.loopbridge.core.testkit.ApiTable;
import io.loopbridge.core.testkit.RecordingHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input over the host kit's drivers ({@link TimeSlicedDriver}, {@link DeadlineTimer},
 * {@link ParkingDeadlineTimer}, {@link RunStack}, {@link OpenLoops}, {@link ModalCalls}), table-driven
 * like the core's ({@link ApiTable}: a new public member without a row fails this test).
 */
@Timeout(60)
class HostKitBadInputTest {
    private final RecordingHost host = RecordingHost.create();
    private final GuestLoop loop = host.loop();
    private final StandaloneLoop closed = StandaloneLoop.create();

    @AfterEach
    void closeLoops() {
        loop.close();
        closed.close();
    }

    /** A nesting that never nests: enough for the null checks. */
    private static final RunStack.Nesting NESTING = new RunStack.Nesting() {
        @Override public boolean isLoopThread() { return false; }
        @Override public void enter(RunStack.Run run) { }
        @Override public void exit(RunStack.Run run) { }
        @Override public void requestIteration() { }
        @Override public boolean isDriven() { return true; }
    };

    private static final TimeSlicedDriver.Hooks HOOKS = () -> false;

    @Test
    void everyPublicHostKitMemberRejectsBadInputClearly() {
        host.runOnce(); // the test thread is the loop thread
        closed.close();
        ApiTable t = new ApiTable().api(TimeSlicedDriver.class, TimeSlicedDriver.Hooks.class, DeadlineTimer.class,
                ParkingDeadlineTimer.class, RunStack.class, RunStack.Nesting.class, RunStack.Run.class, OpenLoops.class,
                ModalCalls.class);
        t.sample(EventLoop.class, () -> loop)
                .sample(GuestLoop.class, () -> loop)
                .sample(String.class, () -> "sample")
                .sample(Executor.class, () -> r -> { })
                .sample(Duration.class, () -> Duration.ofMillis(1))
                .sample(LongSupplier.class, () -> System::nanoTime)
                .sample(Runnable.class, () -> () -> { })
                .sample(BooleanSupplier.class, () -> () -> false)
                .sample(DeadlineTimer.class, () -> new ParkingDeadlineTimer(System::nanoTime, () -> { }, "sample-timer"))
                .sample(TimeSlicedDriver.Hooks.class, () -> HOOKS)
                .sample(RunStack.Nesting.class, () -> NESTING)
                .sample(CompletionStage.class, CompletableFuture::new)
                .sample(Supplier.class, () -> () -> 1);

        t.row("TimeSlicedDriver#<init>(String,Executor,Duration)", "name", "post", "budget");
        t.bad("TimeSlicedDriver#<init>(String,Executor,Duration)", "a zero budget",
                r -> new TimeSlicedDriver("d", x -> { }, Duration.ZERO), IllegalArgumentException.class, "expected: positive");
        t.bad("TimeSlicedDriver#<init>(String,Executor,Duration)", "a negative budget",
                r -> new TimeSlicedDriver("d", x -> { }, Duration.ofMillis(-1)), IllegalArgumentException.class, "expected: positive");
        t.row("TimeSlicedDriver#start(GuestLoop,DeadlineTimer,Hooks)", "core", "timer", "hooks");
        t.bad("TimeSlicedDriver#start(GuestLoop,DeadlineTimer,Hooks)", "a second start", r -> {
            TimeSlicedDriver d = new TimeSlicedDriver("twice", x -> { }, Duration.ofMillis(1));
            d.start(loop, new ParkingDeadlineTimer(System::nanoTime, () -> { }, "t"), HOOKS);
            d.start(loop, new ParkingDeadlineTimer(System::nanoTime, () -> { }, "t"), HOOKS);
        }, IllegalStateException.class, "started already");
        t.row("TimeSlicedDriver#wakeUp()");
        t.row("TimeSlicedDriver#post()");
        t.row("TimeSlicedDriver#closeAndWait(Duration,BooleanSupplier)", "maxWait", "loopThreadGone");
        t.row("TimeSlicedDriver#isReleased()");
        t.row("TimeSlicedDriver#posts()");
        t.row("TimeSlicedDriver#longestTurnNanos()");
        t.row("TimeSlicedDriver#turnName()");
        t.row("TimeSlicedDriver#timer()");
        t.row("TimeSlicedDriver#toString()");
        t.row("Hooks#isLoopThread()");
        t.row("Hooks#beforeTurn()");
        t.row("Hooks#afterTurn()");
        t.row("Hooks#released()");

        t.row("DeadlineTimer#arm(long)", "-");
        t.row("DeadlineTimer#disarm()");
        t.row("DeadlineTimer#isArmed()");
        t.row("DeadlineTimer#close()");
        t.row("ParkingDeadlineTimer#<init>(LongSupplier,Runnable,String)", "clock", "fire", "threadName");
        t.row("ParkingDeadlineTimer#thread()");
        t.row("ParkingDeadlineTimer#toString()");

        t.row("RunStack#<init>(EventLoop,GuestLoop,Nesting)", "face", "core", "nesting");
        t.row("RunStack#runUntilComplete(CompletionStage)", "stage");
        t.bad("RunStack#runUntilComplete(CompletionStage)", "a closed loop",
                r -> new RunStack(closed, loop, NESTING).runUntilComplete(new CompletableFuture<>()), IllegalStateException.class, "loop is closed");
        t.bad("RunStack#runUntilComplete(CompletionStage)", "a future of a loop nobody runs",
                r -> new RunStack(loop, loop, NESTING).runUntilComplete(StandaloneLoop.create().createFuture()),
                IllegalArgumentException.class, "which is not running");
        t.row("RunStack#runForever()");
        t.bad("RunStack#runForever()", "a closed loop", r -> new RunStack(closed, loop, NESTING).runForever(),
                IllegalStateException.class, "loop is closed");
        t.row("RunStack#stop()");
        t.row("RunStack#isRunning()");
        t.row("RunStack#size()");
        t.row("RunStack#afterIteration()");
        t.row("RunStack#endAll()");
        t.row("RunStack#endWaiters()");
        t.row("RunStack#toString()");
        t.row("Nesting#isLoopThread()");
        t.row("Nesting#enter(Run)", "?run");
        t.nullLegal("Nesting#enter(Run)", "implemented by a host; RunStack never passes null");
        t.row("Nesting#exit(Run)", "?run");
        t.nullLegal("Nesting#exit(Run)", "implemented by a host; RunStack never passes null");
        t.row("Nesting#requestIteration()");
        t.row("Nesting#isDriven()");
        t.row("Run#isEnded()");
        t.row("Run#onLoopThread()");

        t.row("OpenLoops#<init>()");
        t.row("OpenLoops#register(EventLoop,GuestLoop)", "face", "core");
        t.row("OpenLoops#release(EventLoop,GuestLoop)", "face", "core");
        t.row("OpenLoops#snapshot()");

        t.row("ModalCalls#run(EventLoop,Executor,Supplier)", "loop", "post", "call");
        t.bad("ModalCalls#run(EventLoop,Executor,Supplier)", "a closed loop", r -> ModalCalls.run(closed, x -> { }, () -> 1),
                java.util.concurrent.RejectedExecutionException.class, "loop is closed");

        Map<Class<?>, Supplier<?>> receivers = new LinkedHashMap<>();
        receivers.put(TimeSlicedDriver.class, () -> new TimeSlicedDriver("sample", x -> { }, Duration.ofMillis(1)));
        receivers.put(ParkingDeadlineTimer.class, () -> new ParkingDeadlineTimer(System::nanoTime, () -> { }, "sample-timer"));
        receivers.put(RunStack.class, () -> new RunStack(loop, loop, NESTING));
        receivers.put(OpenLoops.class, OpenLoops::new);
        List<String> problems = t.run(receivers);
        System.out.printf("[bad input] host kit: %d calls%n", t.callsMade());
        assertTrue(problems.isEmpty(), problems.size() + " problems:\n" + String.join("\n", problems));
    }
}
