package io.loopbridge.swing;

import io.loopbridge.core.Await;
import io.loopbridge.core.EventLoop;
import io.loopbridge.core.Progress;
import io.loopbridge.core.Task;
import io.loopbridge.core.host.ActionState;
import io.loopbridge.core.testkit.ActionsContractTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;

import java.awt.Component;
import java.awt.EventQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.swing.JButton;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The actions' contract on {@link SwingActions}, headless: controls are {@link JButton}s (clicked with
 * {@code doClick}, through {@link SwingActions#handler}), the view is what property-change listeners
 * heard, on the EDT only.
 */
@Timeout(60)
class SwingActionsContractTest extends ActionsContractTest {
    /** Property-change events seen off the EDT. */
    private final List<String> offThread = new CopyOnWriteArrayList<>();

    /** Whether the bodies run as coroutines ({@link SwingActions#launch}): {@link SwingCoroutineActionsContractTest}. */
    protected boolean coroutineBodies() {
        return false;
    }

    @AfterEach
    void eventsFiredOnTheEdtOnly() {
        assertEquals(List.of(), offThread);
    }

    private final class Swing implements Actions {
        final SwingActions a = SwingActions.of((SwingLoop) loop);
        final List<Boolean> runningChanges = new ArrayList<>();
        boolean running;
        ActionState state;
        double progress;
        String message;

        Swing() {
            running = a.isRunning();
            state = a.getState();
            progress = a.getProgress();
            message = a.getMessage();
            a.addPropertyChangeListener(e -> {
                if (!EventQueue.isDispatchThread()) offThread.add(e.getPropertyName() + " on " + Thread.currentThread().getName());
                switch (e.getPropertyName()) {
                    case "running" -> {
                        running = (Boolean) e.getNewValue();
                        runningChanges.add(running);
                    }
                    case "state" -> state = (ActionState) e.getNewValue();
                    case "progress" -> progress = (Double) e.getNewValue();
                    case "message" -> message = (String) e.getNewValue();
                    default -> offThread.add("an unknown property " + e.getPropertyName());
                }
            });
        }

        @Override public Actions disableWhileRunning(Object control) { a.disableWhileRunning((Component) control); return this; }
        @Override public Actions enableWhileRunning(Object control) { a.enableWhileRunning((Component) control); return this; }
        @Override public Actions latestWins() { a.latestWins(); return this; }
        @Override public Actions onFailure(Consumer<? super Throwable> handler) { a.onFailure(handler); return this; }
        @Override public Actions onSucceeded(Runnable hook) { a.onSucceeded(hook); return this; }
        @Override public Actions onCancelled(Runnable hook) { a.onCancelled(hook); return this; }
        @Override public Actions progress(Progress p) { a.progress(p); return this; }

        @Override
        public <T> void trigger(Supplier<? extends CompletionStage<T>> body) {
            JButton b = new JButton("go");
            if (coroutineBodies()) b.addActionListener(a.launch(e -> { Await.await(body.get()); }));
            else b.addActionListener(a.handler(e -> body.get()));
            b.doClick(0);
        }

        @Override
        public <T> Task<T> start(Supplier<? extends CompletionStage<T>> body) {
            if (!coroutineBodies()) return a.start(body);
            return a.launch(body == null ? null : () -> Await.await(body.get()));
        }
        @Override public void cancel() { a.cancel(); }
        @Override public boolean isRunning() { return a.isRunning(); }
        @Override public ActionState getState() { return a.getState(); }
        @Override public double getProgress() { return a.getProgress(); }
        @Override public String getMessage() { return a.getMessage(); }
        @Override public Shown shown() { return new Shown(running, state, progress, message); }
        @Override public List<Boolean> runningChanges() { return List.copyOf(runningChanges); }
    }

    @Override
    protected EventLoop createLoop() {
        return SwingLoop.create();
    }

    @Override
    protected Actions createActions() {
        return new Swing();
    }

    @Override
    protected Object createControl(boolean enabled) {
        JButton b = new JButton("control");
        b.setEnabled(enabled);
        return b;
    }

    @Override
    protected boolean isEnabled(Object control) {
        return ((Component) control).isEnabled();
    }

    @Override
    protected <T> T onUiThread(Callable<T> action) {
        return Edt.call(action);
    }
}
