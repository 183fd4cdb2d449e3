package io.loopbridge.core.host;

import io.loopbridge.core.EventLoop;
import io.loopbridge.core.Progress;
import io.loopbridge.core.StandaloneLoop;
import io.loopbridge.core.Task;
import io.loopbridge.core.testkit.ActionsContractTest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The actions' contract on the toolkit-neutral {@link ActionCore} itself, on a {@link StandaloneLoop}
 * driven by the test thread: controls are plain flags, the view is a recording {@link ActionCore.Listener}.
 */
class ActionCoreContractTest extends ActionsContractTest {

    /** A control: a flag the core may switch. */
    static final class Flag implements ActionCore.Control {
        boolean enabled;

        Flag(boolean enabled) {
            this.enabled = enabled;
        }

        @Override
        public boolean setEnabled(boolean on) {
            if (enabled == on) return false;
            enabled = on;
            return true;
        }
    }

    /** The view: what the listener was told. */
    static final class Recorder implements ActionCore.Listener {
        boolean running;
        ActionState state = ActionState.READY;
        double progress;
        String message = "";
        final List<Boolean> runningChanges = new ArrayList<>();

        @Override
        public void runningChanged(boolean now) {
            running = now;
            runningChanges.add(now);
        }

        @Override
        public void stateChanged(ActionState now) {
            state = now;
        }

        @Override
        public void progressChanged(double fraction, String text) {
            progress = fraction;
            message = text;
        }
    }

    static final class CoreActions implements Actions {
        final ActionCore core;
        final Recorder view = new Recorder();

        CoreActions(EventLoop loop) {
            core = new ActionCore(loop, "the loop thread").addListener(view);
        }

        @Override public Actions disableWhileRunning(Object control) { core.disableWhileRunning((Flag) control); return this; }
        @Override public Actions enableWhileRunning(Object control) { core.enableWhileRunning((Flag) control); return this; }
        @Override public Actions latestWins() { core.latestWins(); return this; }
        @Override public Actions onFailure(Consumer<? super Throwable> handler) { core.onFailure(handler); return this; }
        @Override public Actions onSucceeded(Runnable hook) { core.onSucceeded(hook); return this; }
        @Override public Actions onCancelled(Runnable hook) { core.onCancelled(hook); return this; }
        @Override public Actions progress(Progress progress) { core.progress(progress); return this; }
        @Override public <T> void trigger(Supplier<? extends CompletionStage<T>> body) { core.start(body); }
        @Override public <T> Task<T> start(Supplier<? extends CompletionStage<T>> body) { return core.start(body); }
        @Override public void cancel() { core.cancel(); }
        @Override public boolean isRunning() { return core.isRunning(); }
        @Override public ActionState getState() { return core.getState(); }
        @Override public double getProgress() { return core.getProgress(); }
        @Override public String getMessage() { return core.getMessage(); }
        @Override public Shown shown() { return new Shown(view.running, view.state, view.progress, view.message); }
        @Override public List<Boolean> runningChanges() { return List.copyOf(view.runningChanges); }
    }

    @Override
    protected EventLoop createLoop() {
        return StandaloneLoop.create();
    }

    @Override
    protected Actions createActions() {
        return new CoreActions(loop);
    }

    @Override
    protected Object createControl(boolean enabled) {
        return new Flag(enabled);
    }

    @Override
    protected boolean isEnabled(Object control) {
        return ((Flag) control).enabled;
    }

    @Override
    protected <T> T onUiThread(java.util.concurrent.Callable<T> action) {
        try {
            return action.call(); // the test thread runs the standalone loop
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
