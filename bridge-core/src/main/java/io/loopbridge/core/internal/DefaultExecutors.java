package io.loopbridge.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The loop's default executor for {@code runInExecutor}: virtual threads on JDK 21+, found reflectively
 * because the library is compiled for release 17; daemon platform threads before (never keeping the JVM
 * alive). Not API.
 */
public final class DefaultExecutors {
    private DefaultExecutors() {}

    public static ExecutorService create(String name) {
        try {
            Object ex = MethodHandles.publicLookup()
                    .findStatic(Executors.class, "newVirtualThreadPerTaskExecutor", MethodType.methodType(ExecutorService.class))
                    .invoke();
            return (ExecutorService) ex;
        } catch (NoSuchMethodException | IllegalAccessException e) {
            // JDK 17..20: no virtual threads.
        } catch (Throwable t) {
            // Anything odd (a restricted runtime): fall back to platform threads.
        }
        AtomicInteger n = new AtomicInteger();
        ThreadFactory tf = r -> {
            Thread t = new Thread(r, name + "-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        return Executors.newCachedThreadPool(tf);
    }
}
