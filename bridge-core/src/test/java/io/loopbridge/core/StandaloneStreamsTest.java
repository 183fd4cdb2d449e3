package io.loopbridge.core;

import io.loopbridge.core.testkit.StreamsContractTest;

/** Streams and subprocesses on a {@link StandaloneLoop} run by the test thread. */
class StandaloneStreamsTest extends StreamsContractTest {
    @Override
    protected EventLoop createLoop() {
        return StandaloneLoop.create();
    }
}
