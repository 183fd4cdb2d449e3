package io.loopbridge.bench.streams;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;

/**
 * The far end of the echo rows, the same for every implementation: a blocking echo server on 127.0.0.1,
 * one platform thread per connection, reading into a 64 KiB buffer and writing back what it read. Only the
 * client side differs between the implementations, so the rows compare what an application's side of a
 * connection costs on each.
 *
 * <p><b>Threading.</b> One accept thread and one thread per connection, all daemons; {@link #port()} and
 * {@link #close()} from any thread.
 */
final class EchoPeer implements AutoCloseable {
    private final ServerSocket server;

    EchoPeer() throws IOException {
        server = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::acceptLoop, "echo-peer-accept");
        accept.setDaemon(true);
        accept.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        try {
            for (;;) {
                Socket s = server.accept();
                s.setTcpNoDelay(true);
                Thread t = new Thread(() -> echo(s, 64 * 1024), "echo-peer");
                t.setDaemon(true);
                t.start();
            }
        } catch (IOException closed) {
            // closed: the run is over
        }
    }

    /** Echoes {@code s} until its end, reading into a buffer of {@code bufferSize} bytes. */
    static void echo(Socket s, int bufferSize) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            byte[] buf = new byte[bufferSize];
            for (int n; (n = in.read(buf)) >= 0; ) out.write(buf, 0, n);
        } catch (SocketException reset) {
            // the client went away
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
