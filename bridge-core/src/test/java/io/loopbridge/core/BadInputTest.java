package io.loopbridge.core;

import io.loopbridge.core.testkit.RecordingHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Bad input on every public core method: a null argument fails with {@link NullPointerException} whose
 * message names the argument ({@code "callback: null (expected: non-null)"}) and has no side effect;
 * scheduling on a closed loop fails with {@link RejectedExecutionException}{@code ("loop is closed ...")};
 * running a closed loop fails with {@link IllegalStateException}. Peer: asyncio
 * {@code test_base_events.test_call_soon_non_callable}-style checks ({@code _check_callback}).
 */
@Timeout(30)
class BadInputTest {
    private final RecordingHost host = RecordingHost.create();
    private final GuestLoop loop = host.loop();

    @AfterEach
    void closeTheLoop() {
        host.assertContractKept();
        loop.close();
    }

    private static final Runnable CB = () -> { };
    private static final Supplier<CompletionStage<Object>> BODY = () -> CompletableFuture.completedFuture(null);

    /** name of the null argument -> a call passing null for it. */
    private static Map<String, Executable> eventLoopCalls(EventLoop l) {
        Map<String, Executable> m = new LinkedHashMap<>();
        m.put("callSoon/callback", () -> l.callSoon(null));
        m.put("execute/command", () -> l.execute(null));
        m.put("callLater/delay", () -> l.callLater(null, CB));
        m.put("callLater/callback", () -> l.callLater(Duration.ZERO, null));
        m.put("callAt/callback", () -> l.callAt(0, null));
        m.put("createTask/body", () -> l.createTask(null));
        m.put("createEagerTask/body", () -> l.createEagerTask(null));
        m.put("sleep/delay", () -> l.sleep(null));
        m.put("runInExecutor/work", () -> l.runInExecutor((java.util.concurrent.Callable<Object>) null));
        m.put("runInExecutor(cancellable)/work", () -> l.runInExecutor((CancellableWork<Object>) null));
        m.put("runInExecutor(executor)/executor", () -> l.runInExecutor(null, () -> 1));
        m.put("runInExecutor(executor)/work", () -> l.runInExecutor(Runnable::run, (java.util.concurrent.Callable<Object>) null));
        m.put("wrapFuture/other", () -> l.wrapFuture(null));
        m.put("waitFor/stage", () -> l.waitFor(null, Duration.ZERO));
        m.put("waitFor/timeout", () -> l.waitFor(new CompletableFuture<>(), null));
        m.put("gather/stages", () -> l.gather(null));
        m.put("runUntilComplete/stage", () -> l.runUntilComplete(null));
        m.put("callExceptionHandler/context", () -> l.callExceptionHandler(null));
        m.put("setSlowCallbackThreshold/threshold", () -> l.setSlowCallbackThreshold(null));
        return m;
    }

