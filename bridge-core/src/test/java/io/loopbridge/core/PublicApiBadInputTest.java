package io.loopbridge.core;

import io.loopbridge.core.testkit.TestCores;
import io.loopbridge.core.testkit.ApiTable;
import io.loopbridge.core.testkit.EventLoopRows;
import io.loopbridge.core.testkit.RecordingHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.reflect.Proxy;
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
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import static io.loopbridge.core.testkit.ApiTable.onOtherThread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input over the whole public core API, table-driven ({@link ApiTable}): every public method and
 * constructor of the {@code io.loopbridge.core} package has a row, found by reflection (a new method
 * without a row fails this test); each reference parameter given null throws
 * {@code NullPointerException("<name>: null (expected: non-null)")} unless its row says why null is
 * legal; negative, huge and out-of-thread arguments get a clear exception naming the problem, or are
 * documented as accepted (clamped). The UI modules have the same test for their public types.
 */
@Timeout(60)
class PublicApiBadInputTest {
    static final Class<?>[] CORE_API = {EventLoop.class, GuestLoop.class, GuestLoop.HostWaker.class, StandaloneLoop.class,
            ForwardingEventLoop.class, LoopFuture.class, Task.class, TaskGroup.class, TimeoutScope.class, LoopFutures.class,
            Outcome.class, AsyncLock.class, AsyncSemaphore.class, AsyncEvent.class, AsyncCondition.class, AsyncQueue.class,
            Progress.class, Handle.class, TimerHandle.class, ExceptionHandler.class, ErrorContext.class,
            LoopBlockingException.class, LoopStats.class, Await.class, CheckedRunnable.class,
            CancellableWork.class, CancelSignal.class,
            StreamConnection.class, StreamServer.class, AsyncStreamReader.class, AsyncStreamWriter.class, Subprocess.class, StreamLimits.class,
            IncompleteReadException.class, LimitOverrunException.class, StreamClosedException.class, ConnectionResetException.class,
            MalformedLineException.class};

    private final RecordingHost host = RecordingHost.create();
    private final GuestLoop loop = host.loop();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeLoops() throws Exception {
        for (AutoCloseable c : toClose) c.close();
        loop.close();
    }

    private static void noop() {}

    private GuestLoop debugLoop() {
        RecordingHost h = RecordingHost.create();
        h.loop().setDebug(true);
        h.runOnce();
        toClose.add(h.loop());
        return h.loop();
    }

    /**
     * Every EventLoop is a GuestLoop or a host built on one: the interface is sealed, so the toolbox never
     * meets a loop it cannot resolve to its core (not even a dynamic proxy can implement it).
     */
    @Test
    void eventLoopIsSealedToTheCoreAndTheForwardingBase() {
        assertTrue(EventLoop.class.isSealed());
        assertEquals(List.of(GuestLoop.class, ForwardingEventLoop.class), List.of(EventLoop.class.getPermittedSubclasses()));
        assertThrows(IllegalArgumentException.class, () -> Proxy.newProxyInstance(EventLoop.class.getClassLoader(),
                new Class<?>[] {EventLoop.class}, (p, m, a) -> null));
    }

    /** Every public type the package exports, as the class files say: the API list above must be complete. */
    @Test
    void theTableCoversEveryPublicTypeOfThePackage() throws Exception {
        java.net.URL dir = EventLoop.class.getResource("EventLoop.class");
        java.nio.file.Path pkg = java.nio.file.Path.of(dir.toURI()).getParent();
        List<String> missing = new ArrayList<>();
        try (var files = java.nio.file.Files.list(pkg)) {
            for (java.nio.file.Path f : (Iterable<java.nio.file.Path>) files::iterator) {
                String n = f.getFileName().toString();
                if (!n.endsWith(".class") || n.equals("package-info.class")) continue;
                Class<?> c = Class.forName("io.loopbridge.core." + n.substring(0, n.length() - 6));
                boolean publicType = java.lang.reflect.Modifier.isPublic(c.getModifiers())
                        && (c.getEnclosingClass() == null || java.lang.reflect.Modifier.isPublic(c.getEnclosingClass().getModifiers()));
                if (publicType && !List.of(CORE_API).contains(c)) missing.add(c.getName());
            }
        }
        assertTrue(missing.isEmpty(), "public types without a table: " + missing);
    }

