package io.loopbridge.core;

import io.loopbridge.core.internal.Checks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * asyncio.gather for {@link GuestLoop#gather}, and {@code gather(..., return_exceptions=True)} for
 * {@link LoopFutures#gatherSettled}.
 *
 * <p><b>Threading.</b> Set up on any thread (the children are wrapped with the thread-safe
 * {@code wrapFuture}); the results are collected by continuations on the loop thread, the only thread
 * that touches the counters; cancelling the result is safe from any thread.
 */
final class Gather {
    private Gather() {}

    static <T> LoopFuture<List<T>> gather(GuestLoop loop, List<? extends CompletionStage<? extends T>> stages) {
        Checks.notNull(stages, "stages");
        for (int i = 0; i < stages.size(); i++) { // all checked before any is wrapped: no side effect on bad input
            if (stages.get(i) == null) throw new NullPointerException("stages[" + i + "]: null (expected: non-null)");
        }
        List<LoopFuture<? extends T>> children = new ArrayList<>(stages.size());
        for (int i = 0; i < stages.size(); i++) {
            CompletionStage<? extends T> s = stages.get(i);
            @SuppressWarnings("unchecked")
            CompletionStage<T> st = (CompletionStage<T>) s;
            children.add(loop.wrapFuture(st));
        }
        GatherFuture<T> out = new GatherFuture<>(loop, children);
        loop.own(out);
        int n = children.size();
        if (n == 0) {
            out.complete(Collections.emptyList());
            return out;
        }
        Object[] results = new Object[n];
        int[] remaining = {n};
        for (int i = 0; i < n; i++) {
            int index = i;
            LoopFuture<? extends T> c = children.get(i);
            c.markObserved();
            c.whenCompleteInternal((v, e) -> {
                if (out.isDone()) return;
                if (e != null) {
                    out.completeExceptionally(GuestLoop.unwrap(e));
                } else {
                    results[index] = v;
                    if (--remaining[0] == 0) {
                        @SuppressWarnings("unchecked")
                        List<T> list = (List<T>) Collections.unmodifiableList(Arrays.asList(results));
                        out.complete(list);
                    }
                }
            });
        }
        return out;
    }

    /**
     * asyncio.gather(..., return_exceptions=True), typed: one {@link Outcome} per stage, in argument order;
     * never fails because a child failed or was cancelled. Cancelling it cancels the children.
     */
    static <T> LoopFuture<List<Outcome<T>>> gatherSettled(GuestLoop loop, List<? extends CompletionStage<? extends T>> stages) {
        Checks.notNull(stages, "stages");
        List<LoopFuture<? extends T>> children = new ArrayList<>(stages.size());
        for (int i = 0; i < stages.size(); i++) {
            CompletionStage<? extends T> s = stages.get(i);
            if (s == null) throw new NullPointerException("stages[" + i + "]: null (expected: non-null)");
            @SuppressWarnings("unchecked")
            CompletionStage<T> st = (CompletionStage<T>) s;
            children.add(loop.wrapFuture(st));
        }
        GatherFuture<Outcome<T>> out = new GatherFuture<>(loop, children);
        loop.own(out);
        int n = children.size();
        if (n == 0) {
            out.complete(Collections.emptyList());
            return out;
        }
        Object[] results = new Object[n];
        int[] remaining = {n};
        for (int i = 0; i < n; i++) {
            int index = i;
            LoopFuture<? extends T> c = children.get(i);
            c.markObserved();
            c.whenCompleteInternal((v, e) -> {
                results[index] = e == null ? Outcome.success(v) : Outcome.failure(GuestLoop.unwrap(e));
                if (--remaining[0] == 0 && !out.isDone()) {
                    @SuppressWarnings("unchecked")
                    List<Outcome<T>> list = (List<Outcome<T>>) (List<?>) Collections.unmodifiableList(Arrays.asList(results));
                    out.complete(list);
                }
            });
        }
        return out;
    }

    /** Cancelling a gather cancels every child still pending. */
    static final class GatherFuture<T> extends LoopFuture<List<T>> {
        private final List<? extends LoopFuture<?>> children;

        GatherFuture(GuestLoop loop, List<? extends LoopFuture<?>> children) {
            super(loop);
            this.children = children;
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean r = super.cancel(mayInterruptIfRunning);
            if (r) for (LoopFuture<?> c : children) c.cancel(mayInterruptIfRunning);
            return r;
        }
    }
}
