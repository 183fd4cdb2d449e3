package io.loopbridge.javafx;

import io.loopbridge.core.EventLoop;
import io.loopbridge.core.ForwardingEventLoop;
import io.loopbridge.core.Progress;
import io.loopbridge.core.testkit.ApiTable;
import io.loopbridge.core.testkit.EventLoopRows;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import static io.loopbridge.core.testkit.ApiTable.onOtherThread;
import static io.loopbridge.javafx.FxTesting.onFx;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input over the public JavaFX API ({@link FxLoop}, {@link FxLoop.Timers}, {@link FxActions}) and the
 * {@link EventLoop} contract on an {@code FxLoop}, table-driven like the core's
 * ({@link ApiTable}: a new public method without a row fails this test). Run on the FX Application
 * Thread, the loop thread.
 */
@Timeout(60)
class FxPublicApiBadInputTest {
    private final List<FxLoop> loops = new ArrayList<>();

    @BeforeAll
    static void startToolkit() {
        FxTesting.startToolkit();
    }

    @AfterEach
    void closeLoops() {
        for (FxLoop l : loops) l.close();
    }

    private FxLoop newLoop() {
        FxLoop l = FxLoop.create();
        loops.add(l);
        return l;
    }

    private static void noop() {}

    @Test
    void everyPublicJavaFxMemberRejectsBadInputClearly() throws Exception {
        FxLoop loop = newLoop();
        FxLoop closed = newLoop();
        closed.close();
        ApiTable t = new ApiTable().api(EventLoop.class, ForwardingEventLoop.class, FxLoop.class, FxLoop.Timers.class, FxActions.class, FxAwait.class);
        t.sample(Runnable.class, () -> FxPublicApiBadInputTest::noop)
                .sample(Duration.class, () -> Duration.ofMillis(1))
                .sample(Supplier.class, () -> () -> CompletableFuture.completedFuture(null))
                .sample(CompletionStage.class, CompletableFuture::new)
                .sample(Executor.class, () -> Runnable::run)
                .sample(Callable.class, () -> () -> 1)
                .sample(io.loopbridge.core.host.ActionCore.CoroutineBody.class, () -> e -> { })
                .sample(List.class, List::of)
                .sample(io.loopbridge.core.ErrorContext.class, () -> new io.loopbridge.core.ErrorContext("sample", null, null))
                .sample(io.loopbridge.core.ExceptionHandler.class, () -> c -> { })
                .sample(Function.class, () -> v -> CompletableFuture.completedFuture(null))
                .sample(Consumer.class, () -> v -> { })
                .sample(Node[].class, () -> new Node[] {new Label("sample")})
                .sample(Node.class, () -> new Label("sample"))
                .sample(Window.class, Stage::new)
                .sample(Progress.class, () -> new Progress(loop))
                .sample(io.loopbridge.core.Task.class, () -> loop.createTask(CompletableFuture::new))
                .sample(FxLoop.class, () -> loop)
                .sample(FxLoop.Timers.class, () -> FxLoop.Timers.PRECISE)
                .sample(String.class, () -> "PRECISE")
                .sample(javafx.scene.control.Dialog.class, javafx.scene.control.Dialog::new)
                .sample(javafx.beans.value.ObservableValue.class, javafx.beans.property.SimpleStringProperty::new)
                .sample(java.util.function.Predicate.class, () -> v -> false)
                .sample(javafx.event.EventType.class, () -> javafx.event.ActionEvent.ACTION);
        EventLoopRows.add(t);
        t.bad("EventLoop#runUntilComplete(CompletionStage)", "a closed loop", r -> closed.runUntilComplete(new CompletableFuture<>()),
                IllegalStateException.class, "loop is closed");
        t.bad("EventLoop#runForever()", "a closed loop", r -> closed.runForever(), IllegalStateException.class, "loop is closed");
        t.bad("EventLoop#callSoon(Runnable)", "a closed loop, from another thread", r -> onOtherThread(x -> closed.callSoon(FxPublicApiBadInputTest::noop)),
                RejectedExecutionException.class, "loop is closed");
        t.bad("EventLoop#createEagerTask(Supplier)", "off the FX thread", r -> onOtherThread(x -> loop.createEagerTask(CompletableFuture::new)),
                IllegalStateException.class, "createEagerTask() is for the loop thread");
        t.row("FxLoop#create()");
        t.row("FxLoop#create(Timers)", "timers");
        t.row("FxLoop#runModal(Supplier)", "modal");
        t.bad("FxLoop#runModal(Supplier)", "a closed loop", r -> closed.runModal(() -> 1), RejectedExecutionException.class, "loop is closed");
        t.row("FxLoop#toString()");
        t.row("Timers#values()");
        t.row("Timers#valueOf(String)", "!name");
        t.nullLegal("Timers#valueOf(String)", "generated by the compiler: Enum.valueOf's own NullPointerException (\"Name is null\")");
        t.bad("Timers#valueOf(String)", "an unknown name", r -> FxLoop.Timers.valueOf("FAST"), IllegalArgumentException.class, "FAST");
        t.row("FxActions#of(FxLoop)", "loop");
        t.row("FxActions#disableWhileRunning(Node[])", "nodes");
        t.bad("FxActions#disableWhileRunning(Node[])", "a null node", r -> FxActions.of(loop).disableWhileRunning(new Label(), null),
                NullPointerException.class, "nodes: a null node (expected: non-null)");
        t.row("FxActions#enableWhileRunning(Node[])", "nodes");
        t.bad("FxActions#enableWhileRunning(Node[])", "a null node", r -> FxActions.of(loop).enableWhileRunning(new Label(), null),
                NullPointerException.class, "nodes: a null node (expected: non-null)");
        t.row("FxActions#cancelOnClose(Window)", "window");
        t.row("FxActions#cancelOnClose(Window,Task)", "window", "task");
        t.row("FxActions#latestWins()");
        t.row("FxActions#onFailure(Consumer)", "handler");
        t.row("FxActions#onSucceeded(Runnable)", "hook");
        t.row("FxActions#onCancelled(Runnable)", "hook");
        t.row("FxActions#progress(Progress)", "progress");
        t.row("FxActions#handler(Function)", "body");
        t.row("FxActions#start(Supplier)", "body");
        t.bad("FxActions#start(Supplier)", "off the FX thread", r -> onOtherThread(x -> FxActions.of(loop).start(CompletableFuture::new)),
                IllegalStateException.class, "start() is for the JavaFX Application Thread");
        t.bad("FxActions#start(Supplier)", "a closed loop", r -> FxActions.of(closed).start(CompletableFuture::new),
                RejectedExecutionException.class, "loop is closed");
        t.row("FxActions#launch(CoroutineBody)", "body");
        t.row("FxActions#launch(Callable)", "body");
        if (io.loopbridge.core.Await.isSupported()) {
            t.bad("FxActions#launch(Callable)", "off the UI thread", r -> onOtherThread(x -> FxActions.of(loop).launch(() -> 1)),
                    IllegalStateException.class, "start() is for the JavaFX Application Thread");
            t.bad("FxActions#launch(Callable)", "a closed loop", r -> FxActions.of(closed).launch(() -> 1),
                    RejectedExecutionException.class, "loop is closed");
        } else {
            t.bad("FxActions#launch(CoroutineBody)", "a JDK without coroutines, when the handler is made",
                    r -> FxActions.of(loop).launch((io.loopbridge.core.host.ActionCore.CoroutineBody<javafx.event.Event>) e -> { }), UnsupportedOperationException.class, "FxActions.launch: coroutine bodies are unsupported here: ");
            t.bad("FxActions#launch(Callable)", "a JDK without coroutines", r -> FxActions.of(loop).launch(() -> 1),
                    UnsupportedOperationException.class, "JDK 21");
        }
        t.row("FxActions#cancel()");
        t.row("FxActions#isRunning()");
        t.row("FxActions#runningProperty()");
        t.row("FxActions#getState()");
        t.row("FxActions#stateProperty()");
        t.row("FxActions#getProgress()");
        t.row("FxActions#progressProperty()");
        t.row("FxActions#getMessage()");
        t.row("FxActions#messageProperty()");
        t.row("FxActions#toString()");

        t.row("FxAwait#dialog(FxLoop,Dialog)", "loop", "dialog");
        t.bad("FxAwait#dialog(FxLoop,Dialog)", "off the FX thread", r -> {
            javafx.scene.control.Dialog<String> d = new javafx.scene.control.Dialog<>(); // made on the FX thread, shown from another
            onOtherThread(x -> FxAwait.dialog(loop, d));
        },
                IllegalStateException.class, "FxAwait.dialog() is for the JavaFX Application Thread");
        t.bad("FxAwait#dialog(FxLoop,Dialog)", "a dialog already showing", r -> {
            javafx.scene.control.Dialog<String> d = new javafx.scene.control.Dialog<>();
            d.getDialogPane().getButtonTypes().add(javafx.scene.control.ButtonType.CANCEL);
            FxAwait.dialog(loop, d);
            try {
                FxAwait.dialog(loop, d);
            } finally {
                d.close();
            }
        }, IllegalStateException.class, "dialog: already showing");
        t.bad("FxAwait#dialog(FxLoop,Dialog)", "a closed loop", r -> FxAwait.dialog(closed, new javafx.scene.control.Dialog<>()),
                RejectedExecutionException.class, "loop is closed");
        t.row("FxAwait#nextChange(FxLoop,ObservableValue)", "loop", "value");
        t.bad("FxAwait#nextChange(FxLoop,ObservableValue)", "off the FX thread",
                r -> onOtherThread(x -> FxAwait.nextChange(loop, new javafx.beans.property.SimpleStringProperty())),
                IllegalStateException.class, "FxAwait.nextChange() is for the JavaFX Application Thread");
        t.bad("FxAwait#nextChange(FxLoop,ObservableValue)", "a closed loop",
                r -> FxAwait.nextChange(closed, new javafx.beans.property.SimpleStringProperty()), RejectedExecutionException.class, "loop is closed");
        t.row("FxAwait#when(FxLoop,ObservableValue,Predicate)", "loop", "value", "condition");
        t.bad("FxAwait#when(FxLoop,ObservableValue,Predicate)", "off the FX thread",
                r -> onOtherThread(x -> FxAwait.when(loop, new javafx.beans.property.SimpleStringProperty(), v -> true)),
                IllegalStateException.class, "FxAwait.when() is for the JavaFX Application Thread");
        t.row("FxAwait#nextEvent(FxLoop,Node,EventType)", "loop", "node", "type");
        t.bad("FxAwait#nextEvent(FxLoop,Node,EventType)", "off the FX thread",
                r -> onOtherThread(x -> FxAwait.nextEvent(loop, new Label(), javafx.event.ActionEvent.ACTION)),
                IllegalStateException.class, "FxAwait.nextEvent() is for the JavaFX Application Thread");

        Map<Class<?>, Supplier<?>> receivers = new LinkedHashMap<>();
        receivers.put(FxLoop.class, () -> loop);
        receivers.put(FxActions.class, () -> FxActions.of(loop));
        List<String> problems = onFx(() -> t.run(receivers)); // on the loop thread
        System.out.printf("[bad input] JavaFX: %d calls%n", t.callsMade());
        assertTrue(problems.isEmpty(), problems.size() + " problems:\n" + String.join("\n", problems));
    }
}