    private static void assertNamesTheArgument(Map<String, Executable> calls) {
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, Executable> c : calls.entrySet()) {
            String arg = c.getKey().substring(c.getKey().indexOf('/') + 1);
            try {
                c.getValue().execute();
                wrong.add(c.getKey() + ": no exception");
            } catch (NullPointerException e) {
                if (e.getMessage() == null || !e.getMessage().equals(arg + ": null (expected: non-null)")) {
                    wrong.add(c.getKey() + ": " + e.getMessage());
                }
            } catch (Throwable e) {
                wrong.add(c.getKey() + ": " + e);
            }
        }
        assertTrue(wrong.isEmpty(), "null arguments not named as expected:\n" + String.join("\n", wrong));
    }

    @Test
    void nullArgumentsOfGuestLoopMethodsAreRejectedNamingTheArgument() {
        host.runOnce();
        assertNamesTheArgument(eventLoopCalls(loop));
        Map<String, Executable> more = new LinkedHashMap<>();
        more.put("GuestLoop/waker", () -> new GuestLoop(null));
        more.put("GuestLoop(clock)/waker", () -> new GuestLoop(null, System::nanoTime));
        more.put("GuestLoop(clock)/clockNanos", () -> new GuestLoop(() -> { }, null));
        more.put("attachThread/face", () -> loop.attachThread(null));
        more.put("gather/stages[1]", () -> loop.gather(Arrays.asList(CompletableFuture.completedFuture(1), null)));
        assertNamesTheArgument(more);
        assertEquals(0, loop.stats().readyCallbacks() + loop.stats().pendingTimers(), "a rejected call left something behind");
    }

    @Test
    void nullArgumentsOfStandaloneLoopMethodsAreRejectedNamingTheArgument() {
        try (StandaloneLoop standalone = StandaloneLoop.create()) {
            assertNamesTheArgument(eventLoopCalls(standalone));
        }
    }

    @Test
    void nullArgumentsOfFutureTaskAndProgressMethodsAreRejectedNamingTheArgument() {
        LoopFuture<String> f = loop.createFuture();
        CompletableFuture<String> other = new CompletableFuture<>();
        Map<String, Executable> m = new LinkedHashMap<>();
        m.put("completeExceptionally/ex", () -> f.completeExceptionally(null));
        m.put("orTimeout/unit", () -> f.orTimeout(1, null));
        m.put("completeOnTimeout/unit", () -> f.completeOnTimeout("x", 1, null));
        m.put("thenApply/fn", () -> f.thenApply(null));
        m.put("thenApplyAsync/fn", () -> f.thenApplyAsync(null));
        m.put("thenApplyAsync/executor", () -> f.thenApplyAsync(v -> v, null));
        m.put("thenAccept/action", () -> f.thenAccept(null));
        m.put("thenRun/action", () -> f.thenRun(null));
        m.put("thenCombine/other", () -> f.thenCombine(null, (a, b) -> a));
        m.put("thenCombine/fn", () -> f.thenCombine(other, null));
        m.put("thenAcceptBoth/other", () -> f.thenAcceptBoth(null, (a, b) -> { }));
        m.put("thenAcceptBoth/action", () -> f.thenAcceptBoth(other, null));
        m.put("runAfterBoth/other", () -> f.runAfterBoth(null, CB));
        m.put("runAfterBoth/action", () -> f.runAfterBoth(other, null));
        m.put("applyToEither/other", () -> f.applyToEither(null, v -> v));
        m.put("applyToEither/fn", () -> f.applyToEither(other, null));
        m.put("acceptEither/other", () -> f.acceptEither(null, v -> { }));
        m.put("acceptEither/action", () -> f.acceptEither(other, null));
        m.put("runAfterEither/other", () -> f.runAfterEither(null, CB));
        m.put("runAfterEither/action", () -> f.runAfterEither(other, null));
        m.put("thenCompose/fn", () -> f.thenCompose(null));
        m.put("handle/fn", () -> f.handle(null));
        m.put("whenComplete/action", () -> f.whenComplete(null));
        m.put("exceptionally/fn", () -> f.exceptionally(null));
        m.put("exceptionallyCompose/fn", () -> f.exceptionallyCompose(null));
        m.put("whenCompleteAsync/executor", () -> f.whenCompleteAsync((v, e) -> { }, null));
        m.put("Progress/loop", () -> new Progress(null));
        m.put("onChange/listener", () -> new Progress(loop).onChange(null));
        m.put("ForwardingEventLoop/core", () -> new ForwardingEventLoop(null) {
            @Override public <T> T runUntilComplete(CompletionStage<T> stage) { return null; }
            @Override public void runForever() { }
            @Override public void stop() { }
            @Override public boolean isRunning() { return false; }
            @Override public void close() { }
        });
        assertNamesTheArgument(m);
        assertEquals("message: null (expected: non-null)",
                assertThrows(NullPointerException.class, () -> new ErrorContext(null, null, null)).getMessage());
        assertFalse(f.isDone());
        f.cancel(false);
        host.pump();
    }

    @Test
    void nullWorkIsReportedAsSuchBeforeTheExecutorIsEvenLookedAt() {
        // regression: runInExecutor(work) created the default executor before checking work, so on a
        // closed loop a null argument was reported as "loop is closed"
        loop.close();
        NullPointerException e = assertThrows(NullPointerException.class, () -> loop.runInExecutor((java.util.concurrent.Callable<Object>) null));
        assertEquals("work: null (expected: non-null)", e.getMessage());
    }

    @Test
    void nullsThatMeanSomethingAreAccepted() {
        loop.setExceptionHandler(null); // the default handler
        Progress p = new Progress(loop);
        p.message(null); // no message
        Task<Object> t = loop.createTask(BODY).setName(null); // unnamed
        host.pump();
        assertEquals("", p.message());
        assertTrue(t.isDone());
    }

    // ---------------------------------------------------------------------------------------------
    // Closed loops
    // ---------------------------------------------------------------------------------------------

    @Test
    void schedulingOnAClosedGuestLoopIsRejectedWithLoopIsClosedFromAnyThread() throws Exception {
        host.runOnce();
        loop.close();
        Map<String, Executable> calls = new LinkedHashMap<>();
        calls.put("callSoon", () -> loop.callSoon(CB));
        calls.put("execute", () -> loop.execute(CB));
        calls.put("callLater", () -> loop.callLater(Duration.ofSeconds(1), CB));
        calls.put("callAt", () -> loop.callAt(0, CB));
        calls.put("createTask", () -> loop.createTask(BODY));
        calls.put("createEagerTask", () -> loop.createEagerTask(BODY));
        calls.put("createFuture", loop::createFuture);
        calls.put("sleep", () -> loop.sleep(Duration.ZERO));
        calls.put("runInExecutor", () -> loop.runInExecutor(() -> 1));
        calls.put("runInExecutor(executor)", () -> loop.runInExecutor(Runnable::run, () -> 1));
        calls.put("wrapFuture", () -> loop.wrapFuture(new CompletableFuture<>()));
        calls.put("waitFor", () -> loop.waitFor(new CompletableFuture<>(), Duration.ZERO));
        for (Map.Entry<String, Executable> c : calls.entrySet()) {
            RejectedExecutionException e = assertThrows(RejectedExecutionException.class, c.getValue(), c.getKey());
            assertTrue(e.getMessage().startsWith("loop is closed"), c.getKey() + ": " + e.getMessage());
        }
        List<String> offLoop = new ArrayList<>();
        Thread t = new Thread(() -> {
            for (String name : List.of("callSoon", "callLater", "createTask")) {
                try {
                    calls.get(name).execute();
                    offLoop.add(name + ": accepted");
                } catch (RejectedExecutionException e) {
                    if (!e.getMessage().startsWith("loop is closed")) offLoop.add(name + ": " + e.getMessage());
                } catch (Throwable e) {
                    offLoop.add(name + ": " + e);
                }
            }
        });
        t.start();
        t.join();
        assertTrue(offLoop.isEmpty(), offLoop.toString());
    }

    @Test
    void closedGuestLoopRunOnceDoesNothingAndStaysIdle() {
        loop.callSoon(() -> fail("ran on a closed loop"));
        loop.close();
        assertEquals(0, host.runOnce());
        assertEquals(-1, loop.nextTimeout());
    }

    @Test
    void closedStandaloneLoopCannotRun() {
        StandaloneLoop standalone = StandaloneLoop.create();
        standalone.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, standalone::runForever);
        assertTrue(e.getMessage().startsWith("loop is closed"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> standalone.runUntilComplete(new CompletableFuture<>()));
    }

    @Test
    void extremeDurationsAreClampedNotRejected() {
        host.runOnce();
        loop.setSlowCallbackThreshold(Duration.ofSeconds(-1)); // negative means 0: every callback is "slow"
        loop.setSlowCallbackThreshold(Duration.ofSeconds(Long.MAX_VALUE));
        TimerHandle never = loop.callLater(Duration.ofSeconds(Long.MAX_VALUE), CB);
        assertEquals(Long.MAX_VALUE, never.when());
        never.cancel();
        assertEquals(host.clock().getAsLong(), loop.callLater(Duration.ofSeconds(Long.MIN_VALUE), CB).when());
        LoopFuture<Object> f = loop.createFuture();
        f.orTimeout(-5, TimeUnit.SECONDS); // negative means now
        host.pump();
        assertTrue(f.isCompletedExceptionally());
    }
}
