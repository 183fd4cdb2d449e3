package io.loopbridge.javafx;

import io.loopbridge.core.EventLoop;
import io.loopbridge.core.testkit.StreamsContractTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

/** Streams and subprocesses on an {@link FxLoop} (headless Monocle): every continuation on the FX thread. */
@Timeout(60)
class FxStreamsTest extends StreamsContractTest {
    @BeforeAll
    static void keepTheToolkitAliveWithoutWindows() {
        FxTesting.startToolkit();
    }

    @Override
    protected EventLoop createLoop() {
        return FxLoop.create(FxLoop.Timers.PRECISE);
    }
}
