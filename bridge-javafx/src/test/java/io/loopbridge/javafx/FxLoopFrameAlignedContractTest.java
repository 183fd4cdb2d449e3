package io.loopbridge.javafx;

import io.loopbridge.core.EventLoop;
import io.loopbridge.core.testkit.EventLoopContractTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

/** The host contract on an {@link FxLoop} with {@link FxLoop.Timers#FRAME_ALIGNED} timers. */
@Timeout(60)
class FxLoopFrameAlignedContractTest extends EventLoopContractTest {

    @BeforeAll
    static void keepTheToolkitAliveWithoutWindows() {
        FxTesting.startToolkit();
    }

    @Override
    protected EventLoop createLoop() {
        return FxLoop.create(FxLoop.Timers.FRAME_ALIGNED);
    }
}
