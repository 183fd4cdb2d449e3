package io.loopbridge.core;

import io.loopbridge.core.testkit.RecordingHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The dependents attached to one future run in the order they were attached, whichever thread completes
 * it and however it completes (asyncio's test_futures: test_callbacks_invoked_on_set_result and
 * _on_set_exception; the loop puts back in order what {@code CompletableFuture} fires newest first), and
 * futures completed one after the other keep their turn.
 */
@Timeout(30)
class DependentOrderTest extends ToolboxTestSupport {
    private static final List<Integer> TEN = IntStream.range(0, 10).boxed().collect(Collectors.toList());

    @Override
    RecordingHost newHost() {
        return RecordingHost.create().toleratingLateWakeUps();
    }

    private static void attachTen(LoopFuture<?> f, List<Integer> out) {
        for (int i = 0; i < 10; i++) {
            int k = i;
            f.whenComplete((v, e) -> out.add(k));
        }
    }

    @Test
    void dependentsOfAFutureCompletedOnTheLoopThreadRunInAttachOrder() {
        List<Integer> out = new CopyOnWriteArrayList<>();
        LoopFuture<String> f = loop.createFuture();
        attachTen(f, out);
        f.complete("x");
        pump();
        assertEquals(TEN, out);
    }

    @Test
    void theSameForAFailureAndForACancel() {
        List<Integer> failed = new CopyOnWriteArrayList<>();
        LoopFuture<String> f = loop.createFuture();
        attachTen(f, failed);
        f.completeExceptionally(new IllegalStateException("x"));
        List<Integer> cancelled = new CopyOnWriteArrayList<>();
        LoopFuture<String> g = loop.createFuture();
        attachTen(g, cancelled);
        g.cancel(true);
        pump();
        assertEquals(TEN, failed);
        assertEquals(TEN, cancelled);
    }

    @Test
    void dependentsOfAFutureCompletedOnAnotherThreadRunInAttachOrder() throws Exception {
        List<Integer> out = new CopyOnWriteArrayList<>();
        LoopFuture<String> f = loop.createFuture();
        attachTen(f, out);
        Thread t = new Thread(() -> f.complete("x"), "completer");
        t.start();
        t.join(10_000);
        pump();
        assertEquals(TEN, out);
    }

    @Test
    void dependentsOfExecutorWorkRunInAttachOrder() {
        List<Integer> out = new CopyOnWriteArrayList<>();
        LoopFuture<String> f = loop.runInExecutor(() -> {
            Thread.sleep(50); // real work on a worker thread; the dependents are attached meanwhile
            return "done";
        });
        attachTen(f, out);
        pumpUntilDone(f.thenRun(() -> { }));
        pump();
        assertEquals(TEN, out);
    }

    @Test
    void dependentsOfADependentStageRunInAttachOrder() {
        List<Integer> out = new CopyOnWriteArrayList<>();
        LoopFuture<String> f = loop.createFuture();
        LoopFuture<String> g = f.thenApply(s -> s + "!"); // completed by CompletableFuture itself
        attachTen(g, out);
        f.complete("x");
        pump();
        assertEquals(TEN, out);
    }

    @Test
    void dependentsAttachedAfterTheCompletionRunInAttachOrder() {
        List<Integer> out = new CopyOnWriteArrayList<>();
        LoopFuture<String> f = loop.completedFuture("x");
        attachTen(f, out);
        pump();
        assertEquals(TEN, out);
    }

    @Test
    void sleepsDueTogetherAndTasksWaitingOnOneFutureKeepTheirOrder() {
        List<Integer> slept = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 10; i++) {
            int k = i;
            loop.sleep(Duration.ofSeconds(1)).thenRun(() -> slept.add(k));
        }
        List<Integer> woken = new CopyOnWriteArrayList<>();
        LoopFuture<String> gate = loop.createFuture();
        for (int i = 0; i < 10; i++) {
            int k = i;
            task(() -> gate.thenRun(() -> woken.add(k)));
        }
        step();
        gate.complete("open");
        pump();
        assertEquals(TEN, slept);
        assertEquals(TEN, woken);
    }

    @Test
    void futuresCompletedOneAfterTheOtherKeepTheirTurn() {
        List<String> out = new CopyOnWriteArrayList<>();
        LoopFuture<String> f = loop.createFuture();
        LoopFuture<String> g = loop.createFuture();
        f.thenRun(() -> out.add("f1"));
        f.thenRun(() -> out.add("f2"));
        g.thenRun(() -> out.add("g1"));
        g.thenRun(() -> out.add("g2"));
        loop.callSoon(() -> {
            f.complete("a");
            loop.callSoon(() -> out.add("soon"));
            g.complete("b");
        });
        pump();
        assertEquals(List.of("f1", "f2", "soon", "g1", "g2"), out);
    }

    @Test
    void aCompletionNestedInAFiringKeepsEachFuturesOrder() {
        // g completes inside f's firing (a synchronous hook of f's), as the loop's own wrappers do
        List<String> out = new CopyOnWriteArrayList<>();
        LoopFuture<String> f = loop.createFuture();
        LoopFuture<String> g = loop.createFuture();
        f.thenRun(() -> out.add("f1"));
        CompletableFuture.allOf(f).whenComplete((v, e) -> g.complete("a")); // synchronous, inside the firing
        f.thenRun(() -> out.add("f2"));
        g.thenRun(() -> out.add("g1"));
        g.thenRun(() -> out.add("g2"));
        f.complete("a");
        pump();
        assertEquals(List.of("f1", "f2"), out.stream().filter(s -> s.startsWith("f")).collect(Collectors.toList()), out.toString());
        assertEquals(List.of("g1", "g2"), out.stream().filter(s -> s.startsWith("g")).collect(Collectors.toList()), out.toString());
        assertEquals(4, out.size());
    }

    @Test
    void aForeignStagesRelayKeepsTheOrderOfTheLoopFuturesDependents() {
        List<Integer> out = new CopyOnWriteArrayList<>();
        CompletableFuture<String> foreign = new CompletableFuture<>();
        LoopFuture<String> g = loop.completedFuture("x").thenCompose(v -> foreign);
        pump();
        attachTen(g, out);
        foreign.complete("y"); // on the loop thread, outside any callback: CompletableFuture relays into g
        pump();
        assertEquals(TEN, out);
    }

    @Test
    void coroutinesAwaitingOneFutureResumeInTheOrderTheyBeganToWait() {
        io.loopbridge.core.testkit.CoroutineJdk.requireCoroutines();
        List<Integer> out = new CopyOnWriteArrayList<>();
        LoopFuture<String> gate = loop.createFuture();
        for (int i = 0; i < 10; i++) {
            int k = i;
            loop.launch(() -> {
                Await.await(gate);
                out.add(k);
            });
        }
        pump();
        gate.complete("open");
        pump();
        assertEquals(TEN, out);
    }

    @Test
    void coroutinesAndCallbacksWaitingOnOneFutureKeepOneOrder() throws Exception {
        io.loopbridge.core.testkit.CoroutineJdk.requireCoroutines();
        List<String> out = new CopyOnWriteArrayList<>();
        LoopFuture<String> gate = loop.createFuture();
        gate.thenRun(() -> out.add("callback 1"));
        loop.launch(() -> {
            Await.await(gate);
            out.add("coroutine 2");
        });
        pump();
        gate.thenRun(() -> out.add("callback 3"));
        Thread t = new Thread(() -> gate.complete("open"), "completer");
        t.start();
        t.join(10_000);
        pump();
        assertEquals(List.of("callback 1", "coroutine 2", "callback 3"), out);
    }
}
