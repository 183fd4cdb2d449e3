package io.loopbridge.core;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.reflect.Method;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The default executor of {@code runInExecutor}: virtual threads on JDK 21+, daemon platform threads named
 * after the loop before. CI runs this module on JDK 17 and on the newest JDK it finds (see {@code .ci/run}),
 * so both branches run.
 */
@Timeout(30)
class DefaultExecutorTest {
    private final StandaloneLoop loop = StandaloneLoop.create();

    @AfterEach
    void close() {
        loop.close();
    }

    private static boolean isVirtual(Thread t) throws ReflectiveOperationException {
        Method m = Thread.class.getMethod("isVirtual"); // JDK 21+; compiled for release 17
        return (boolean) m.invoke(t);
    }

    @Test
    void blockingWorkRunsOnAVirtualThreadOnJdk21AndLater_onADaemonWorkerBefore() throws Exception {
        Thread worker = loop.runUntilComplete(loop.createTask(() -> loop.runInExecutor(Thread::currentThread)));

        if (Runtime.version().feature() >= 21) {
            assertTrue(isVirtual(worker), worker + " is not a virtual thread on JDK " + Runtime.version());
        } else {
            assertTrue(worker.isDaemon(), worker + " would keep the JVM alive");
            assertTrue(worker.getName().contains("-worker-"), worker.getName());
        }
        assertFalse(worker == Thread.currentThread(), "the work ran on the loop thread");
    }

    @Test
    void workerThreadsAreNamedForTheLoopTheUserKnowsOnEveryJdk() {
        // issue 16 item 8: workers were GuestLoop-1-worker-1 under an FxLoop-1, and unnamed virtual threads on 21+
        GuestLoop named = new GuestLoop(() -> { });
        named.setName("FxLoop-7");
        LoopFuture<String> f = named.runInExecutor(() -> Thread.currentThread().getName());
        long end = System.nanoTime() + 10_000_000_000L;
        while (!f.isDone() && System.nanoTime() < end) {
            named.runOnce();
            Thread.onSpinWait();
        }
        assertTrue(f.join().startsWith("FxLoop-7-worker-"), f.join());
        named.close();
    }
}
