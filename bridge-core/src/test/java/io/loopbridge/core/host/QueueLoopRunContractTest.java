package io.loopbridge.core.host;

import io.loopbridge.core.EventLoop;
import io.loopbridge.core.testkit.HostRunContractTest;

/** The run rules of every host, on the third toolkit's host built with the kit ({@link QueueLoop}). */
class QueueLoopRunContractTest extends HostRunContractTest {
    @Override
    protected EventLoop createLoop() {
        return QueueLoop.create(QueueLoopContractTest.TOOLKIT);
    }

    @Override
    protected String loopNamePrefix() {
        return "QueueLoop-";
    }
}
