package io.loopbridge.core.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The loop's default executor for {@code runInExecutor}: virtual threads on JDK 21+, found reflectively
 * because the library is compiled for release 17; daemon platform threads before (never keeping the JVM
 * alive). Either way each thread is named for its loop, {@code <loop>-worker-<n>}, so a thread dump or an
 * error message names the user's loop ({@code FxLoop-1-worker-3}). Not API.
 */
public final class DefaultExecutors {
    private DefaultExecutors() {}

    public static ExecutorService create(String name) {
        ExecutorService virtual = virtualThreads(name + "-worker-");
        if (virtual != null) return virtual;
        AtomicInteger n = new AtomicInteger();
        ThreadFactory tf = r -> {
            Thread t = new Thread(r, name + "-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        return Executors.newCachedThreadPool(tf);
    }

    /**
     * {@code Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name(prefix, 1).factory())}, or null
     * before JDK 21 (or on a runtime that refuses it).
     */
    private static ExecutorService virtualThreads(String prefix) {
        try {
            MethodHandles.Lookup l = MethodHandles.publicLookup();
            Class<?> builder = Class.forName("java.lang.Thread$Builder");
            Class<?> ofVirtual = Class.forName("java.lang.Thread$Builder$OfVirtual");
            MethodHandle newBuilder = l.findStatic(Thread.class, "ofVirtual", MethodType.methodType(ofVirtual));
            MethodHandle named = l.findVirtual(ofVirtual, "name", MethodType.methodType(ofVirtual, String.class, long.class));
            MethodHandle factory = l.findVirtual(builder, "factory", MethodType.methodType(ThreadFactory.class));
            MethodHandle perTask = l.findStatic(Executors.class, "newThreadPerTaskExecutor",
                    MethodType.methodType(ExecutorService.class, ThreadFactory.class));
            Object b = named.invoke(newBuilder.invoke(), prefix, 1L);
            ThreadFactory tf = (ThreadFactory) factory.invoke(b);
            return (ExecutorService) perTask.invoke(tf);
        } catch (ClassNotFoundException | NoSuchMethodException | IllegalAccessException e) {
            return null; // JDK 17..20: no virtual threads
        } catch (Throwable t) {
            return null; // anything odd (a restricted runtime): platform threads
        }
    }
}
