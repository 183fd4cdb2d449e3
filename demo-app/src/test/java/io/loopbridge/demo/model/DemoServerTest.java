package io.loopbridge.demo.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo's HTTP server: loopback only, an ephemeral port, its two endpoints, and a real stop. */
@Timeout(30)
class DemoServerTest {
    private final HttpClient client = HttpClient.newHttpClient();

    private HttpResponse<String> get(DemoServer server, String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(server.uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void answersOnLoopbackAtAnEphemeralPort() throws Exception {
        try (DemoServer server = DemoServer.start()) {
            assertTrue(server.authority().startsWith("127.0.0.1:"), server.authority());
            assertTrue(server.port() > 0);

            HttpResponse<String> ok = get(server, "/slow?delay=10");
            HttpResponse<String> failed = get(server, "/fail?delay=0");

            assertEquals(200, ok.statusCode());
            assertTrue(ok.body().contains("GET /slow?delay=10 was request #1; it was answered after 10 ms"), ok.body());
            assertEquals(500, failed.statusCode());
            assertEquals(2, server.requests());
        }
    }

    @Test
    void aClosedServerRefusesConnections() throws Exception {
        DemoServer server = DemoServer.start();
        server.close();
        assertThrows(ConnectException.class, () -> get(server, "/slow"));
    }
}
