package io.loopbridge.demo.child;

/**
 * The small program the Process panel runs as a real child process (with the demo's own JVM): it prints
 * one progress line per step, flushed at once so the panel shows each as it arrives, then a last line,
 * and exits with the code it was asked for.
 *
 * <pre>{@code java -cp <the demo's classes> io.loopbridge.demo.child.ProgressPrinter STEPS MILLIS [EXIT]}</pre>
 *
 * <p><b>Threading.</b> A program of its own: {@code main} runs on its main thread.
 */
public final class ProgressPrinter {
    private ProgressPrinter() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: ProgressPrinter STEPS MILLIS [EXIT]");
            System.exit(2);
        }
        int steps = Integer.parseInt(args[0]);
        long millis = Long.parseLong(args[1]);
        int exit = args.length == 3 ? Integer.parseInt(args[2]) : 0;
        long pid = ProcessHandle.current().pid();
        System.out.println("ProgressPrinter (pid " + pid + ", Java " + Runtime.version() + "): " + steps + " steps of " + millis + " ms");
        System.out.flush();
        for (int i = 1; i <= steps; i++) {
            Thread.sleep(millis);
            System.out.println("step " + i + " of " + steps + " (" + (100 * i / steps) + "%)");
            System.out.flush();
        }
        System.out.println(exit == 0 ? "done" : "failing on purpose with exit code " + exit);
        System.out.flush();
        System.exit(exit);
    }
}
