package io.loopbridge.swing;

import io.loopbridge.core.EventLoop;
import io.loopbridge.core.testkit.EventLoopContractTest;
import org.junit.jupiter.api.Timeout;

/**
 * The host contract on a {@link SwingLoop} with its default timer. The inherited {@code run} calls
 * {@code runUntilComplete} from the test thread, which blocks it while the EDT drives the loop; the
 * nesting test calls {@code runUntilComplete} on the EDT, which pumps a {@link java.awt.SecondaryLoop}.
 */
@Timeout(60)
class SwingLoopContractTest extends EventLoopContractTest {
    @Override
    protected EventLoop createLoop() {
        return SwingLoop.create();
    }
}
