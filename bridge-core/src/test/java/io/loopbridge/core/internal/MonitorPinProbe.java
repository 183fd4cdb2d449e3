package io.loopbridge.core.internal;

/**
 * A child JVM for {@code CoroutineHazardTest}: suspends inside {@code synchronized} and prints what the
 * suspend did ({@code suspend=returned} or {@code suspend=<exception>: <message>}). Run with
 * {@code -XX:LockingMode=1} on JDK 24/25 it shows the behaviour of the JDKs where monitors pin.
 */
public final class MonitorPinProbe {
    private MonitorPinProbe() {}

    public static void main(String[] args) {
        Object lock = new Object();
        CoroutineRegistry r = new CoroutineRegistry(() -> 0);
        Coroutine co = r.create(null, () -> {
            synchronized (lock) {
                try {
                    Coroutine.suspend();
                    System.out.println("suspend=returned");
                } catch (IllegalStateException e) {
                    System.out.println("suspend=" + e.getClass().getName() + ": " + e.getMessage());
                    System.out.println("cause=" + e.getCause());
                }
            }
        });
        co.resume();
        System.out.println("state=" + co.state() + " suspended=" + r.suspendedCount());
        if (co.state() == Coroutine.State.SUSPENDED) co.resume();
    }
}
