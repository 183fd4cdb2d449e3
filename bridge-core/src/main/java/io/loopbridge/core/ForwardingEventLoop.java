package io.loopbridge.core;

import io.loopbridge.core.internal.Checks;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The base of a host's {@link EventLoop}: forwards every scheduling, future and error method to the
 * host's {@link GuestLoop}, and leaves to the host what only it can do: running
 * ({@link #runUntilComplete}, {@link #runForever}, {@link #stop}, {@link #isRunning}) and releasing its
 * own resources in {@link #close()}. {@link StandaloneLoop} and the JavaFX and Swing bridges are built
 * on it; so can a bridge to SWT or a game loop (see {@code docs/hosting.md}). The host kit
 * ({@code io.loopbridge.core.host}) has those parts written once: {@code RunStack} for running and
 * stopping, {@code TimeSlicedDriver} for driving from a toolkit's event queue.
 *
 * <p>The host owns the core (composition): this class holds a reference and adds no state or
 * behaviour of its own, so a host reads as "what is special about this host" only.
 *
 * <p><b>Threading.</b> As {@link EventLoop}: each forwarded method keeps the core's rules.
 */
public abstract non-sealed class ForwardingEventLoop implements EventLoop {
    /** The core this host drives. */
    protected final GuestLoop core;

    /**
     * @param core the host's own core; this loop becomes what {@link EventLoop#current()} and
     *             {@link LoopFuture#loop()} report for it
     */
    protected ForwardingEventLoop(GuestLoop core) {
        this.core = Checks.notNull(core, "core");
        core.setFace(this);
    }

    /**
     * The never-blocking core this loop drives, for the library's own use (hosts use {@link #core});
     * not API: tests reach it through the test kit. Safe from any thread.
     */
    final GuestLoop core() {
        return core;
    }

    @Override public long time() { return core.time(); }
    @Override public Handle callSoon(Runnable callback) { return core.callSoon(callback); }
    @Override public void execute(Runnable command) { core.callSoon(Checks.notNull(command, "command")); }
    @Override public TimerHandle callLater(Duration delay, Runnable callback) { return core.callLater(delay, callback); }
    @Override public TimerHandle callAt(long deadline, Runnable callback) { return core.callAt(deadline, callback); }
    @Override public <T> LoopFuture<T> createFuture() { return core.createFuture(); }
    @Override public <T> Task<T> createTask(Supplier<? extends CompletionStage<T>> body) { return core.createTask(body); }
    @Override public <T> Task<T> createEagerTask(Supplier<? extends CompletionStage<T>> body) { return core.createEagerTask(body); }
    @Override public <T> Task<T> launch(Callable<T> body) { return core.launch(body); }
    @Override public <T> Task<T> launchEager(Callable<T> body) { return core.launchEager(body); }
    @Override public LoopFuture<Void> sleep(Duration delay) { return core.sleep(delay); }
    @Override public <T> LoopFuture<T> runInExecutor(Callable<T> work) { return core.runInExecutor(work); }
    @Override public <T> LoopFuture<T> runInExecutor(Executor executor, Callable<T> work) { return core.runInExecutor(executor, work); }
    @Override public <T> LoopFuture<T> runInExecutor(CancellableWork<T> work) { return core.runInExecutor(work); }
    @Override public <T> LoopFuture<T> runInExecutor(Executor executor, CancellableWork<T> work) { return core.runInExecutor(executor, work); }
    @Override public <T> LoopFuture<T> completedFuture(T value) { return core.completedFuture(value); }
    @Override public <T> LoopFuture<T> failedFuture(Throwable failure) { return core.failedFuture(failure); }
    @Override public <T> LoopFuture<T> wrapFuture(CompletionStage<T> other) { return core.wrapFuture(other); }
    @Override public <T> LoopFuture<T> waitFor(CompletionStage<T> stage, Duration timeout) { return core.waitFor(stage, timeout); }
    @Override public <T> LoopFuture<List<T>> gather(List<? extends CompletionStage<? extends T>> stages) { return core.gather(stages); }
    @Override public LoopFuture<StreamConnection> openConnection(String host, int port, StreamLimits limits) { return core.openConnection(host, port, limits); }
    @Override public LoopFuture<StreamServer> startServer(Consumer<StreamConnection> handler, String host, int port, StreamLimits limits) { return core.startServer(handler, host, port, limits); }
    @Override public LoopFuture<Subprocess> subprocess(ProcessBuilder builder, StreamLimits limits) { return core.subprocess(builder, limits); }
    @Override public boolean inEventLoop() { return core.inEventLoop(); }
    @Override public void setExceptionHandler(ExceptionHandler handler) { core.setExceptionHandler(handler); }
    @Override public void callExceptionHandler(ErrorContext context) { core.callExceptionHandler(context); }
    @Override public void setDebug(boolean on) { core.setDebug(on); }
    @Override public boolean isDebug() { return core.isDebug(); }
    @Override public void setSlowCallbackThreshold(Duration threshold) { core.setSlowCallbackThreshold(threshold); }
    @Override public LoopStats stats() { return core.stats(); }
    @Override public List<Object> pendingWork() { return core.pendingWork(); }
    @Override public boolean isClosed() { return core.isClosed(); }
}
