package io.loopbridge.bench.streams;

import io.loopbridge.bench.ui.Toolkit;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The latency floor of any loop whose socket readiness is waited for on a helper thread (LoopBridge's
 * I/O thread, Trio's guest mode): a blocking round trip plus one hop to the UI thread with the toolkit's
 * own primitive ({@code Platform.runLater}, {@code EventQueue.invokeLater}). The UI thread writes the
 * request on a blocking {@code Socket} (32 bytes: never blocks); a platform thread blocks in
 * {@code readFully} for the reply and posts the next step to the UI thread, which takes the time and writes
 * the next request. No loop, no selector, no copies beyond the socket's: what is left of a loop's round
 * trip above this is the loop's own cost. Latency rows only (there is no throughput figure for it).
 *
 * <p><b>Threading.</b> The public methods on the harness's main thread; the steps on the UI thread; the
 * reads on the {@code hop-reader} thread.
 */
final class HopClient implements Client {
    private final Toolkit toolkit;

    HopClient(Toolkit toolkit) {
        this.toolkit = toolkit;
    }

    @Override
    public boolean measuresThroughput() {
        return false;
    }

    @Override
    public long echo(int port, long total) {
        throw new UnsupportedOperationException("the hop client has latency rows only");
    }

    @Override
    public long[] pingPong(int port, int warm, int n) throws Exception {
        long[] lat = new long[n];
        byte[] req = new byte[PING];
        CompletableFuture<Void> done = new CompletableFuture<>();
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setTcpNoDelay(true);
            OutputStream out = s.getOutputStream();
            DataInputStream in = new DataInputStream(s.getInputStream());
            long[] t0 = new long[1];
            int[] i = {-warm};
            Runnable write = () -> {
                t0[0] = System.nanoTime();
                try {
                    out.write(req);
                } catch (IOException e) {
                    done.completeExceptionally(e);
                }
            };
            Runnable step = () -> { // UI thread: the reply is in
                if (i[0] >= 0) lat[i[0]] = System.nanoTime() - t0[0];
                if (++i[0] == n) done.complete(null);
                else write.run();
            };
            Thread reader = new Thread(() -> {
                byte[] rep = new byte[PING];
                try {
                    for (int k = -warm; k < n; k++) {
                        in.readFully(rep);
                        toolkit.onUi(step);
                    }
                } catch (IOException e) {
                    done.completeExceptionally(e);
                }
            }, "hop-reader");
            reader.setDaemon(true);
            reader.start();
            toolkit.onUi(write);
            done.get(300, TimeUnit.SECONDS);
            reader.join(10_000);
        }
        return lat;
    }

    @Override
    public void connections(int n, Runnable measure) {
        throw new UnsupportedOperationException("the hop client has latency rows only");
    }

    @Override
    public long lines(ProcessBuilder builder, int n) {
        throw new UnsupportedOperationException("the hop client has latency rows only");
    }
}
