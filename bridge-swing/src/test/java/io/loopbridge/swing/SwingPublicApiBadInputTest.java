package io.loopbridge.swing;

import io.loopbridge.core.EventLoop;
import io.loopbridge.core.ForwardingEventLoop;
import io.loopbridge.core.Progress;
import io.loopbridge.core.Task;
import io.loopbridge.core.testkit.ApiTable;
import io.loopbridge.core.testkit.EventLoopRows;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.awt.Component;
import java.awt.Window;
import java.awt.event.ActionEvent;
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
import javax.swing.JButton;
import javax.swing.JLabel;
import javax.swing.JProgressBar;

import static io.loopbridge.core.testkit.ApiTable.onOtherThread;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input over the public Swing API ({@link SwingLoop}, {@link SwingActions}) and the
 * {@link EventLoop} contract on a {@code SwingLoop}, table-driven like the core's ({@link ApiTable}: a
 * new public method without a row fails this test). Run on the EDT, the loop thread.
 */
@Timeout(60)
class SwingPublicApiBadInputTest {
    private final List<SwingLoop> loops = new ArrayList<>();

    @AfterEach
    void closeLoops() {
        for (SwingLoop l : loops) l.close();
    }

    private SwingLoop newLoop() {
        SwingLoop l = SwingLoop.create();
        loops.add(l);
        return l;
    }

    private static void noop() {}

    /**
     * A window for parameters that need one: headless AWT cannot construct a {@code Window}, so an
     * uninitialised instance; only ever passed where another argument is null and checked first.
     */
    private static Window uninitialisedWindow() {
        return uninitialised(Window.class);
    }

