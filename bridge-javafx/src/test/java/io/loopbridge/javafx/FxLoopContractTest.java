package io.loopbridge.javafx;

import io.loopbridge.core.EventLoop;
import io.loopbridge.core.testkit.EventLoopContractTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

/**
 * The host contract on an {@link FxLoop} with {@link FxLoop.Timers#PRECISE} timers. The inherited
 * {@code run} calls {@code runUntilComplete} from the test thread, which waits while the FX thread runs
 * the loop; the nested-run test calls it on the FX thread, where it nests.
 */
@Timeout(60)
class FxLoopContractTest extends EventLoopContractTest {

    @BeforeAll
    static void keepTheToolkitAliveWithoutWindows() {
        FxTesting.startToolkit();
    }

    @Override
    protected EventLoop createLoop() {
        return FxLoop.create(FxLoop.Timers.PRECISE);
    }
}
