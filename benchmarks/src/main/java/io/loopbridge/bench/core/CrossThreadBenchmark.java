package io.loopbridge.bench.core;

import io.loopbridge.core.GuestLoop;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Cross-thread submission throughput: {@code producers} threads post {@value #MESSAGES} callbacks in
 * total (split evenly) to one consumer thread that runs them; the score is callbacks delivered and run
 * per second, end to end (an invocation ends when the consumer has run the last one).
 *
 * <p>Impls, each with the same callback and the same parked-when-idle consumer:
 * <ul>
 *   <li>{@code loopbridge}: {@code GuestLoop.callSoon} from the producers; the consumer is a minimal host
 *       ({@code runOnce}, then park while {@code nextTimeout()} says nothing is ready; the
 *       {@code HostWaker} unparks it), like {@code StandaloneLoop};</li>
 *   <li>{@code clqPark}: a {@code ConcurrentLinkedQueue} with a hand-written coalescing wake-up (one
 *       {@code unpark} per idle period, the same protocol as the loop's): the best a hand-rolled MPSC
 *       hand-off does with JDK parts;</li>
 *   <li>{@code lbq}: a {@code LinkedBlockingQueue}, consumer in {@code take()}: the textbook hand-off;</li>
 *   <li>{@code stpe}: {@code ScheduledThreadPoolExecutor(1).execute}: what a Java user reaches for.</li>
 * </ul>
 *
 * <p><b>Threading.</b> The state starts {@code producers} producer threads and, except for
 * {@code stpe}, one consumer thread per trial, all daemons, stopped and joined at trial tear-down. On this
 * benchmark's 2-core reference machine 4 producers oversubscribe the CPU: the figures say how each
 * design behaves under that contention, not how it scales.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 6, time = 250, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class CrossThreadBenchmark {
    /** Callbacks per invocation, across all producers (divisible by 1, 2 and 4). */
    static final int MESSAGES = 1 << 16;

    @Param({"1", "2", "4"})
    int producers;

    @Param({Fixtures.LOOPBRIDGE, "clqPark", "lbq", "stpe"})
    String impl;

    /**
     * The callback every impl runs on its consumer thread. {@link #runs} is written by the consumer
     * only; {@link #target} and {@link #done} are published by the benchmark thread before it releases
     * the producers, so the consumer sees them (producer hand-off and queue publication order them).
     */
    static final class Counter implements Runnable {
        long runs;
        volatile long target;
        volatile CountDownLatch done;

        @Override
        public void run() {
            if (++runs == target) done.countDown();
        }
    }

    private final Counter counter = new Counter();
    private long delivered;
    private Executor sink;
    private Thread consumer;
    private Producer[] workers;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private Runnable stopConsumer = () -> {};

    /** A producer thread: on each permit, posts its share of the messages. */
    private final class Producer extends Thread {
        final Semaphore go = new Semaphore(0);
        final int share;

        Producer(int index, int share) {
            super("bench-producer-" + index);
            this.share = share;
            setDaemon(true);
        }

        @Override
        public void run() {
            Executor s = sink;
            Counter c = counter;
            try {
                for (;;) {
                    go.acquire();
                    for (int i = 0; i < share; i++) s.execute(c);
                }
            } catch (InterruptedException e) {
                // trial over
            }
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        switch (impl) {
            case Fixtures.LOOPBRIDGE: startLoopBridge(); break;
            case "clqPark": startClqPark(); break;
            case "lbq": startLbq(); break;
            case "stpe": startStpe(); break;
            default: throw new IllegalArgumentException("impl: " + impl + " (expected: loopbridge, clqPark, lbq or stpe)");
        }
        workers = new Producer[producers];
        for (int i = 0; i < producers; i++) {
            workers[i] = new Producer(i, MESSAGES / producers);
            workers[i].start();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        for (Producer p : workers) p.interrupt();
        for (Producer p : workers) p.join(10_000);
        stopping.set(true);
        stopConsumer.run();
        if (consumer != null) consumer.join(10_000);
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public void deliver() throws InterruptedException {
        delivered += MESSAGES;
        CountDownLatch done = new CountDownLatch(1);
        counter.done = done;
        counter.target = delivered;
        for (Producer p : workers) p.go.release();
        if (!done.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException(impl + ": consumer ran " + counter.runs + " callbacks in 60 s (expected: "
                    + delivered + ")");
        }
    }

    private void startConsumer(Runnable body) {
        consumer = new Thread(body, "bench-consumer");
        consumer.setDaemon(true);
        consumer.start();
    }

    /** A minimal GuestLoop host: the StandaloneLoop pattern without its bookkeeping. */
    private void startLoopBridge() {
        Thread[] self = new Thread[1];
        GuestLoop loop = new GuestLoop(() -> LockSupport.unpark(self[0]));
        startConsumer(() -> {
            loop.attachThread(loop);
            while (!stopping.get()) {
                loop.runOnce();
                long t = loop.nextTimeout();
                if (t < 0) LockSupport.park(this);
                else if (t > 0) LockSupport.parkNanos(this, t);
            }
            loop.detachThread();
            loop.close();
        });
        self[0] = consumer;
        // A wake-up before self[0] was set unparks null (a no-op): impossible here, producers start later.
        sink = loop::callSoon;
        stopConsumer = () -> LockSupport.unpark(consumer);
    }

    /** A ConcurrentLinkedQueue with a coalescing wake-up flag: producers unpark only a parked consumer. */
    private void startClqPark() {
        ConcurrentLinkedQueue<Runnable> q = new ConcurrentLinkedQueue<>();
        AtomicBoolean parked = new AtomicBoolean();
        startConsumer(() -> {
            while (!stopping.get()) {
                for (Runnable r; (r = q.poll()) != null; ) r.run();
                parked.set(true);
                // Dekker with the producer's offer-then-read: either we see its item or it sees parked
                if (!q.isEmpty()) {
                    parked.set(false);
                    continue;
                }
                while (parked.get() && !stopping.get()) LockSupport.park(this);
            }
        });
        Thread c = consumer;
        sink = r -> {
            q.offer(r);
            if (parked.get() && parked.compareAndSet(true, false)) LockSupport.unpark(c);
        };
        stopConsumer = () -> LockSupport.unpark(c);
    }

    private void startLbq() {
        LinkedBlockingQueue<Runnable> q = new LinkedBlockingQueue<>();
        Runnable poison = () -> {};
        startConsumer(() -> {
            try {
                for (;;) {
                    Runnable r = q.take();
                    if (r == poison) return;
                    r.run();
                }
            } catch (InterruptedException e) {
                // stopped
            }
        });
        sink = q::offer;
        stopConsumer = () -> q.offer(poison);
    }

    private void startStpe() {
        ScheduledThreadPoolExecutor stpe = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "bench-stpe");
            t.setDaemon(true);
            return t;
        });
        sink = stpe;
        stopConsumer = () -> {
            stpe.shutdownNow();
            try {
                stpe.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }
}
