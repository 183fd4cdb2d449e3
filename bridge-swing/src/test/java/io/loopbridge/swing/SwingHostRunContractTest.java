package io.loopbridge.swing;

import io.loopbridge.core.EventLoop;
import io.loopbridge.core.testkit.HostRunContractTest;
import org.junit.jupiter.api.Timeout;

/** The run rules of every host, on a {@link SwingLoop} (headless EDT). */
@Timeout(60)
class SwingHostRunContractTest extends HostRunContractTest {
    @Override
    protected EventLoop createLoop() {
        return SwingLoop.create();
    }

    @Override
    protected String loopNamePrefix() {
        return "SwingLoop-";
    }
}
