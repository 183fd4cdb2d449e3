package io.loopbridge.bench.streams;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The child process of the subprocess row: renders {@code N} lines of {@value #LINE_BYTES} bytes
 * ({@code "line 00000001 xxx...\n"}) into memory first, then writes them to stdout in 64 KiB pieces, so the
 * reading side (not this program's formatting) sets the pace.
 *
 * <pre>java -cp benchmarks.jar io.loopbridge.bench.streams.LinePrinter N</pre>
 *
 * <p><b>Threading.</b> A program of its own; single-threaded.
 */
public final class LinePrinter {
    static final int LINE_BYTES = 64;

    private LinePrinter() {}

    public static void main(String[] args) throws IOException {
        int n = Integer.parseInt(args[0]);
        byte[] all = new byte[n * LINE_BYTES];
        byte[] tail = "x".repeat(LINE_BYTES - 14).getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < n; i++) {
            int at = i * LINE_BYTES;
            byte[] head = String.format("line %08d ", i + 1).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(head, 0, all, at, head.length);
            System.arraycopy(tail, 0, all, at + head.length, tail.length - 1);
            all[at + LINE_BYTES - 1] = '\n';
        }
        OutputStream out = System.out;
        for (int off = 0; off < all.length; off += 64 * 1024) out.write(all, off, Math.min(64 * 1024, all.length - off));
        out.flush();
    }
}
