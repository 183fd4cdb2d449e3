package io.loopbridge.demo.model;

import io.loopbridge.core.EventLoop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything the demo runs on one loop, whichever toolkit hosts it: the HTTP server, the panels'
 * models, the clock and the error log (installed as the loop's exception handler).
 *
 * <pre>{@code
 * Demo demo = Demo.open(loop, Timings.standard());   // on the loop thread
 * ... build the views on demo.countdown(), demo.fetch(), ...
 * demo.shutdown();                                    // when the window closes
 * }</pre>
 *
 * <p><b>Shutdown.</b> {@link #shutdown()} stops the clock and the monitor, stops the HTTP server and
 * closes the loop, which cancels every task still running (interrupting executor work) and every
 * pending timer. The views cancel their own tasks first, when their window closes.
 *
 * <p><b>Threading.</b> {@link #open} and the models are for the loop thread; {@link #shutdown()} is safe
 * from any thread.
 */
public final class Demo {
    private final EventLoop loop;
    private final DemoServer server;
    private final ErrorLog errors;
    private final ClockModel clock;
    private final CountdownModel countdown;
    private final FetchModel fetch;
    private final WorkModel work;
    private final ParallelModel parallel;
    private final ModalModel modal;
    private final LoopMonitor monitor;
    /** Set once by the first shutdown. */
    private volatile boolean shutDown;

    private Demo(EventLoop loop, DemoServer server, Timings t) {
        this.loop = loop;
        this.server = server;
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        errors = new ErrorLog(loop);
        clock = new ClockModel(loop, t.tickerPeriod());
        countdown = new CountdownModel(loop, t.countdownStep());
        fetch = new FetchModel(loop, server, client);
        work = new WorkModel(loop);
        parallel = new ParallelModel(loop, server, client, t.downloadStep());
        modal = new ModalModel(loop, t.tickerPeriod());
        monitor = new LoopMonitor(loop, t.probePeriod(), t.refreshPeriod());
    }

    /**
     * Starts the HTTP server, installs the error log as {@code loop}'s exception handler and starts the
     * clock and the loop monitor. Loop thread only.
     *
     * @throws UncheckedIOException if the server cannot start
     */
    public static Demo open(EventLoop loop, Timings timings) {
        Objects.requireNonNull(loop, "loop: null (expected: non-null)");
        Objects.requireNonNull(timings, "timings: null (expected: non-null)");
        if (!loop.inEventLoop()) {
            throw new IllegalStateException("Demo.open() on thread '" + Thread.currentThread().getName() + "' (expected: the loop thread of " + loop + ")");
        }
        DemoServer server;
        try {
            server = DemoServer.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the demo's HTTP server on 127.0.0.1", e);
        }
        Demo demo = new Demo(loop, server, timings);
        loop.setExceptionHandler(demo.errors::report);
        demo.clock.start();
        demo.monitor.start();
        return demo;
    }

    /**
     * Stops the timers, the HTTP server and the loop (closing the loop cancels the tasks still running).
     * Idempotent. Safe from any thread.
     */
    public void shutdown() {
        if (shutDown) return;
        shutDown = true;
        if (loop.inEventLoop()) {
            clock.stop();
            monitor.stop();
        } // (elsewhere closing the loop cancels their timers)
        server.close();
        loop.close();
    }

    /** Whether {@link #shutdown()} was called. Safe from any thread. */
    public boolean isShutDown() {
        return shutDown;
    }

    public EventLoop loop() { return loop; }

    public DemoServer server() { return server; }

    public ErrorLog errors() { return errors; }

    public ClockModel clock() { return clock; }

    public CountdownModel countdown() { return countdown; }

    public FetchModel fetch() { return fetch; }

    public WorkModel work() { return work; }

    public ParallelModel parallel() { return parallel; }

    public ModalModel modal() { return modal; }

    public LoopMonitor monitor() { return monitor; }
}
