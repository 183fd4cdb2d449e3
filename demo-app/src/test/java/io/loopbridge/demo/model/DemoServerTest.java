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

/** The demo's HTTP server: loopback only, an ephemeral port, its endpoints, and a real stop. */
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
    void aDownloadSendsItsSizeInChunks() throws Exception {
        try (DemoServer server = DemoServer.start()) {
            HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(server.uri("/download?size=100000&chunk=30000&every=5")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());

            assertEquals(200, r.statusCode());
            assertEquals(100_000, r.body().length);
            assertEquals("100000", r.headers().firstValue("Content-Length").orElse("none"));
        }
    }

    @Test
    void aDownloadAskedToDropEndsInAnIOExceptionAtTheClient() throws Exception {
        try (DemoServer server = DemoServer.start()) {
            long[] received = {0};
            HttpRequest request = HttpRequest.newBuilder(server.uri("/download?size=100000&chunk=10000&every=1&dropAt=40000")).build();

            IOException e = assertThrows(IOException.class, () -> client.send(request, info ->
                    HttpResponse.BodySubscribers.fromSubscriber(new java.util.concurrent.Flow.Subscriber<java.util.List<java.nio.ByteBuffer>>() {
                        @Override public void onSubscribe(java.util.concurrent.Flow.Subscription s) { s.request(Long.MAX_VALUE); }
                        @Override public void onNext(java.util.List<java.nio.ByteBuffer> item) { for (java.nio.ByteBuffer b : item) received[0] += b.remaining(); }
                        @Override public void onError(Throwable t) { }
                        @Override public void onComplete() { }
                    })));

            assertEquals(40_000, received[0], "the bytes sent before the drop arrive: " + e);
        }
    }

    @Test
    void aClosedServerRefusesConnections() throws Exception {
        DemoServer server = DemoServer.start();
        server.close();
        assertThrows(ConnectException.class, () -> get(server, "/slow"));
    }
}
