package io.loopbridge.core.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * The debug-mode check for a monitor held at a suspend point. Not API.
 *
 * <p>Why it is needed: on JDK 24+ (JEP 491) a continuation may be suspended while its frames hold a
 * monitor; for a coroutine the monitor then stays locked by the suspended frames, not by the thread, and
 * the loop thread blocks forever when it next enters it (measured: the resumer goes {@code BLOCKED}). On
 * JDK 21–23, and on 24+ with {@code -XX:LockingMode=1}, the yield is refused as {@code Pinned: MONITOR}
 * instead, which {@link CoroutineErrors#pinned} words.
 *
 * <p>Why only in debug mode: nothing cheap tells. {@code Continuation.isPinned(scope)} returns true for
 * every call made from Java (its native frame counts itself: measured on JDK 25), the lock stack is not
 * visible from Java, and {@code LiveStackFrame.getMonitors()} needs {@code --add-opens java.base/java.lang}.
 * What works is {@code ThreadMXBean.getThreadInfo(ids, lockedMonitors = true, false)} for the current
 * thread: its locked monitors, each with the stack depth where it was locked; those above the coroutine's
 * entry frame are held by the coroutine. It costs about 60–110 µs (a VM operation walking the stack; on
 * JDK 25, 2 CPUs), so it is debug-mode only.
 *
 * <p>{@code java.lang.management} is reached by reflection, so bridge-core still requires only
 * {@code java.base}; where the module {@code java.management} is not in the boot layer (a jlink image
 * without it, or a modular application that does not resolve it) the check is unavailable and
 * {@link #unavailableReason()} says so.
 *
 * <p><b>Threading.</b> Stateless after initialisation; {@link #failIfHeld} inspects the calling thread.
 */
final class MonitorCheck {
    private static final Object MX;
    private static final Method GET_THREAD_INFO;
    private static final Method GET_STACK_TRACE;
    private static final Method GET_LOCKED_MONITORS;
    private static final Method GET_LOCKED_STACK_DEPTH;
    private static final Method GET_LOCKED_STACK_FRAME;
    private static final Method GET_CLASS_NAME;
    private static final Method GET_IDENTITY_HASH;
    private static final String UNAVAILABLE;

    static {
        Object mx = null;
        Method[] m = new Method[7];
        String why = null;
        try {
            Class<?> factory = Class.forName("java.lang.management.ManagementFactory");
            Class<?> mxType = Class.forName("java.lang.management.ThreadMXBean");
            Class<?> info = Class.forName("java.lang.management.ThreadInfo");
            Class<?> monitor = Class.forName("java.lang.management.MonitorInfo");
            Class<?> lock = Class.forName("java.lang.management.LockInfo");
            mx = factory.getMethod("getThreadMXBean").invoke(null);
            m[0] = mxType.getMethod("getThreadInfo", long[].class, boolean.class, boolean.class);
            m[1] = info.getMethod("getStackTrace");
            m[2] = info.getMethod("getLockedMonitors");
            m[3] = monitor.getMethod("getLockedStackDepth");
            m[4] = monitor.getMethod("getLockedStackFrame");
            m[5] = lock.getMethod("getClassName");
            m[6] = lock.getMethod("getIdentityHashCode");
            if (!(boolean) mxType.getMethod("isObjectMonitorUsageSupported").invoke(mx)) {
                why = "this JVM does not report monitor usage (ThreadMXBean.isObjectMonitorUsageSupported() is false)";
            }
        } catch (ClassNotFoundException e) {
            why = "the module java.management is not in the boot layer (add it with --add-modules java.management)";
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            why = "java.lang.management is not usable here: " + e;
        }
        UNAVAILABLE = why;
        MX = why == null ? mx : null;
        GET_THREAD_INFO = m[0];
        GET_STACK_TRACE = m[1];
        GET_LOCKED_MONITORS = m[2];
        GET_LOCKED_STACK_DEPTH = m[3];
        GET_LOCKED_STACK_FRAME = m[4];
        GET_CLASS_NAME = m[5];
        GET_IDENTITY_HASH = m[6];
    }

    private MonitorCheck() {}

    static boolean isAvailable() {
        return UNAVAILABLE == null;
    }

    /** Why the check cannot run here, or null when it can. */
    static String unavailableReason() {
        return UNAVAILABLE;
    }

    /**
     * Throws {@link CoroutineErrors#monitorHeld} if the calling thread holds a monitor in a frame of
     * {@code co}, the current coroutine (above its innermost entry frame). Only where available.
     */
    /** The class of a coroutine's entry frame ({@code run()}): the frames above it are the coroutine's. */
    private static final String ENTRY_CLASS = Coroutine.Entry.class.getName();

    @SuppressWarnings("deprecation") // Thread.getId(): threadId() is JDK 19+, and this is compiled for 17
    static void failIfHeld(Coroutine co) {
        try {
            Object[] infos = (Object[]) GET_THREAD_INFO.invoke(MX, new long[] {Thread.currentThread().getId()}, true, false);
            Object info = infos[0];
            if (info == null) return;
            StackTraceElement[] stack = (StackTraceElement[]) GET_STACK_TRACE.invoke(info);
            int entry = -1;
            for (int i = 0; i < stack.length && entry < 0; i++) {
                if (stack[i].getClassName().equals(ENTRY_CLASS) && stack[i].getMethodName().equals("run")) entry = i;
            }
            if (entry < 0) return;
            for (Object mon : (Object[]) GET_LOCKED_MONITORS.invoke(info)) {
                int depth = (int) GET_LOCKED_STACK_DEPTH.invoke(mon);
                if (depth >= 0 && depth < entry) {
                    throw CoroutineErrors.monitorHeld(co, (String) GET_CLASS_NAME.invoke(mon),
                            (int) GET_IDENTITY_HASH.invoke(mon), (StackTraceElement) GET_LOCKED_STACK_FRAME.invoke(mon));
                }
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("monitor check: " + e, e);
        } catch (InvocationTargetException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException) throw (RuntimeException) c;
            if (c instanceof Error) throw (Error) c;
            throw new IllegalStateException("monitor check: " + c, c);
        }
    }
}
