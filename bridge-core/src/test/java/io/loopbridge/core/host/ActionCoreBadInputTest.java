package io.loopbridge.core.host;

import io.loopbridge.core.GuestLoop;
import io.loopbridge.core.Progress;
import io.loopbridge.core.testkit.ApiTable;
import io.loopbridge.core.testkit.RecordingHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;

import static io.loopbridge.core.testkit.ApiTable.onOtherThread;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input over the action core's public types ({@link ActionCore}, its callback interfaces,
 * {@link ActionState}), table-driven like the core's ({@link ApiTable}: a new public method without a row
 * fails this test). Run on the loop thread.
 */
@Timeout(30)
class ActionCoreBadInputTest {
    private final RecordingHost host = RecordingHost.create();
    private final GuestLoop loop = host.loop();
    private final GuestLoop closed = RecordingHost.create().loop();

    @AfterEach
    void closeLoops() {
        loop.close();
        closed.close();
    }

    @Test
    void everyPublicActionCoreMemberRejectsBadInputClearly() {
        host.runOnce(); // the test thread is the loop thread
        closed.close();
        ApiTable t = new ApiTable().api(ActionCore.class, ActionCore.Control.class, ActionCore.CloseHook.class,
                ActionCore.Listener.class, ActionCore.CoroutineBody.class, ActionState.class);
        t.sample(io.loopbridge.core.EventLoop.class, () -> loop)
                .sample(String.class, () -> "the test thread")
                .sample(ActionCore.Control.class, () -> on -> false)
                .sample(ActionCore.CloseHook.class, () -> cancel -> { })
                .sample(ActionCore.Listener.class, () -> new ActionCore.Listener() { })
                .sample(Consumer.class, () -> e -> { })
                .sample(Runnable.class, () -> () -> { })
                .sample(Progress.class, () -> new Progress(loop))
                .sample(Supplier.class, () -> () -> CompletableFuture.completedFuture(null))
                .sample(java.util.concurrent.Callable.class, () -> () -> 1);
        t.row("ActionCore#<init>(EventLoop,String)", "loop", "threadName");
        t.row("ActionCore#disableWhileRunning(Control)", "control");
        t.row("ActionCore#enableWhileRunning(Control)", "control");
        t.row("ActionCore#cancelOnClose(CloseHook)", "hook");
        t.row("ActionCore#latestWins()");
        t.row("ActionCore#onFailure(Consumer)", "handler");
        t.row("ActionCore#onSucceeded(Runnable)", "hook");
        t.row("ActionCore#onCancelled(Runnable)", "hook");
        t.row("ActionCore#progress(Progress)", "progress");
        t.row("ActionCore#addListener(Listener)", "listener");
        t.row("ActionCore#start(Supplier)", "body");
        t.bad("ActionCore#start(Supplier)", "off the loop thread", r -> onOtherThread(x -> new ActionCore(loop, "the test thread").start(CompletableFuture::new)),
                IllegalStateException.class, "start() is for the test thread of ");
        t.bad("ActionCore#start(Supplier)", "a closed loop", r -> new ActionCore(closed, "the test thread").start(CompletableFuture::new),
                RejectedExecutionException.class, "loop is closed");
        t.row("ActionCore#startTask(Supplier)", "starter");
        t.bad("ActionCore#startTask(Supplier)", "a starter that returns null", r -> new ActionCore(loop, "the test thread").startTask(() -> null),
                NullPointerException.class, "starter: returned null (expected: the Task it started)");
        t.row("ActionCore#launch(Callable)", "body");
        if (io.loopbridge.core.Await.isSupported()) {
            t.bad("ActionCore#launch(Callable)", "off the loop thread", r -> onOtherThread(x -> new ActionCore(loop, "the test thread").launch(() -> 1)),
                    IllegalStateException.class, "start() is for the test thread");
            t.bad("ActionCore#launch(Callable)", "a closed loop", r -> new ActionCore(closed, "the test thread").launch(() -> 1),
                    java.util.concurrent.RejectedExecutionException.class, "loop is closed");
        } else {
            t.bad("ActionCore#launch(Callable)", "a JDK without coroutines", r -> new ActionCore(loop, "the test thread").launch(() -> 1),
                    UnsupportedOperationException.class, "JDK 21");
        }
        t.row("ActionCore#requireCoroutines(String)", "what");
        t.row("CoroutineBody#run(Object)", "?event");
        t.nullLegal("CoroutineBody#run(Object)", "implemented by the application; the bridges pass the toolkit's event, never null");
        t.row("ActionCore#cancel()");
        t.row("ActionCore#isRunning()");
        t.row("ActionCore#getState()");
        t.row("ActionCore#getProgress()");
        t.row("ActionCore#getMessage()");
        t.row("ActionCore#toString()");
        t.row("Control#setEnabled(boolean)", "-");
        t.row("CloseHook#register(Runnable)", "?cancel");
        t.nullLegal("CloseHook#register(Runnable)", "implemented by a toolkit bridge; ActionCore never passes null");
        t.row("Listener#runningChanged(boolean)", "-");
        t.row("Listener#stateChanged(ActionState)", "?state");
        t.nullLegal("Listener#stateChanged(ActionState)", "implemented by a toolkit bridge; ActionCore never passes null");
        t.row("Listener#progressChanged(double,String)", "-", "?message");
        t.nullLegal("Listener#progressChanged(double,String)", "implemented by a toolkit bridge; ActionCore never passes null");
        t.row("ActionState#values()");
        t.row("ActionState#valueOf(String)", "!name");
        t.nullLegal("ActionState#valueOf(String)", "generated by the compiler: Enum.valueOf's own NullPointerException (\"Name is null\")");

        Map<Class<?>, Supplier<?>> receivers = new LinkedHashMap<>();
        receivers.put(ActionCore.class, () -> new ActionCore(loop, "the test thread"));
        List<String> problems = t.run(receivers);
        System.out.printf("[bad input] action core: %d calls%n", t.callsMade());
        assertTrue(problems.isEmpty(), problems.size() + " problems:\n" + String.join("\n", problems));
    }
}
