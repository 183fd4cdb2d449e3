package io.loopbridge.core.testkit;

/**
 * The {@link ApiTable} rows (and the samples they need) of {@code EventLoop} and {@code ForwardingEventLoop} (parameter names only),
 * shared by every host's bad-input table, so that the null contract of {@code EventLoop} is checked on
 * {@code GuestLoop}, {@code StandaloneLoop}, {@code FxLoop} and {@code SwingLoop} alike. Hosts add their
 * own cases with {@link ApiTable#bad}.
 */
public final class EventLoopRows {
    private EventLoopRows() {}

    /** Samples for the parameter types of EventLoop's rows that a host's table may not have on its own. */
    public static void samples(ApiTable t) {
        t.sample(io.loopbridge.core.CancellableWork.class, () -> cancel -> 1)
                .sample(io.loopbridge.core.CheckedRunnable.class, () -> () -> { });
    }

    public static void add(ApiTable t) {
        samples(t);
        t.row("EventLoop#time()");
        t.row("EventLoop#callSoon(Runnable)", "callback");
        t.row("EventLoop#execute(Runnable)", "command");
        t.row("EventLoop#callLater(Duration,Runnable)", "delay", "callback");
        t.row("EventLoop#callAt(long,Runnable)", "-", "callback");
        t.row("EventLoop#createFuture()");
        t.row("EventLoop#createTask(Supplier)", "body");
        t.row("EventLoop#createEagerTask(Supplier)", "body");
        t.row("EventLoop#launch(Callable)", "body");
        t.row("EventLoop#launch(CheckedRunnable)", "body");
        t.row("EventLoop#launchEager(Callable)", "body");
        t.row("EventLoop#launchEager(CheckedRunnable)", "body");
        t.row("EventLoop#sleep(Duration)", "delay");
        t.row("EventLoop#runInExecutor(Callable)", "work");
        t.row("EventLoop#runInExecutor(Executor,Callable)", "executor", "work");
        t.row("EventLoop#runInExecutor(CancellableWork)", "work");
        t.row("EventLoop#runInExecutor(Executor,CancellableWork)", "executor", "work");
        t.row("EventLoop#completedFuture(Object)", "?value");
        t.nullLegal("EventLoop#completedFuture(Object)", "a null value");
        t.row("EventLoop#failedFuture(Throwable)", "failure");
        t.row("EventLoop#wrapFuture(CompletionStage)", "other");
        t.row("EventLoop#waitFor(CompletionStage,Duration)", "stage", "timeout");
        t.row("EventLoop#gather(List)", "stages");
        t.row("EventLoop#runUntilComplete(CompletionStage)", "stage");
        t.row("EventLoop#runForever()");
        t.row("EventLoop#stop()");
        t.row("EventLoop#isRunning()");
        t.row("EventLoop#inEventLoop()");
        t.row("EventLoop#setExceptionHandler(ExceptionHandler)", "?handler");
        t.nullLegal("EventLoop#setExceptionHandler(ExceptionHandler)", "null restores the default handler");
        t.row("EventLoop#callExceptionHandler(ErrorContext)", "context");
        t.row("EventLoop#setDebug(boolean)", "-");
        t.row("EventLoop#isDebug()");
        t.row("EventLoop#setSlowCallbackThreshold(Duration)", "threshold");
        t.row("EventLoop#stats()");
        t.row("EventLoop#pendingWork()");
        t.row("EventLoop#close()");
        t.row("EventLoop#isClosed()");
        t.row("EventLoop#current()");
        // streams and subprocesses: every argument is checked before anything is opened or started
        t.sample(io.loopbridge.core.StreamLimits.class, () -> io.loopbridge.core.StreamLimits.DEFAULT)
                .sample(ProcessBuilder.class, () -> new ProcessBuilder("/nonexistent/sample"));
        t.row("EventLoop#openConnection(String,int)", "host", "-");
        t.row("EventLoop#openConnection(String,int,StreamLimits)", "host", "-", "limits");
        t.row("EventLoop#startServer(Consumer,String,int)", "handler", "host", "-");
        t.row("EventLoop#startServer(Consumer,String,int,StreamLimits)", "handler", "host", "-", "limits");
        t.row("EventLoop#subprocess(ProcessBuilder)", "builder");
        t.row("EventLoop#subprocess(ProcessBuilder,StreamLimits)", "builder", "limits");
    }
}