    @Test
    void everyPublicCoreMemberRejectsBadInputClearly() {
        host.runOnce(); // the test thread is the loop thread
        StandaloneLoop standalone = StandaloneLoop.create();
        toClose.add(standalone);
        ApiTable t = new ApiTable().api(CORE_API);
        samples(t);
        rows(t);
        Map<Class<?>, Supplier<?>> receivers = new LinkedHashMap<>();
        receivers.put(GuestLoop.class, () -> loop);
        receivers.put(StandaloneLoop.class, () -> standalone);
        receivers.put(LoopFuture.class, loop::createFuture);
        receivers.put(Task.class, () -> loop.createTask(CompletableFuture::new));
        receivers.put(TaskGroup.class, () -> new TaskGroup(loop));
        receivers.put(TimeoutScope.class, () -> TimeoutScope.after(loop, Duration.ofHours(1)));
        receivers.put(AsyncLock.class, () -> new AsyncLock(loop));
        receivers.put(AsyncSemaphore.class, () -> new AsyncSemaphore(loop, 1));
        receivers.put(AsyncEvent.class, () -> new AsyncEvent(loop));
        receivers.put(AsyncCondition.class, () -> new AsyncCondition(loop));
        receivers.put(AsyncQueue.class, () -> new AsyncQueue<>(loop));
        receivers.put(Progress.class, () -> new Progress(loop));
        receivers.put(Outcome.class, () -> Outcome.success(1));
        receivers.put(ErrorContext.class, () -> new ErrorContext("m", null, null));
        receivers.put(LoopStats.class, loop::stats);
        receivers.put(CancelSignal.class, () -> (CancelSignal) loop.runInExecutor(r -> { }, () -> 1)); // the future is the signal
        StreamConnection conn = connection();
        receivers.put(AsyncStreamReader.class, conn::reader);
        receivers.put(AsyncStreamWriter.class, conn::writer);
        receivers.put(StreamLimits.class, () -> StreamLimits.DEFAULT);
        List<String> problems = t.run(receivers);
        System.out.printf("[bad input] core: %d rows, %d calls%n", 201, t.callsMade());
        assertTrue(problems.isEmpty(), problems.size() + " problems:\n" + String.join("\n", problems));
    }

    /** A real loopback connection on {@link #loop} (to a server on the same loop), driven by the test host. */
    private StreamConnection connection() {
        LoopFuture<StreamConnection> f = loop.startServer(c -> { }, "127.0.0.1", 0)
                .thenCompose(s -> loop.openConnection("127.0.0.1", s.address().getPort()));
        host.pumpUntil(f::isDone);
        return f.join();
    }

    private void samples(ApiTable t) {
        t.sample(Runnable.class, () -> PublicApiBadInputTest::noop)
                .sample(Duration.class, () -> Duration.ofMillis(1))
                .sample(Supplier.class, () -> () -> CompletableFuture.completedFuture(null))
                .sample(CompletionStage.class, CompletableFuture::new)
                .sample(Executor.class, () -> Runnable::run)
                .sample(Callable.class, () -> () -> 1)
                .sample(CheckedRunnable.class, () -> () -> { })
                .sample(CancellableWork.class, () -> c -> 1)
                .sample(java.util.function.IntSupplier.class, () -> () -> 0)
                .sample(List.class, List::of)
                .sample(ErrorContext.class, () -> new ErrorContext("sample", null, null))
                .sample(ExceptionHandler.class, () -> c -> { })
                .sample(EventLoop.class, () -> loop)
                .sample(GuestLoop.HostWaker.class, () -> () -> { })
                .sample(LongSupplier.class, () -> System::nanoTime)
                .sample(String.class, () -> "sample")
                .sample(Throwable.class, () -> new RuntimeException("sample"))
                .sample(TimeUnit.class, () -> TimeUnit.SECONDS)
                .sample(Function.class, () -> v -> v)
                .sample(BiFunction.class, () -> (a, b) -> a)
                .sample(Consumer.class, () -> v -> { })
                .sample(BiConsumer.class, () -> (a, b) -> { })
                .sample(BooleanSupplier.class, () -> () -> true)
                .sample(AsyncLock.class, () -> new AsyncLock(loop))
                .sample(java.nio.charset.Charset.class, () -> java.nio.charset.StandardCharsets.UTF_8)
                .sample(byte[].class, () -> new byte[] {'\n'})
                .sample(Object.class, () -> "sample");
    }

