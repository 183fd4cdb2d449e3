package io.loopbridge.test.swing;

import io.loopbridge.swing.SwingLoop;
import io.loopbridge.test.junit.UiLoopExtension;

import java.awt.EventQueue;

/**
 * A JUnit 5 extension for Swing code: per test, a {@link SwingLoop} (or, with {@link #virtualTime()}, a
 * {@code TestLoop} on the Event Dispatch Thread); the test method runs on the EDT; the test fails if it
 * leaves timers, futures or tasks pending (naming them) or if anything reached the loop's exception
 * handler; the loop is closed after each test. Works headless ({@code -Djava.awt.headless=true}) as long as
 * the test opens no window.
 *
 * <p><b>Threading.</b> As {@link UiLoopExtension}: JUnit drives it from the test thread; test methods run on
 * the Event Dispatch Thread.
 */
public final class SwingLoopExtension extends UiLoopExtension<SwingLoop> {
    public SwingLoopExtension() {
        super(SwingLoop.class);
    }

    @Override
    public SwingLoopExtension virtualTime() {
        super.virtualTime();
        return this;
    }

    @Override
    public SwingLoopExtension allowLeaks() {
        super.allowLeaks();
        return this;
    }

    @Override
    protected SwingLoop createToolkitLoop() {
        return SwingLoop.create();
    }

    @Override
    protected void postToUiThread(Runnable action) {
        EventQueue.invokeLater(action);
    }

    @Override
    protected boolean onUiThread() {
        return EventQueue.isDispatchThread();
    }

    @Override
    protected String uiThreadName() {
        return "the Event Dispatch Thread";
    }
}
