package io.loopbridge.swing;

import io.loopbridge.core.EventLoop;
import io.loopbridge.core.testkit.EventLoopContractTest;
import org.junit.jupiter.api.Timeout;

/** The host contract on a {@link SwingLoop} whose timer is the precise daemon thread. */
@Timeout(60)
class SwingLoopThreadAlarmContractTest extends EventLoopContractTest {
    @Override
    protected EventLoop createLoop() {
        return SwingLoop.create(SwingLoop.Timers.PRECISE);
    }
}
