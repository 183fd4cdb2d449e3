package io.loopbridge.bench.streams;

import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The practical limit: blocking {@code java.net.Socket}s on platform threads, what a Java program does
 * without any loop. Throughput: one thread writes, the calling thread reads. Latency: the calling thread
 * writes the request and blocks reading the reply (the peer's thread is the other of the pair). 1,000
 * connections: a thread per accepted connection on the server side (the blocking server's only way), idle
 * client sockets on the calling thread. Lines: the calling thread reads the process's stdout directly
 * with a {@link BufferedReader}.
 *
 * <p><b>Threading.</b> See above; every method returns when its threads are done.
 */
final class BlockingClient implements Client {

    private static Socket connect(int port) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        s.setTcpNoDelay(true);
        return s;
    }

    @Override
    public long echo(int port, long total) throws Exception {
        try (Socket s = connect(port)) {
            AtomicReference<Throwable> failed = new AtomicReference<>();
            byte[] chunk = new byte[CHUNK];
            OutputStream out = s.getOutputStream();
            long t0 = System.nanoTime();
            Thread writer = new Thread(() -> {
                try {
                    for (long sent = 0; sent < total; sent += CHUNK) out.write(chunk);
                } catch (IOException e) {
                    failed.set(e);
                }
            }, "blocking-writer");
            writer.start();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[CHUNK];
            long got = 0;
            while (got < total) {
                int n = in.read(buf);
                if (n < 0) throw new IOException("the echo ended after " + got + " of " + total + " bytes", failed.get());
                got += n;
            }
            long ns = System.nanoTime() - t0;
            writer.join();
            return ns;
        }
    }

    @Override
    public long[] pingPong(int port, int warm, int n) throws Exception {
        long[] lat = new long[n];
        byte[] req = new byte[PING];
        byte[] rep = new byte[PING];
        try (Socket s = connect(port)) {
            OutputStream out = s.getOutputStream();
            DataInputStream in = new DataInputStream(s.getInputStream());
            for (int i = -warm; i < n; i++) {
                long t0 = System.nanoTime();
                out.write(req);
                in.readFully(rep);
                if (i >= 0) lat[i] = System.nanoTime() - t0;
            }
        }
        return lat;
    }

    @Override
    public void connections(int n, Runnable measure) throws Exception {
        List<Thread> serving = new ArrayList<>();
        List<Socket> clients = new ArrayList<>();
        try (ServerSocket server = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress())) {
            Thread accept = new Thread(() -> {
                try {
                    for (int i = 0; i < n; i++) {
                        Socket s = server.accept();
                        Thread t = new Thread(() -> EchoPeer.echo(s, 8192), "blocking-server"); // a line server's 8 KiB
                        t.setDaemon(true);
                        t.start();
                        synchronized (serving) {
                            serving.add(t);
                        }
                    }
                } catch (IOException closed) {
                    // closed early: the run failed
                }
            }, "blocking-accept");
            accept.setDaemon(true);
            accept.start();
            try {
                byte[] hi = "hi\n".getBytes(StandardCharsets.UTF_8);
                byte[] back = new byte[hi.length];
                for (int i = 0; i < n; i++) {
                    Socket c = connect(server.getLocalPort());
                    clients.add(c);
                    c.getOutputStream().write(hi);
                    new DataInputStream(c.getInputStream()).readFully(back);
                }
                accept.join(60_000);
                measure.run();
            } finally {
                for (Socket c : clients) c.close();
                synchronized (serving) {
                    for (Thread t : serving) t.join(10_000);
                }
            }
        }
    }

    @Override
    public long lines(ProcessBuilder builder, int n) throws Exception {
        Process p = builder.start();
        long first = 0;
        int count = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8), CHUNK)) {
            for (String line; (line = r.readLine()) != null; ) {
                if (count++ == 0) first = System.nanoTime();
            }
        }
        long ns = System.nanoTime() - first;
        p.waitFor();
        if (count != n) throw new IllegalStateException(count + " lines of " + n);
        return ns;
    }
}
