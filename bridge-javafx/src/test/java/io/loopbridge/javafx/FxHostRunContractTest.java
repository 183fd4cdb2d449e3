package io.loopbridge.javafx;

import io.loopbridge.core.EventLoop;
import io.loopbridge.core.testkit.HostRunContractTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

/** The run rules of every host, on an {@link FxLoop} (Monocle headless). */
@Timeout(60)
class FxHostRunContractTest extends HostRunContractTest {
    @BeforeAll
    static void keepTheToolkitAliveWithoutWindows() {
        FxTesting.startToolkit();
    }

    @Override
    protected EventLoop createLoop() {
        return FxLoop.create();
    }

    @Override
    protected String loopNamePrefix() {
        return "FxLoop-";
    }
}
