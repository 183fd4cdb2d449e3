package io.loopbridge.swing;

import io.loopbridge.core.EventLoop;
import io.loopbridge.core.testkit.StreamsContractTest;
import org.junit.jupiter.api.Timeout;

/** Streams and subprocesses on a {@link SwingLoop} (headless EDT): every continuation on the EDT. */
@Timeout(60)
class SwingStreamsTest extends StreamsContractTest {
    @Override
    protected EventLoop createLoop() {
        return SwingLoop.create();
    }
}
