package io.loopbridge.javafx;

import io.loopbridge.core.testkit.CoroutineJdk;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;

/**
 * The whole actions contract again with coroutine bodies: every event and every {@code start} goes through
 * {@link FxActions#launch} with a body that awaits the contract's stage, so each option (disable/enable
 * while running, latest-wins, progress, state, the hooks, the one failure policy, cancel, close) is pinned
 * for coroutine runs too. JDK 21+ (skipped on 17, where {@link FxPublicApiBadInputTest} and {@code FxCoroutineExampleTest} assert the
 * unsupported error).
 */
@Timeout(60)
class FxCoroutineActionsContractTest extends FxActionsContractTest {
    @BeforeEach
    void coroutinesRunHere() {
        CoroutineJdk.requireCoroutines();
    }

    @Override
    protected boolean coroutineBodies() {
        return true;
    }
}