    private void rows(ApiTable t) {
        // ---- EventLoop: every host ----
        EventLoopRows.add(t);
        t.bad("EventLoop#callSoon(Runnable)", "on a closed loop", r -> {
            GuestLoop l = new GuestLoop(() -> { });
            l.close();
            l.callSoon(PublicApiBadInputTest::noop);
        }, RejectedExecutionException.class, "loop is closed: cannot schedule");
        t.bad("EventLoop#callLater(Duration,Runnable)", "negative delay: as zero", r -> {
            if (loop.callLater(Duration.ofSeconds(-5), PublicApiBadInputTest::noop).when() != loop.time()) throw new AssertionError("not now");
        }, null, null);
        t.bad("EventLoop#callLater(Duration,Runnable)", "a delay beyond Long.MAX_VALUE ns: saturates", r -> {
            if (loop.callLater(Duration.ofSeconds(Long.MAX_VALUE), PublicApiBadInputTest::noop).when() != Long.MAX_VALUE) throw new AssertionError("not saturated");
        }, null, null);
        t.bad("EventLoop#callAt(long,Runnable)", "Long.MIN_VALUE: due at once", r -> loop.callAt(Long.MIN_VALUE, PublicApiBadInputTest::noop), null, null);
        t.bad("EventLoop#callAt(long,Runnable)", "Long.MAX_VALUE: never due", r -> loop.callAt(Long.MAX_VALUE, PublicApiBadInputTest::noop), null, null);
        t.bad("EventLoop#createFuture()", "off the loop thread, in debug mode: safe from any thread", r -> {
            GuestLoop d = debugLoop();
            onOtherThread(x -> d.createFuture());
        }, null, null);
        t.bad("EventLoop#createEagerTask(Supplier)", "off the loop thread", r -> onOtherThread(x -> loop.createEagerTask(CompletableFuture::new)),
                IllegalStateException.class, "createEagerTask() is for the loop thread");
        t.bad("EventLoop#sleep(Duration)", "negative: as zero", r -> loop.sleep(Duration.ofDays(-1)), null, null);
        t.bad("EventLoop#sleep(Duration)", "off the loop thread, in debug mode: safe from any thread", r -> {
            GuestLoop d = debugLoop();
            onOtherThread(x -> d.sleep(Duration.ZERO));
        }, null, null);
        t.bad("EventLoop#runInExecutor(Callable)", "off the loop thread, in debug mode: safe from any thread", r -> {
            GuestLoop d = debugLoop();
            onOtherThread(x -> d.runInExecutor(() -> 1));
        }, null, null);
        t.bad("EventLoop#wrapFuture(CompletionStage)", "off the loop thread, in debug mode: safe from any thread", r -> {
            GuestLoop d = debugLoop();
            onOtherThread(x -> d.wrapFuture(new CompletableFuture<>()));
        }, null, null);
        t.bad("EventLoop#waitFor(CompletionStage,Duration)", "negative timeout: cancels at once", r -> loop.waitFor(new CompletableFuture<>(), Duration.ofSeconds(-1)), null, null);
        t.bad("EventLoop#gather(List)", "a null element", r -> loop.gather(java.util.Arrays.asList(new CompletableFuture<>(), null)),
                NullPointerException.class, "stages[1]: null (expected: non-null)");
        t.bad("EventLoop#gather(List)", "off the loop thread, in debug mode: safe from any thread", r -> {
            GuestLoop d = debugLoop();
            onOtherThread(x -> d.gather(List.of()));
        }, null, null);
        t.bad("EventLoop#runUntilComplete(CompletionStage)", "on a bare GuestLoop", r -> loop.runUntilComplete(new CompletableFuture<>()),
                UnsupportedOperationException.class, "use a host");
        t.bad("EventLoop#runUntilComplete(CompletionStage)", "on a closed StandaloneLoop", r -> {
            StandaloneLoop s = StandaloneLoop.create();
            s.close();
            s.runUntilComplete(new CompletableFuture<>());
        }, IllegalStateException.class, "loop is closed");
        t.bad("EventLoop#runForever()", "on a bare GuestLoop", r -> loop.runForever(), UnsupportedOperationException.class, "use a host");
        t.bad("EventLoop#runForever()", "a second thread while a StandaloneLoop runs", r -> {
            StandaloneLoop s = StandaloneLoop.create();
            toClose.add(s);
            LoopFuture<Void> started = TestCores.of(s).createFuture();
            s.callSoon(() -> started.complete(null));
            Thread runner = new Thread(s::runForever, "runner");
            runner.start();
            started.get(10, TimeUnit.SECONDS);
            try {
                s.runForever();
            } finally {
                s.stop();
                runner.join(10_000);
            }
        }, IllegalStateException.class, "is already running on thread 'runner'");
        t.bad("EventLoop#stop()", "on a bare GuestLoop", r -> loop.stop(), UnsupportedOperationException.class, "its host decides");
        t.bad("EventLoop#setSlowCallbackThreshold(Duration)", "negative: as zero (every callback is slow)", r -> loop.setSlowCallbackThreshold(Duration.ofSeconds(-1)), null, null);
        t.bad("EventLoop#current()", "on a thread with no loop", r -> onOtherThread(x -> EventLoop.current()),
                IllegalStateException.class, "no event loop is bound to thread 'not-the-loop-thread'");

        // ---- GuestLoop and its host API ----
        t.row("GuestLoop#<init>(HostWaker)", "waker");
        t.row("GuestLoop#<init>(HostWaker,LongSupplier)", "waker", "clockNanos");
        t.row("GuestLoop#runOnce()");
        t.bad("GuestLoop#runOnce()", "off the loop thread", r -> onOtherThread(x -> loop.runOnce()),
                IllegalStateException.class, "runOnce() called on thread 'not-the-loop-thread'");
        t.row("GuestLoop#runOnce(long)", "-");
        t.bad("GuestLoop#runOnce(long)", "negative budget: as zero (one callback)", r -> {
            loop.callSoon(PublicApiBadInputTest::noop);
            loop.callSoon(PublicApiBadInputTest::noop);
            if (loop.runOnce(Long.MIN_VALUE) != 1) throw new AssertionError("expected exactly one callback");
            loop.runOnce();
        }, null, null);
        t.row("GuestLoop#nextTimeout()");
        t.bad("GuestLoop#nextTimeout()", "off the loop thread", r -> onOtherThread(x -> loop.nextTimeout()),
                IllegalStateException.class, "nextTimeout() called on thread 'not-the-loop-thread'");
        t.row("GuestLoop#attachThread(EventLoop)", "face");
        t.bad("GuestLoop#attachThread(EventLoop)", "while another live thread is attached", r -> onOtherThread(x -> {
            GuestLoop g = new GuestLoop(() -> { });
            Thread holder = Thread.currentThread();
            g.attachThread(g);
            Thread other = new Thread(() -> g.attachThread(g));
            Throwable[] e = new Throwable[1];
            other.setUncaughtExceptionHandler((th, x2) -> e[0] = x2);
            other.start();
            other.join();
            g.detachThread();
            if (e[0] != null) throw e[0];
            if (holder == null) throw new AssertionError();
        }), IllegalStateException.class, "is attached to thread 'not-the-loop-thread'");
        t.row("GuestLoop#detachThread()");
        t.bad("GuestLoop#detachThread()", "off the loop thread", r -> onOtherThread(x -> loop.detachThread()),
                IllegalStateException.class, "detachThread() called on thread 'not-the-loop-thread'");
        t.row("GuestLoop#loopThread()");
        t.row("GuestLoop#pendingExecutorWork()");
        t.row("GuestLoop#trackUnobservedFailures()");
        t.row("GuestLoop#takeUnobservedFailures()");
        t.bad("EventLoop#pendingWork()", "off the loop thread", r -> onOtherThread(x -> loop.pendingWork()),
                IllegalStateException.class, "pendingWork() is for the loop thread");
        t.row("GuestLoop#getExceptionHandler()");
        t.row("GuestLoop#toString()");
        t.row("HostWaker#wakeUp()");
        t.row("StandaloneLoop#create()");
        t.row("StandaloneLoop#toString()");

        // ---- futures and tasks ----
        String[] unaryFn = {"fn"};
        for (String m : List.of("thenApply", "thenApplyAsync", "thenCompose", "thenComposeAsync", "exceptionally", "exceptionallyAsync",
                "exceptionallyCompose", "exceptionallyComposeAsync", "handle", "handleAsync")) {
            String type = m.startsWith("handle") ? "BiFunction" : "Function";
            t.row("LoopFuture#" + m + "(" + type + ")", unaryFn);
            if (m.endsWith("Async")) t.row("LoopFuture#" + m + "(" + type + ",Executor)", "fn", "executor");
        }
        for (String m : List.of("thenAccept", "thenAcceptAsync")) {
            t.row("LoopFuture#" + m + "(Consumer)", "action");
            if (m.endsWith("Async")) t.row("LoopFuture#" + m + "(Consumer,Executor)", "action", "executor");
        }
        for (String m : List.of("thenRun", "thenRunAsync")) {
            t.row("LoopFuture#" + m + "(Runnable)", "action");
            if (m.endsWith("Async")) t.row("LoopFuture#" + m + "(Runnable,Executor)", "action", "executor");
        }
        for (String m : List.of("whenComplete", "whenCompleteAsync")) {
            t.row("LoopFuture#" + m + "(BiConsumer)", "action");
            if (m.endsWith("Async")) t.row("LoopFuture#" + m + "(BiConsumer,Executor)", "action", "executor");
        }
        for (String[] m : List.of(new String[] {"thenCombine", "BiFunction", "fn"}, new String[] {"thenAcceptBoth", "BiConsumer", "action"},
                new String[] {"runAfterBoth", "Runnable", "action"}, new String[] {"applyToEither", "Function", "fn"},
                new String[] {"acceptEither", "Consumer", "action"}, new String[] {"runAfterEither", "Runnable", "action"})) {
            t.row("LoopFuture#" + m[0] + "(CompletionStage," + m[1] + ")", "other", m[2]);
            t.row("LoopFuture#" + m[0] + "Async(CompletionStage," + m[1] + ")", "other", m[2]);
            t.row("LoopFuture#" + m[0] + "Async(CompletionStage," + m[1] + ",Executor)", "other", m[2], "executor");
        }
        t.row("LoopFuture#loop()");
        t.row("LoopFuture#defaultExecutor()");
        t.row("LoopFuture#newIncompleteFuture()");
        t.row("LoopFuture#complete(Object)", "?value");
        t.nullLegal("LoopFuture#complete(Object)", "null is a value");
        t.unsupportedOn("LoopFuture#complete(Object)", Task.class);
        t.row("LoopFuture#completeExceptionally(Throwable)", "ex");
        t.unsupportedOn("LoopFuture#completeExceptionally(Throwable)", Task.class);
        t.row("LoopFuture#cancel(boolean)", "-");
        t.row("LoopFuture#join()");
        t.bad("LoopFuture#join()", "pending, on the loop thread", r -> loop.createFuture().join(), LoopBlockingException.class, "join() on the loop thread");
        t.row("LoopFuture#get()");
        t.bad("LoopFuture#get()", "pending, on the loop thread", r -> loop.createFuture().get(), LoopBlockingException.class, "get() on the loop thread");
        t.row("LoopFuture#get(long,TimeUnit)", "-", "unit");
        t.bad("LoopFuture#get(long,TimeUnit)", "pending, on the loop thread", r -> loop.createFuture().get(1, TimeUnit.SECONDS),
                LoopBlockingException.class, "get() on the loop thread");
        t.row("LoopFuture#getNow(Object)", "?valueIfAbsent");
        t.nullLegal("LoopFuture#getNow(Object)", "null is a value");
        t.row("LoopFuture#toCompletableFuture()");
        t.row("LoopFuture#orTimeout(long,TimeUnit)", "-", "unit");
        t.unsupportedOn("LoopFuture#orTimeout(long,TimeUnit)", Task.class);
        t.bad("LoopFuture#orTimeout(long,TimeUnit)", "negative: times out at once", r -> loop.createFuture().orTimeout(-1, TimeUnit.SECONDS), null, null);
        t.bad("LoopFuture#orTimeout(long,TimeUnit)", "Long.MAX_VALUE days: saturates", r -> loop.createFuture().orTimeout(Long.MAX_VALUE, TimeUnit.DAYS), null, null);
        t.row("LoopFuture#completeOnTimeout(Object,long,TimeUnit)", "?value", "-", "unit");
        t.nullLegal("LoopFuture#completeOnTimeout(Object,long,TimeUnit)", "null is a value");
        t.unsupportedOn("LoopFuture#completeOnTimeout(Object,long,TimeUnit)", Task.class);
        t.row("LoopFuture#toString()");
        t.row("LoopFuture#completeAsync(Supplier,Executor)", "supplier", "executor");
        t.unsupportedOn("LoopFuture#completeAsync(Supplier,Executor)", Task.class);
        t.row("LoopFuture#obtrudeValue(Object)", "?value");
        t.nullLegal("LoopFuture#obtrudeValue(Object)", "null is a value");
        t.unsupportedOn("LoopFuture#obtrudeValue(Object)", Task.class);
        t.row("LoopFuture#obtrudeException(Throwable)", "ex");
        t.unsupportedOn("LoopFuture#obtrudeException(Throwable)", Task.class);
        t.bad("LoopFuture#completeAsync(Supplier,Executor)", "on a Task, any arguments", r -> loop.createTask(CompletableFuture::new).completeAsync(() -> 1, Runnable::run),
                UnsupportedOperationException.class, "completed by its body");
        t.row("Task#setName(String)", "?name");
        t.nullLegal("Task#setName(String)", "null means unnamed");
        t.row("Task#getName()");
        t.row("Task#isCancelRequested()");
        t.row("Task#current()");
        t.row("Handle#cancel()");
        t.row("Handle#isCancelled()");
        t.row("TimerHandle#when()");
        t.row("ExceptionHandler#handle(ErrorContext)", "?context");
        t.nullLegal("ExceptionHandler#handle(ErrorContext)", "implemented by the user; the loop never passes null");
        t.row("ErrorContext#<init>(String,Throwable,Object)", "message", "?exception", "?source");
        t.nullLegal("ErrorContext#<init>(String,Throwable,Object)", "a report may have no exception and no source");
        t.row("ErrorContext#message()");
        t.row("ErrorContext#exception()");
        t.row("ErrorContext#source()");
        t.row("ErrorContext#toString()");
        t.row("LoopBlockingException#<init>(String)", "?message");
        t.nullLegal("LoopBlockingException#<init>(String)", "an exception's message may be null");
        t.row("LoopStats#<init>(int,int,long,long)", "-", "-", "-", "-");
        t.row("LoopStats#<init>(int,int,int,long,long)", "-", "-", "-", "-", "-");
        t.row("LoopStats#pendingFutures()");
        t.row("LoopStats#readyCallbacks()");
        t.row("LoopStats#pendingTimers()");
        t.row("LoopStats#callbacksRun()");
        t.row("LoopStats#iterations()");
        t.row("LoopStats#equals(Object)", "?o");
        t.nullLegal("LoopStats#equals(Object)", "equals(null) is false");
        t.row("LoopStats#hashCode()");
        t.row("LoopStats#toString()");
        t.row("Outcome#success(Object)", "?value");
        t.nullLegal("Outcome#success(Object)", "null is a value");
        t.row("Outcome#failure(Throwable)", "failure");
        t.row("Outcome#failure()");
        t.row("Outcome#isSuccess()");
        t.row("Outcome#isCancelled()");
        t.row("Outcome#value()");
        t.bad("Outcome#value()", "of a failure", r -> Outcome.failure(new RuntimeException("x")).value(), IllegalStateException.class, "the stage failed");
        t.row("Outcome#equals(Object)", "?o");
        t.nullLegal("Outcome#equals(Object)", "equals(null) is false");
        t.row("Outcome#hashCode()");
        t.row("Outcome#toString()");

        // ---- structured concurrency and synchronisation ----
        t.row("TaskGroup#<init>(EventLoop)", "loop");
        t.row("TaskGroup#createTask(Supplier)", "body");
        t.row("TaskGroup#launch(Callable)", "body");
        t.row("TaskGroup#launch(CheckedRunnable)", "body");
        t.bad("TaskGroup#createTask(Supplier)", "after the group completed", r -> {
            TaskGroup g = new TaskGroup(loop);
            LoopFuture<Void> j = g.join();
            while (!j.isDone()) loop.runOnce();
            g.createTask(CompletableFuture::new);
        }, IllegalStateException.class, "the group has completed");
        t.row("TaskGroup#join()");
        t.row("TaskGroup#toString()");
        t.row("TimeoutScope#after(EventLoop,Duration)", "loop", "delay");
        t.bad("TimeoutScope#after(EventLoop,Duration)", "negative: expired at once", r -> TimeoutScope.after(loop, Duration.ofSeconds(-1)), null, null);
        t.row("TimeoutScope#at(EventLoop,long)", "loop", "-");
        t.bad("TimeoutScope#at(EventLoop,long)", "Long.MIN_VALUE: expired at once", r -> TimeoutScope.at(loop, Long.MIN_VALUE), null, null);
        t.row("TimeoutScope#unbounded(EventLoop)", "loop");
        t.row("TimeoutScope#run(Supplier)", "body");
        t.row("TimeoutScope#call(Callable)", "body");
        t.bad("TimeoutScope#call(Callable)", "outside a coroutine", r -> TimeoutScope.after(loop, Duration.ofSeconds(1)).call(() -> 1),
                IllegalStateException.class, "is for the body of a coroutine");

        // ---- coroutines ----
        t.row("Await#await(CompletionStage)", "stage");
        t.bad("Await#await(CompletionStage)", "on the loop thread outside a coroutine", r -> {
            host.runOnce(); // the test thread is the loop's thread, even between passes
            Await.await(new CompletableFuture<>());
        },
                LoopBlockingException.class, "outside a coroutine would block");
        t.row("Await#isSupported()");
        t.row("Await#unsupportedReason()");
        t.row("CheckedRunnable#run()");
        t.row("CancellableWork#call(CancelSignal)", "-");
        t.row("CancelSignal#isCancelled()");
        t.row("CancelSignal#throwIfCancelled()");
        t.row("CancelSignal#onCancel(Runnable)", "action");
        t.row("GuestLoop#setNestingProbe(IntSupplier)", "?probe");
        t.nullLegal("GuestLoop#setNestingProbe(IntSupplier)", "null: runOnce nesting only");
        t.row("GuestLoop#setNestedLoopCheck(BooleanSupplier)", "?check");
        t.nullLegal("GuestLoop#setNestedLoopCheck(BooleanSupplier)", "null: no check at suspends");
        t.row("GuestLoop#setName(String)", "name");
        t.row("GuestLoop#checkAwaitable(CompletionStage)", "stage");
        t.bad("GuestLoop#checkAwaitable(CompletionStage)", "a future of a loop nobody runs",
                r -> loop.checkAwaitable(StandaloneLoop.create().createFuture()), IllegalArgumentException.class, "which is not running");
        t.bad("TimeoutScope#run(Supplier)", "a second body", r -> {
            TimeoutScope s = TimeoutScope.unbounded(loop);
            s.run(CompletableFuture::new);
            s.run(CompletableFuture::new);
        }, IllegalStateException.class, "this scope already ran a body");
        t.row("TimeoutScope#reschedule(Duration)", "delay");
        t.row("TimeoutScope#rescheduleAt(long)", "-");
        t.row("TimeoutScope#clearDeadline()");
        t.row("TimeoutScope#when()");
        t.row("TimeoutScope#expired()");
        t.row("TimeoutScope#toString()");
        t.row("LoopFutures#gatherSettled(EventLoop,List)", "loop", "stages");
        t.row("LoopFutures#shield(EventLoop,CompletionStage)", "loop", "stage");
        t.row("LoopFutures#shield(EventLoop,Supplier)", "loop", "body");
        t.row("LoopFutures#asCompleted(EventLoop,List)", "loop", "stages");
        t.row("LoopFutures#asCompleted(EventLoop,List,Duration)", "loop", "stages", "timeout");
        t.bad("LoopFutures#asCompleted(EventLoop,List,Duration)", "negative timeout: at once", r -> LoopFutures.asCompleted(loop, List.of(new CompletableFuture<>()), Duration.ofSeconds(-1)), null, null);
        t.row("AsyncLock#<init>(EventLoop)", "loop");
        t.row("AsyncLock#acquire()");
        t.row("AsyncLock#tryAcquire()");
        t.row("AsyncLock#release()");
        t.bad("AsyncLock#release()", "not locked", r -> new AsyncLock(loop).release(), IllegalStateException.class, "the lock is not locked");
        t.row("AsyncLock#isLocked()");
        t.row("AsyncLock#withLock(Supplier)", "body");
        t.row("AsyncLock#toString()");
        t.row("AsyncSemaphore#<init>(EventLoop,int)", "loop", "-");
        t.bad("AsyncSemaphore#<init>(EventLoop,int)", "negative permits", r -> new AsyncSemaphore(loop, -1), IllegalArgumentException.class, "permits: -1 (expected: >= 0)");
        t.bad("AsyncSemaphore#<init>(EventLoop,int)", "Integer.MAX_VALUE permits", r -> new AsyncSemaphore(loop, Integer.MAX_VALUE), null, null);
        t.row("AsyncSemaphore#bounded(EventLoop,int)", "loop", "-");
        t.bad("AsyncSemaphore#bounded(EventLoop,int)", "negative permits", r -> AsyncSemaphore.bounded(loop, -1), IllegalArgumentException.class, "permits: -1 (expected: >= 0)");
        t.row("AsyncSemaphore#acquire()");
        t.row("AsyncSemaphore#tryAcquire()");
        t.row("AsyncSemaphore#release()");
        t.bad("AsyncSemaphore#release()", "a bounded one, released more often than acquired", r -> AsyncSemaphore.bounded(loop, 1).release(),
                IllegalStateException.class, "released more often than acquired");
        t.row("AsyncSemaphore#availablePermits()");
        t.row("AsyncSemaphore#withPermit(Supplier)", "body");
        t.row("AsyncSemaphore#toString()");
        t.row("AsyncEvent#<init>(EventLoop)", "loop");
        t.row("AsyncEvent#set()");
        t.row("AsyncEvent#clear()");
        t.row("AsyncEvent#isSet()");
        t.row("AsyncEvent#await()");
        t.row("AsyncEvent#toString()");
        t.row("AsyncCondition#<init>(EventLoop)", "loop");
        t.row("AsyncCondition#<init>(EventLoop,AsyncLock)", "loop", "lock");
        t.bad("AsyncCondition#<init>(EventLoop,AsyncLock)", "a lock of another loop", r -> new AsyncCondition(loop, new AsyncLock(new GuestLoop(() -> { }))),
                IllegalArgumentException.class, "belongs to another loop");
        t.row("AsyncCondition#lock()");
        t.row("AsyncCondition#withLock(Supplier)", "body");
        t.row("AsyncCondition#await()");
        t.bad("AsyncCondition#await()", "without the lock", r -> new AsyncCondition(loop).await(), IllegalStateException.class, "the lock is not held");
        t.row("AsyncCondition#awaitUntil(BooleanSupplier)", "predicate");
        t.row("AsyncCondition#signal()");
        t.bad("AsyncCondition#signal()", "without the lock", r -> new AsyncCondition(loop).signal(), IllegalStateException.class, "the lock is not held");
        t.row("AsyncCondition#signal(int)", "-");
        t.bad("AsyncCondition#signal(int)", "a negative count", r -> {
            AsyncCondition c = new AsyncCondition(loop);
            c.lock().tryAcquire();
            c.signal(-1);
        }, IllegalArgumentException.class, "n: -1 (expected: >= 0)");
        t.row("AsyncCondition#signalAll()");
        t.row("AsyncCondition#toString()");
        t.row("AsyncQueue#<init>(EventLoop)", "loop");
        t.row("AsyncQueue#<init>(EventLoop,int)", "loop", "-");
        t.bad("AsyncQueue#<init>(EventLoop,int)", "capacity 0", r -> new AsyncQueue<>(loop, 0), IllegalArgumentException.class, "capacity: 0 (expected: >= 1");
        t.bad("AsyncQueue#<init>(EventLoop,int)", "capacity Integer.MAX_VALUE", r -> new AsyncQueue<>(loop, Integer.MAX_VALUE), null, null);
        t.row("AsyncQueue#offer(Object)", "item");
        t.row("AsyncQueue#put(Object)", "item");
        t.row("AsyncQueue#get()");
        t.row("AsyncQueue#poll()");
        t.row("AsyncQueue#size()");
        t.row("AsyncQueue#capacity()");
        t.row("AsyncQueue#taskDone()");
        t.bad("AsyncQueue#taskDone()", "more often than items were put", r -> new AsyncQueue<>(loop).taskDone(), IllegalStateException.class, "called more often than items were put");
        t.row("AsyncQueue#join()");
        t.row("AsyncQueue#toString()");
        t.row("Progress#<init>(EventLoop)", "loop");
        t.row("Progress#update(double,double)", "-", "-");
        t.bad("Progress#update(double,double)", "NaN, infinite, negative, zero totals: indeterminate; done beyond total: clamped", r -> {
            Progress p = new Progress(loop);
            p.update(Double.NaN, 1);
            p.update(1, Double.POSITIVE_INFINITY);
            p.update(1, -1);
            p.update(1, 0);
            p.update(5, 1);
            p.update(-5, 1);
        }, null, null);
        t.row("Progress#message(String)", "?text");
        t.nullLegal("Progress#message(String)", "null means no message");
        t.row("Progress#reset()");
        t.row("Progress#fraction()");
        t.row("Progress#message()");
        t.row("Progress#onChange(Runnable)", "listener");
        t.row("Progress#forTask(CompletionStage)", "task");
        t.row("Progress#toString()");

        // ---- streams and subprocesses ----
        t.bad("EventLoop#openConnection(String,int)", "port 0", r -> loop.openConnection("127.0.0.1", 0), IllegalArgumentException.class, "port: 0 (expected: 1..65535)");
        t.bad("EventLoop#openConnection(String,int,StreamLimits)", "port 65536", r -> loop.openConnection("127.0.0.1", 65536, StreamLimits.DEFAULT),
                IllegalArgumentException.class, "port: 65536 (expected: 1..65535)");
        t.bad("EventLoop#startServer(Consumer,String,int)", "port -1", r -> loop.startServer(c -> { }, "127.0.0.1", -1),
                IllegalArgumentException.class, "port: -1 (expected: 0..65535)");
        t.bad("EventLoop#subprocess(ProcessBuilder)", "off the loop thread in debug mode", r -> {
            GuestLoop d = debugLoop();
            onOtherThread(x -> d.subprocess(new ProcessBuilder("/nonexistent/sample")));
        }, IllegalStateException.class, "subprocess() is for the loop thread");
        t.row("StreamConnection#reader()");
        t.row("StreamConnection#writer()");
        t.row("StreamConnection#close()");
        t.row("StreamConnection#localAddress()");
        t.row("StreamConnection#remoteAddress()");
        t.row("StreamServer#address()");
        t.row("StreamServer#close()");
        t.row("StreamServer#isClosed()");
        t.row("StreamServer#closed()");
        t.row("AsyncStreamReader#read(int)", "-");
        t.bad("AsyncStreamReader#read(int)", "negative", r -> connection().reader().read(-1), IllegalArgumentException.class, "max: -1 (expected: >= 0)");
        t.bad("AsyncStreamReader#read(int)", "while another read is pending", r -> {
            AsyncStreamReader in = connection().reader();
            in.readLine();
            in.read(1);
        }, IllegalStateException.class, "read() while another read is pending");
        t.row("AsyncStreamReader#readExactly(int)", "-");
        t.bad("AsyncStreamReader#readExactly(int)", "negative", r -> connection().reader().readExactly(-1), IllegalArgumentException.class, "n: -1 (expected: >= 0)");
        t.row("AsyncStreamReader#readLine()");
        t.row("AsyncStreamReader#readLine(Charset)", "charset");
        t.row("AsyncStreamReader#readUntil(byte[])", "separator");
        t.bad("AsyncStreamReader#readUntil(byte[])", "an empty separator", r -> connection().reader().readUntil(new byte[0]),
                IllegalArgumentException.class, "separator: empty (expected: at least one byte)");
        t.row("AsyncStreamReader#atEof()");
        t.row("AsyncStreamWriter#write(byte[])", "data");
        t.bad("AsyncStreamWriter#write(byte[])", "after close()", r -> {
            AsyncStreamWriter w = connection().writer();
            w.close();
            w.write(new byte[1]);
        }, IllegalStateException.class, "write() after close()");
        t.row("AsyncStreamWriter#drain()");
        t.row("AsyncStreamWriter#writeEof()");
        t.row("AsyncStreamWriter#close()");
        t.row("AsyncStreamWriter#closed()");
        t.row("AsyncStreamWriter#isClosing()");
        t.row("AsyncStreamWriter#bufferedBytes()");
        t.row("Subprocess#stdin()");
        t.row("Subprocess#stdout()");
        t.row("Subprocess#stderr()");
        t.row("Subprocess#exit()");
        t.row("Subprocess#terminate()");
        t.row("Subprocess#kill()");
        t.row("Subprocess#pid()");
        t.row("StreamLimits#<init>(int,int,int)", "-", "-", "-");
        t.bad("StreamLimits#<init>(int,int,int)", "a read limit of 0", r -> new StreamLimits(0, 0, 0), IllegalArgumentException.class, "readLimit: 0 (expected: >= 1)");
        t.bad("StreamLimits#<init>(int,int,int)", "a negative low-water mark", r -> new StreamLimits(1, -1, 0), IllegalArgumentException.class, "writeLowWater: -1 (expected: >= 0)");
        t.bad("StreamLimits#<init>(int,int,int)", "high below low", r -> new StreamLimits(1, 10, 5), IllegalArgumentException.class, "writeHighWater: 5 (expected: >= writeLowWater 10)");
        t.row("StreamLimits#readLimit()");
        t.row("StreamLimits#writeLowWater()");
        t.row("StreamLimits#writeHighWater()");
        t.row("StreamLimits#withReadLimit(int)", "-");
        t.bad("StreamLimits#withReadLimit(int)", "0", r -> StreamLimits.DEFAULT.withReadLimit(0), IllegalArgumentException.class, "readLimit: 0");
        t.row("StreamLimits#withWriteWaterMarks(int,int)", "-", "-");
        t.row("StreamLimits#equals(Object)", "?o");
        t.nullLegal("StreamLimits#equals(Object)", "equals(null) is false");
        t.row("StreamLimits#hashCode()");
        t.row("StreamLimits#toString()");
        t.row("IncompleteReadException#<init>(byte[],int)", "partial", "-");
        t.row("IncompleteReadException#partial()");
        t.row("IncompleteReadException#expected()");
        t.row("LimitOverrunException#<init>(String,int)", "?message", "-");
        t.nullLegal("LimitOverrunException#<init>(String,int)", "an exception's message may be null");
        t.row("LimitOverrunException#consumed()");
        t.row("StreamClosedException#<init>(String)", "?message");
        t.nullLegal("StreamClosedException#<init>(String)", "an exception's message may be null");
        t.row("ConnectionResetException#<init>(String,Throwable)", "?message", "?cause");
        t.nullLegal("ConnectionResetException#<init>(String,Throwable)", "an exception's message and cause may be null");
        t.row("MalformedLineException#<init>(byte[],String,Throwable)", "line", "charset", "?cause");
        t.nullLegal("MalformedLineException#<init>(byte[],String,Throwable)", "the decoder's exception may be missing");
        t.row("MalformedLineException#line()");
        t.row("MalformedLineException#getMessage()");
    }
}
