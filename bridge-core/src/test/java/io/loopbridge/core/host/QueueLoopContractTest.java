package io.loopbridge.core.host;

import io.loopbridge.core.EventLoop;
import io.loopbridge.core.testkit.EventLoopContractTest;

/**
 * The contract suite every host passes (JavaFX, Swing, standalone, a bare GuestLoop), on a host for a
 * third toolkit built with the host kit only ({@link QueueLoop} on a {@link QueueToolkit}).
 */
class QueueLoopContractTest extends EventLoopContractTest {
    static final QueueToolkit TOOLKIT = new QueueToolkit("queue-toolkit");

    @Override
    protected EventLoop createLoop() {
        return QueueLoop.create(TOOLKIT);
    }
}
