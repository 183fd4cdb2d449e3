package io.loopbridge.core;

import io.loopbridge.core.testkit.RecordingHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The toolbox tests' harness: a {@link GuestLoop} on a manual clock driven by a {@link RecordingHost}, on
 * the test thread (which becomes the loop thread). {@link #step()} is one loop iteration, the unit in
 * which asyncio's tests count with {@code await asyncio.sleep(0)}; {@link #pump()} runs until idle,
 * jumping the clock to each timer.
 */
abstract class ToolboxTestSupport {
    RecordingHost host;
    GuestLoop loop;
    /** What reached the loop's exception handler. */
    final List<ErrorContext> errors = new ArrayList<>();

    /** The host of each test; strict about wake-ups unless a test's other threads make late ones legal. */
    RecordingHost newHost() {
        return RecordingHost.create();
    }

    @BeforeEach
    void createLoop() {
        host = newHost();
        loop = host.loop();
        loop.setExceptionHandler(errors::add);
        host.runOnce(); // claims the test thread as the loop thread, as a host does before any work
    }

    @AfterEach
    void closeLoop() {
        loop.close();
        host.assertContractKept();
    }

    /** One loop iteration. */
    int step() {
        return host.runOnce();
    }

    /** {@code n} loop iterations. */
    void steps(int n) {
        for (int i = 0; i < n; i++) host.runOnce();
    }

    /** Runs until nothing is ready and no timer is left, jumping the clock. */
    void pump() {
        host.pump();
    }

    /** Runs until {@code f} is done; fails if the loop goes idle first. */
    <T> T pumpUntilDone(CompletableFuture<T> f) {
        host.pumpUntil(f::isDone, 100_000);
        assertTrue(f.isDone(), "still pending: " + f);
        return f.join();
    }

    /** Advances the clock by {@code d} and runs what became due. */
    void advance(Duration d) {
        host.advanceAndRun(d);
    }

    <T> Task<T> task(Supplier<? extends CompletionStage<T>> body) {
        return loop.createTask(body);
    }

    static Duration ms(long n) {
        return Duration.ofMillis(n);
    }

    static Duration s(long n) {
        return Duration.ofSeconds(n);
    }

    static <T> CompletableFuture<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }

    /** The failure of a done future, unwrapped; fails if it succeeded. */
    static Throwable failureOf(CompletableFuture<?> f) {
        assertTrue(f.isDone(), "still pending: " + f);
        try {
            f.getNow(null);
        } catch (CancellationException e) {
            return e;
        } catch (CompletionException e) {
            return e.getCause();
        }
        fail("succeeded: " + f);
        return null;
    }

    /** The failure of a done future, unwrapped, or null if it succeeded. */
    static Throwable failureOrNull(CompletableFuture<?> f) {
        try {
            f.getNow(null);
            return null;
        } catch (CancellationException e) {
            return e;
        } catch (CompletionException e) {
            return e.getCause();
        }
    }
}
