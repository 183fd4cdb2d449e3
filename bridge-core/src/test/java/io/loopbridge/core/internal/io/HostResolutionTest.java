package io.loopbridge.core.internal.io;

import io.loopbridge.core.StandaloneLoop;
import io.loopbridge.core.StreamLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * No name lookup on the loop thread: which host strings the loop thread parses itself ({@link HostNames}),
 * and that every other one reaches the resolver on another thread. {@code "999.1.1.1"} and {@code "zz:1"}
 * look like literals, but {@link InetAddress#getAllByName} sends them to the name service.
 */
@Timeout(30)
class HostResolutionTest {

    @Test
    void canonicalDottedQuadsAreParsed() {
        assertArrayEquals(new byte[] {127, 0, 0, 1}, HostNames.ipv4Literal("127.0.0.1").getAddress());
        assertArrayEquals(new byte[] {0, 0, 0, 0}, HostNames.ipv4Literal("0.0.0.0").getAddress());
        assertArrayEquals(new byte[] {(byte) 255, (byte) 255, 10, (byte) 200}, HostNames.ipv4Literal("255.255.10.200").getAddress());
        assertEquals("/127.0.0.1", HostNames.ipv4Literal("127.0.0.1").toString(), "no host name attached (none looked up)");
    }

    @Test
    void anythingElseIsNotALiteralForTheLoopThread() {
        for (String host : List.of("999.1.1.1", "256.0.0.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.04", "1..2.3", "1.2.3.", ".1.2.3",
                "1.2.3.4 ", "+1.2.3.4", "0x7f.0.0.1", "1234.1.1.1", "localhost", "", "zz:1", "::1", "[::1]", "fe80::1%lo", "a.b.c.d")) {
            assertNull(HostNames.ipv4Literal(host), host);
        }
    }

    @Test
    void everyHostButACanonicalLiteralIsResolvedOffTheLoopThread() throws Exception {
        List<String> resolved = new CopyOnWriteArrayList<>();
        List<String> onLoopThread = new CopyOnWriteArrayList<>();
        try (StandaloneLoop loop = StandaloneLoop.create(); ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            IoService io = new IoService(loop, "resolution-test", host -> {
                resolved.add(host);
                if (loop.inEventLoop()) onLoopThread.add(host);
                return new InetAddress[] {InetAddress.getLoopbackAddress()};
            });
            List<String> hosts = List.of("999.1.1.1", "zz:1", "::1", "localhost", "01.2.3.4", "127.0.0.1");
            try {
                for (String host : hosts) {
                    loop.runUntilComplete(loop.createTask(() -> io.openConnection(host, server.getLocalPort(), StreamLimits.DEFAULT)
                            .thenApply(c -> {
                                c.close();
                                return host;
                            })));
                }
            } finally {
                io.close();
            }
        }
        assertEquals(List.of(), onLoopThread, "resolved on the loop thread");
        assertEquals(List.of("999.1.1.1", "zz:1", "::1", "localhost", "01.2.3.4"), resolved, "127.0.0.1 is parsed, never resolved");
    }
}
