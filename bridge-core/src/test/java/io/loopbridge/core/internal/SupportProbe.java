package io.loopbridge.core.internal;

/**
 * A child JVM's view of coroutine support, for {@code CoroutineSupportTest}: started on the class path
 * or on the module path (patched into {@code io.loopbridge.core}), with or without the export. Prints one
 * {@code key=value} line per fact, and runs one coroutine (suspend and resume) if it can.
 */
public final class SupportProbe {
    private SupportProbe() {}

    public static void main(String[] args) {
        System.out.println("module=" + CoroutineSupport.class.getModule());
        System.out.println("supported=" + CoroutineSupport.isSupported());
        System.out.println("reason=" + CoroutineSupport.reason());
        try {
            CoroutineRegistry r = new CoroutineRegistry(() -> 0);
            int[] steps = {0};
            Coroutine co = r.create(null, () -> {
                steps[0]++;
                Coroutine.suspend();
                steps[0]++;
            });
            co.resume();
            String mid = co.state() + " after " + steps[0];
            co.resume();
            System.out.println("coroutine=" + mid + ", " + co.state() + " after " + steps[0]);
        } catch (Throwable t) {
            System.out.println("coroutine=" + t.getClass().getName() + ": " + t.getMessage());
        }
    }
}
