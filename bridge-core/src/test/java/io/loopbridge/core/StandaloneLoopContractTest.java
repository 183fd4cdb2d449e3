package io.loopbridge.core;

import io.loopbridge.core.testkit.EventLoopContractTest;

/** The contract, on a {@link StandaloneLoop} run by the test thread. */
class StandaloneLoopContractTest extends EventLoopContractTest {
    @Override
    protected EventLoop createLoop() {
        return StandaloneLoop.create();
    }
}
