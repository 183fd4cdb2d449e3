package io.loopbridge.demo.model;

import io.loopbridge.core.EventLoop;
import io.loopbridge.core.LoopFuture;
import io.loopbridge.core.TaskGroup;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Parallel: a {@link TaskGroup} of five simulated downloads, each a chain of timer steps with its own
 * speed and progress. With {@code failOne}, the third download fails part-way; the group then cancels
 * the others and fails with that error, which flows on to the loop's exception handler.
 *
 * <p><b>Threading.</b> Loop thread only, as every {@link Model}.
 */
public final class ParallelModel extends Model {
    /** Where one download stands. */
    public enum State { WAITING, RUNNING, DONE, FAILED, CANCELLED }

    /** The index of the download that fails when asked to. */
    public static final int FAILING = 2;
    /** The fraction at which the failing download fails. */
    static final double FAIL_AT = 0.4;

    /** One simulated download. Loop thread only. */
    public static final class Download {
        private final String name;
        private final int sizeMb;
        /** Fraction added per step. */
        private final double speed;
        private double fraction;
        private State state = State.WAITING;

        Download(String name, int sizeMb, double speed) {
            this.name = name;
            this.sizeMb = sizeMb;
            this.speed = speed;
        }

        public String name() { return name; }

        /** The file size, for the label. */
        public int sizeMb() { return sizeMb; }

        /** 0..1. */
        public double fraction() { return fraction; }

        public State state() { return state; }

        /** "41% of 120 MB", "done", "cancelled at 55%", ... */
        public String describe() {
            int pct = (int) Math.round(fraction * 100);
            switch (state) {
                case WAITING: return "waiting";
                case RUNNING: return pct + "% of " + sizeMb + " MB";
                case DONE: return "done, " + sizeMb + " MB";
                case FAILED: return "FAILED at " + pct + "%";
                default: return "cancelled at " + pct + "%";
            }
        }
    }

    private final Duration step;
    private final List<Download> downloads = List.of(
            new Download("report.pdf", 12, 0.060),
            new Download("photos.zip", 240, 0.032),
            new Download("video.mp4", 700, 0.045),
            new Download("dataset.csv", 90, 0.040),
            new Download("music.flac", 310, 0.026));
    /** Loop thread. */
    private String status = "Press Start. Tick \u201cmake one fail\u201d to see the group cancel the others.";

    public ParallelModel(EventLoop loop, Duration step) {
        super(loop);
        this.step = Objects.requireNonNull(step, "step: null (expected: non-null)");
    }

    /**
     * Runs the five downloads as children of one {@link TaskGroup} and completes when all are done; with
     * {@code failOne}, download #{@value #FAILING} (0-based) fails at 40% and the group fails. Loop
     * thread only (call it from the task that owns the run).
     */
    public LoopFuture<Void> run(boolean failOne) {
        Outcomes.nameCurrentTask("Parallel downloads");
        for (Download d : downloads) {
            d.fraction = 0;
            d.state = State.WAITING;
        }
        long start = loop.time();
        status = "Downloading " + downloads.size() + " files in one TaskGroup\u2026";
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

    /** One download: a step, then the next, until done (or failing at {@link #FAIL_AT} if it must). */
    private LoopFuture<Void> download(Download d, boolean fails) {
        d.state = State.RUNNING;
        changed();
        return steps(d, fails).whenComplete((v, e) -> {
            d.state = e == null ? State.DONE : Outcomes.isCancellation(e) ? State.CANCELLED : State.FAILED;
            changed();
        });
    }

    private LoopFuture<Void> steps(Download d, boolean fails) {
        return loop.sleep(step).thenCompose(v -> {
            d.fraction = Math.min(1, d.fraction + d.speed);
            changed();
            if (fails && d.fraction >= FAIL_AT) {
                throw Outcomes.rethrow(new IOException(d.name + ": connection reset by peer (simulated)"));
            }
            return d.fraction >= 1 ? Outcomes.completed(loop, null) : steps(d, fails);
        });
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
