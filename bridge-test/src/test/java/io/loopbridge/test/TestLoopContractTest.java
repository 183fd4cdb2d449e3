package io.loopbridge.test;

import io.loopbridge.core.EventLoop;
import io.loopbridge.core.testkit.EventLoopContractTest;

/**
 * The contract every loop keeps, on a {@link TestLoop} with auto-advance driven by the test thread: the
 * short real delays of the contract (a few milliseconds) pass in virtual time.
 */
class TestLoopContractTest extends EventLoopContractTest {
    @Override
    protected EventLoop createLoop() {
        return TestLoop.builder().autoAdvance(true).build();
    }
}
