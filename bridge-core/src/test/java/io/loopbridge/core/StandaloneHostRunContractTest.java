package io.loopbridge.core;

import io.loopbridge.core.testkit.HostRunContractTest;

/** The run rules of every host, on a {@link StandaloneLoop} run by another thread of the test's. */
class StandaloneHostRunContractTest extends HostRunContractTest {
    @Override
    protected EventLoop createLoop() {
        return StandaloneLoop.create();
    }

    @Override
    protected String loopNamePrefix() {
        return "StandaloneLoop-";
    }
}
