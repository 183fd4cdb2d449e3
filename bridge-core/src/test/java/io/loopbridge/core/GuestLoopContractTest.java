package io.loopbridge.core;

import io.loopbridge.core.testkit.EventLoopContractTest;
import io.loopbridge.core.testkit.RecordingHost;
import org.junit.jupiter.api.AfterEach;

import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The contract, on a bare {@link GuestLoop} driven by a {@link RecordingHost} on a manual clock. */
class GuestLoopContractTest extends EventLoopContractTest {
    private RecordingHost host;

    @Override
    protected EventLoop createLoop() {
        // several contract tests complete or submit from other threads while the host runs: a wake-up may
        // then be delivered after the runOnce that already took its work in (see RecordingHost)
        host = RecordingHost.create().toleratingLateWakeUps();
        return host.loop();
    }

    @Override
    protected <T> T run(Supplier<? extends CompletionStage<T>> body) {
        Task<T> t = loop.createTask(body);
        host.pumpUntil(t::isDone);
        assertTrue(t.isDone(), "the task is not done but the loop went idle");
        return t.join();
    }

    @Override
    protected boolean supportsNestedRun() {
        return false;
    }

    @AfterEach
    void hostContractKept() {
        host.assertContractKept();
    }
}
