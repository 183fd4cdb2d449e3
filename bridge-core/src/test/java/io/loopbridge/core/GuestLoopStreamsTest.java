package io.loopbridge.core;

import io.loopbridge.core.testkit.RecordingHost;
import io.loopbridge.core.testkit.StreamsContractTest;
import org.junit.jupiter.api.AfterEach;

import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Streams and subprocesses on a bare {@link GuestLoop} under a {@link RecordingHost} (manual clock): the
 * I/O thread and the pipe pumps reach the loop only through its cross-thread wake-up, which the host
 * checks is coalesced (late-delivered wake-ups tolerated, as in the contract test: they submit while the
 * host runs).
 */
class GuestLoopStreamsTest extends StreamsContractTest {
    private RecordingHost host;

    @Override
    protected EventLoop createLoop() {
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

    @AfterEach
    void hostContractKept() {
        host.assertContractKept();
    }
}