    /** An uninitialised instance of a window type (see {@link #uninitialisedWindow()}). */
    private static <T> T uninitialised(Class<T> type) {
        try {
            java.lang.reflect.Field f = Class.forName("sun.misc.Unsafe").getDeclaredField("theUnsafe");
            f.setAccessible(true);
            Object unsafe = f.get(null);
            return type.cast(unsafe.getClass().getMethod("allocateInstance", Class.class).invoke(unsafe, type));
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void everyPublicSwingMemberRejectsBadInputClearly() {
        SwingLoop loop = newLoop();
        SwingLoop closed = newLoop();
        closed.close();
        ApiTable t = new ApiTable().api(EventLoop.class, ForwardingEventLoop.class, SwingLoop.class, SwingLoop.Timers.class, SwingActions.class, SwingAwait.class);
        t.sample(Runnable.class, () -> SwingPublicApiBadInputTest::noop)
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
                .sample(Component[].class, () -> new Component[] {new JButton("sample")})
                .sample(Window.class, SwingPublicApiBadInputTest::uninitialisedWindow)
                .sample(Task.class, () -> loop.createTask(CompletableFuture::new))
                .sample(Progress.class, () -> new Progress(loop))
                .sample(JProgressBar.class, JProgressBar::new)
                .sample(JLabel.class, JLabel::new)
                .sample(java.beans.PropertyChangeListener.class, () -> e -> { })
                .sample(ActionEvent.class, () -> new ActionEvent(new Object(), ActionEvent.ACTION_PERFORMED, "sample"))
                .sample(SwingLoop.Timers.class, () -> SwingLoop.Timers.PRECISE)
                .sample(SwingLoop.class, () -> loop)
                .sample(javax.swing.JDialog.class, () -> uninitialised(javax.swing.JDialog.class))
                .sample(javax.swing.JOptionPane.class, javax.swing.JOptionPane::new)
                .sample(Component.class, () -> new JButton("sample"))
                .sample(javax.swing.AbstractButton.class, () -> new JButton("sample"))
                .sample(java.util.function.BooleanSupplier.class, () -> () -> false)
                .sample(String.class, () -> "sample");
        EventLoopRows.add(t);
        t.bad("EventLoop#runUntilComplete(CompletionStage)", "a closed loop", r -> closed.runUntilComplete(new CompletableFuture<>()),
                IllegalStateException.class, "closed");
        t.bad("EventLoop#runForever()", "a closed loop", r -> closed.runForever(), IllegalStateException.class, "closed");
        t.bad("EventLoop#callSoon(Runnable)", "a closed loop, from another thread", r -> onOtherThread(x -> closed.callSoon(SwingPublicApiBadInputTest::noop)),
                RejectedExecutionException.class, "loop is closed");
        t.bad("EventLoop#createEagerTask(Supplier)", "off the EDT", r -> onOtherThread(x -> loop.createEagerTask(CompletableFuture::new)),
                IllegalStateException.class, "createEagerTask() is for the loop thread");
        t.row("SwingLoop#create()");
        t.row("SwingLoop#create(Timers)", "timers");
        t.row("SwingLoop#runModal(Supplier)", "modalCall");
        t.bad("SwingLoop#runModal(Supplier)", "a closed loop", r -> closed.runModal(() -> 1), RejectedExecutionException.class, "loop is closed");
        t.row("SwingLoop#toString()");
        t.row("Timers#values()");
        t.row("Timers#valueOf(String)", "!name");
        t.nullLegal("Timers#valueOf(String)", "generated by the compiler: Enum.valueOf's own NullPointerException (\"Name is null\")");
        t.bad("Timers#valueOf(String)", "an unknown name", r -> SwingLoop.Timers.valueOf("FAST"), IllegalArgumentException.class, "FAST");
        t.row("SwingActions#of(SwingLoop)", "loop");
        t.row("SwingActions#disableWhileRunning(Component[])", "components");
        t.bad("SwingActions#disableWhileRunning(Component[])", "a null component", r -> SwingActions.of(loop).disableWhileRunning(new JButton(), null),
                NullPointerException.class, "components: null element (expected: non-null)");
        t.row("SwingActions#enableWhileRunning(Component[])", "components");
        t.bad("SwingActions#enableWhileRunning(Component[])", "a null component", r -> SwingActions.of(loop).enableWhileRunning(new JButton(), null),
                NullPointerException.class, "components: null element (expected: non-null)");
        t.row("SwingActions#cancelOnClose(Window)", "window");
        t.row("SwingActions#cancelOnClose(Window,Task)", "window", "task");
        t.row("SwingActions#latestWins()");
        t.row("SwingActions#onFailure(Consumer)", "handler");
        t.row("SwingActions#onSucceeded(Runnable)", "hook");
        t.row("SwingActions#onCancelled(Runnable)", "hook");
        t.row("SwingActions#progress(Progress)", "progress");
        t.row("SwingActions#progress(Progress,JProgressBar,JLabel)", "progress", "?bar", "?label");
        t.nullLegal("SwingActions#progress(Progress,JProgressBar,JLabel)", "either view may be left out");
        t.row("SwingActions#handler(Function)", "body");
        t.row("SwingActions#start(Supplier)", "body");
        t.bad("SwingActions#start(Supplier)", "off the EDT", r -> onOtherThread(x -> SwingActions.of(loop).start(CompletableFuture::new)),
                IllegalStateException.class, "start() is for the event dispatch thread of ");
        t.bad("SwingActions#start(Supplier)", "a closed loop", r -> SwingActions.of(closed).start(CompletableFuture::new),
                RejectedExecutionException.class, "loop is closed");
        t.row("SwingActions#isRunning()");
        t.row("SwingActions#getState()");
        t.row("SwingActions#getProgress()");
        t.row("SwingActions#getMessage()");
        t.row("SwingActions#addPropertyChangeListener(PropertyChangeListener)", "listener");
        t.row("SwingActions#removePropertyChangeListener(PropertyChangeListener)", "listener");
        t.row("SwingActions#launch(CoroutineBody)", "body");
        t.row("SwingActions#launch(Callable)", "body");
        if (io.loopbridge.core.Await.isSupported()) {
            t.bad("SwingActions#launch(Callable)", "off the UI thread", r -> onOtherThread(x -> SwingActions.of(loop).launch(() -> 1)),
                    IllegalStateException.class, "start() is for the event dispatch thread");
            t.bad("SwingActions#launch(Callable)", "a closed loop", r -> SwingActions.of(closed).launch(() -> 1),
                    RejectedExecutionException.class, "loop is closed");
        } else {
            t.bad("SwingActions#launch(CoroutineBody)", "a JDK without coroutines, when the handler is made",
                    r -> SwingActions.of(loop).launch(e -> { }), UnsupportedOperationException.class, "SwingActions.launch: coroutine bodies are unsupported here: ");
            t.bad("SwingActions#launch(Callable)", "a JDK without coroutines", r -> SwingActions.of(loop).launch(() -> 1),
                    UnsupportedOperationException.class, "JDK 21");
        }
        t.row("SwingActions#cancel()");
        t.row("SwingActions#toString()");

        t.row("SwingAwait#dialog(SwingLoop,JDialog)", "loop", "dialog");
        t.bad("SwingAwait#dialog(SwingLoop,JDialog)", "off the EDT", r -> onOtherThread(x -> SwingAwait.dialog(loop, uninitialised(javax.swing.JDialog.class))),
                IllegalStateException.class, "SwingAwait.dialog() is for the event dispatch thread");
        t.row("SwingAwait#optionPane(SwingLoop,JOptionPane,Component,String)", "loop", "pane", "?parent", "title");
        t.nullLegal("SwingAwait#optionPane(SwingLoop,JOptionPane,Component,String)", "no parent: the dialog is centred on the screen, as JOptionPane's own");
        t.bad("SwingAwait#optionPane(SwingLoop,JOptionPane,Component,String)", "off the EDT",
                r -> onOtherThread(x -> SwingAwait.optionPane(loop, new javax.swing.JOptionPane(), null, "title")),
                IllegalStateException.class, "SwingAwait.optionPane() is for the event dispatch thread");
        t.row("SwingAwait#nextChange(SwingLoop,Component,String)", "loop", "component", "property");
        t.bad("SwingAwait#nextChange(SwingLoop,Component,String)", "off the EDT", r -> onOtherThread(x -> SwingAwait.nextChange(loop, new JButton(), "text")),
                IllegalStateException.class, "SwingAwait.nextChange() is for the event dispatch thread");
        t.bad("SwingAwait#nextChange(SwingLoop,Component,String)", "a closed loop", r -> SwingAwait.nextChange(closed, new JButton(), "text"),
                RejectedExecutionException.class, "loop is closed");
        t.row("SwingAwait#when(SwingLoop,Component,String,BooleanSupplier)", "loop", "component", "property", "condition");
        t.bad("SwingAwait#when(SwingLoop,Component,String,BooleanSupplier)", "off the EDT",
                r -> onOtherThread(x -> SwingAwait.when(loop, new JButton(), "text", () -> true)),
                IllegalStateException.class, "SwingAwait.when() is for the event dispatch thread");
        t.row("SwingAwait#nextAction(SwingLoop,AbstractButton)", "loop", "button");
        t.bad("SwingAwait#nextAction(SwingLoop,AbstractButton)", "off the EDT", r -> onOtherThread(x -> SwingAwait.nextAction(loop, new JButton())),
                IllegalStateException.class, "SwingAwait.nextAction() is for the event dispatch thread");
        t.bad("SwingAwait#nextAction(SwingLoop,AbstractButton)", "a closed loop", r -> SwingAwait.nextAction(closed, new JButton()),
                RejectedExecutionException.class, "loop is closed");

        Map<Class<?>, Supplier<?>> receivers = new LinkedHashMap<>();
        receivers.put(SwingLoop.class, () -> loop);
        receivers.put(SwingActions.class, () -> SwingActions.of(loop));
        List<String> problems = Edt.call(() -> t.run(receivers)); // on the loop thread
        System.out.printf("[bad input] Swing: %d calls%n", t.callsMade());
        assertTrue(problems.isEmpty(), problems.size() + " problems:\n" + String.join("\n", problems));
    }
}
