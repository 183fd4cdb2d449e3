package io.loopbridge.demo.model;

import io.loopbridge.core.EventLoop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything the demo runs on one loop, whichever toolkit hosts it: the HTTP server, the chat server, the
 * panels' models, the clock and the error log (installed as the loop's exception handler).
 *
 * <pre>{@code
 * Demo demo = Demo.open(loop, Timings.standard());   // on the loop thread
 * ... build the views on demo.countdown(), demo.fetch(), ...
 * demo.shutdown();                                    // when the window closes
 * }</pre>
 *
 * <p><b>Shutdown.</b> {@link #shutdown()} stops the clock and the monitor, stops the HTTP server and
 * closes the loop, which cancels every task still running (interrupting executor work) and every
 * pending timer, closes the chat server and its connections, and kills a process still running. The views cancel their own tasks first, when their window closes.
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
    private final Style style;
    private final SearchModel search;
    private final ProcessModel process;
    private final ChatServer chatServer;
    private final ChatModel chat;
    /** Set once by the first shutdown. */
    private volatile boolean shutDown;

    private Demo(EventLoop loop, DemoServer server, Timings t, Style style) {
        this.loop = loop;
        this.server = server;
        this.style = style;
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        errors = new ErrorLog(loop);
        clock = new ClockModel(loop, t.tickerPeriod());
        countdown = new CountdownModel(loop, t.countdownStep(), style);
        fetch = new FetchModel(loop, server, client, style);
        work = new WorkModel(loop, style);
        parallel = new ParallelModel(loop, server, client, t.downloadStep());
        modal = new ModalModel(loop, t.tickerPeriod());
        monitor = new LoopMonitor(loop, t.probePeriod(), t.refreshPeriod());
        search = new SearchModel(loop, server, client, t.searchDebounce(), style);
        process = new ProcessModel(loop, style, PROCESS_STEPS, t.processStep());
        chatServer = ChatServer.start(loop, style);
        chat = new ChatModel(loop, chatServer, style);
    }

    /** How many progress lines the Process panel's bundled program prints. */
    static final int PROCESS_STEPS = 20;

    /**
     * {@link #open(EventLoop, Timings, Style)} in the style this JVM supports ({@link Style#detect()}):
     * coroutines on JDK 21+ with the flag, else chains. Loop thread only.
     */
    public static Demo open(EventLoop loop, Timings timings) {
        return open(loop, timings, Style.detect());
    }

    /**
     * Starts the HTTP server and the chat server (both on 127.0.0.1), installs the error log as
     * {@code loop}'s exception handler and starts the clock and the loop monitor; the models that have two
     * styles are written in {@code style}. Loop thread only.
     *
     * @throws UncheckedIOException if the HTTP server cannot start
     * @throws UnsupportedOperationException if {@code style} is {@link Style#COROUTINE} where coroutines are unsupported
     */
    public static Demo open(EventLoop loop, Timings timings, Style style) {
        Objects.requireNonNull(loop, "loop: null (expected: non-null)");
        Objects.requireNonNull(timings, "timings: null (expected: non-null)");
        Objects.requireNonNull(style, "style: null (expected: non-null)");
        if (style == Style.COROUTINE && !io.loopbridge.core.Await.isSupported()) {
            throw new UnsupportedOperationException("style: COROUTINE, but " + io.loopbridge.core.Await.unsupportedReason());
        }
        if (!loop.inEventLoop()) {
            throw new IllegalStateException("Demo.open() on thread '" + Thread.currentThread().getName() + "' (expected: the loop thread of " + loop + ")");
        }
        DemoServer server;
        try {
            server = DemoServer.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the demo's HTTP server on 127.0.0.1", e);
        }
        Demo demo = new Demo(loop, server, timings, style);
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

    /** Which way the models with two styles are written. */
    public Style style() { return style; }

    public SearchModel search() { return search; }

    public ProcessModel process() { return process; }

    public ChatServer chatServer() { return chatServer; }

    public ChatModel chat() { return chat; }
}
