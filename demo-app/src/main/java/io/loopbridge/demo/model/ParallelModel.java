package io.loopbridge.demo.model;

import io.loopbridge.core.EventLoop;
import io.loopbridge.core.LoopFuture;
import io.loopbridge.core.TaskGroup;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Parallel: a {@link TaskGroup} of five real HTTP downloads from the {@link DemoServer}, which sends each
 * body a chunk at a time (a slow network), each download with its own size, speed and progress. The
 * bytes arrive on the HTTP client's threads; a {@link Progress} subscriber counts them and posts the count
 * to the loop (at most one post in flight), where the model updates and the view redraws. With
 * {@code failOne}, the server drops the third download's connection at 40%; its task fails, the group
 * cancels the others (which aborts their HTTP exchanges) and fails with that error, which flows on to
 * the loop's exception handler.
 *
 * <p><b>Threading.</b> Loop thread only, as every {@link Model}, except {@link Progress}'s subscriber
 * methods (the HTTP client's threads).
 */
public final class ParallelModel extends Model {
    /** Where one download stands. */
    public enum State { WAITING, RUNNING, DONE, FAILED, CANCELLED }

    /** The index of the download that fails when asked to. */
    public static final int FAILING = 2;
    /** The fraction at which the server drops the failing download's connection. */
    static final double FAIL_AT = 0.4;
    /**
     * The text of the panels' failure switch, quoted as it is by the panel's explanation and the status
     * line (so the three agree): it names download #{@value #FAILING} and {@link #FAIL_AT}.
     */
    public static final String FAIL_SWITCH = "Make one fail: video.mp4 drops at 40%";

    /** One download. Loop thread only. */
    public static final class Download {
        private final String name;
        private final long size;
        /** Fraction of the file the server sends per step. */
        private final double speed;
        private long received;
        private State state = State.WAITING;

        Download(String name, long size, double speed) {
            this.name = name;
            this.size = size;
            this.speed = speed;
        }

        public String name() { return name; }

        /** The file size in bytes. */
        public long size() { return size; }

        /** The bytes received so far. */
        public long received() { return received; }

        /** 0..1. */
        public double fraction() { return (double) received / size; }

        public State state() { return state; }

        /** "41% of 2.4 MB", "done, 2.4 MB", "cancelled at 55%", ... */
        public String describe() {
            int pct = (int) Math.floor(fraction() * 100);
            switch (state) {
                case WAITING: return "waiting";
                case RUNNING: return pct + "% of " + megabytes(size);
                case DONE: return "done, " + megabytes(size);
                case FAILED: return "FAILED at " + pct + "%";
                default: return "cancelled at " + pct + "%";
            }
        }

        private static String megabytes(long bytes) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
        }
    }

    private final DemoServer server;
    private final HttpClient client;
    private final Duration step;
    private final List<Download> downloads = List.of(
            new Download("report.pdf", 600_000, 0.060),
            new Download("photos.zip", 2_400_000, 0.032),
            new Download("video.mp4", 7_000_000, 0.045),
            new Download("dataset.csv", 900_000, 0.040),
            new Download("music.flac", 3_100_000, 0.026));
    /** Loop thread. */
    private String status = "Press Start. Tick \u201c" + FAIL_SWITCH + "\u201d to see the group cancel the others.";

    /**
     * @param step how often the server sends each download its next chunk (a download of speed {@code s}
     *             takes {@code 1/s} steps)
     */
    public ParallelModel(EventLoop loop, DemoServer server, HttpClient client, Duration step) {
        super(loop);
        this.server = Objects.requireNonNull(server, "server: null (expected: non-null)");
        this.client = Objects.requireNonNull(client, "client: null (expected: non-null)");
        this.step = Objects.requireNonNull(step, "step: null (expected: non-null)");
    }

    /**
     * Runs the five downloads as children of one {@link TaskGroup} and completes when all are done; with
     * {@code failOne}, the server drops download #{@value #FAILING}'s (0-based) connection at 40% and the
     * group fails. Loop thread only (call it from the task that owns the run).
     */
    public LoopFuture<Void> run(boolean failOne) {
        Outcomes.nameCurrentTask("Parallel downloads");
        for (Download d : downloads) {
            d.received = 0;
            d.state = State.WAITING;
        }
        long start = loop.time();
        status = "Downloading " + downloads.size() + " files from " + server.authority() + " in one TaskGroup\u2026";
        changed();

        TaskGroup group = new TaskGroup(loop);
        for (int i = 0; i < downloads.size(); i++) {
            Download d = downloads.get(i);
            boolean fails = failOne && i == FAILING;
            group.createTask(() -> download(d, fails)).setName("download " + d.name);
        }
        return group.join().handle((v, e) -> {
            String took = Outcomes.seconds(loop.time() - start);
            if (e == null) {
                status = "All " + downloads.size() + " downloads finished in " + took + ".";
            } else if (Outcomes.isCancellation(e)) {
                status = "Cancelled after " + took + ": the group cancelled every download still running.";
            } else {
                long cancelled = downloads.stream().filter(d -> d.state == State.CANCELLED).count();
                status = Outcomes.unwrap(e).getMessage() + ". The TaskGroup cancelled the " + cancelled
                        + " download" + (cancelled == 1 ? "" : "s") + " still running and failed with this error.";
            }
            changed();
            if (e != null) throw Outcomes.rethrow(e);
            return null;
        });
    }

    /**
     * One download: a GET whose body streams into a {@link Progress}. The task owns the wrapped request, so
     * cancelling the task cancels the HTTP client's future, which aborts the exchange; the subscription is
     * cancelled as well (a no-op then), so that the connection closes even where that cancel would not
     * reach the exchange.
     */
    private LoopFuture<Void> download(Download d, boolean fails) {
        d.state = State.RUNNING;
        changed();
        long chunk = Math.max(1, Math.round(d.size * d.speed));
        URI uri = server.uri("/download?size=" + d.size + "&chunk=" + chunk + "&every=" + step.toMillis()
                + (fails ? "&dropAt=" + Math.round(d.size * FAIL_AT) : ""));
        Progress progress = new Progress(d);
        HttpRequest request = HttpRequest.newBuilder(uri).GET().build();
        LoopFuture<HttpResponse<Void>> response = loop.wrapFuture(client.sendAsync(request,
                info -> info.statusCode() == 200
                        ? HttpResponse.BodySubscribers.fromSubscriber(progress)
                        : HttpResponse.BodySubscribers.replacing(null)));
        return response.handle((r, e) -> {
            progress.cancel(); // a no-op once the body is complete; closes the connection otherwise
            d.received = progress.received.get(); // the last count, whatever posts are still on their way
            if (e == null && r.statusCode() == 200 && d.received == d.size) {
                d.state = State.DONE;
                changed();
                return null;
            }
            Throwable x = e == null ? null : Outcomes.unwrap(e);
            d.state = x != null && Outcomes.isCancellation(x) ? State.CANCELLED : State.FAILED;
            changed();
            if (d.state == State.CANCELLED) throw Outcomes.rethrow(x);
            int at = (int) Math.floor(d.fraction() * 100);
            String what = x == null
                    ? (r.statusCode() != 200 ? "GET /download answered HTTP " + r.statusCode() : "the body ended after " + d.received + " of " + d.size + " bytes")
                    : fails ? "the server dropped the connection at " + at + "% (on purpose)"
                    : "the download failed at " + at + "%: " + Outcomes.describe(x);
            IOException failure = new IOException(d.name + ": " + what);
            if (x != null) failure.initCause(x);
            throw Outcomes.rethrow(failure);
        });
    }

    /**
     * Counts a body's bytes as they arrive, on the HTTP client's threads, and shows the count on the loop:
     * {@code loop.execute} from any thread, with at most one such post in flight however fast chunks come.
     */
    private final class Progress implements Flow.Subscriber<List<ByteBuffer>> {
        private final Download download;
        final AtomicLong received = new AtomicLong();
        private final AtomicBoolean posted = new AtomicBoolean();
        private volatile Flow.Subscription subscription;
        private volatile boolean cancelled;

        Progress(Download download) {
            this.download = download;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (cancelled) s.cancel();
            else s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            long n = 0;
            for (ByteBuffer b : buffers) n += b.remaining();
            received.addAndGet(n);
            if (posted.compareAndSet(false, true)) {
                try {
                    loop.execute(this::show);
                } catch (RejectedExecutionException closed) {
                    cancel(); // the loop closed (the window is closing): stop downloading
                }
            }
        }

        @Override
        public void onError(Throwable t) {
            // the response's future fails with it
        }

        @Override
        public void onComplete() {
            // the response's future completes
        }

        /** Loop thread. */
        private void show() {
            posted.set(false);
            if (download.state != State.RUNNING) return; // finished meanwhile: its final count is set
            download.received = received.get();
            changed();
        }

        /** Any thread. Idempotent. */
        void cancel() {
            cancelled = true;
            Flow.Subscription s = subscription;
            if (s != null) s.cancel();
        }
    }

    /** The downloads, in order. */
    public List<Download> downloads() {
        return downloads;
    }

    /** The status line. */
    public String status() {
        return status;
    }
}
