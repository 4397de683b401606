package org.devzone.bulletin.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A webhook receiver as a zone's system would run one: it checks {@code X-Bulletin-Signature} (HMAC-SHA256 of
 * timestamp "." body) in constant time and answers 401 to a bad one, then answers with the scripted replies in order
 * (200 {"code":0} once they run out). Accepted bodies are kept.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** A scripted answer: status and body. */
    public record Reply(int status, String body) {}

    private final HttpServer server;
    private final String secret;
    private final Deque<Reply> script = new ArrayDeque<>();
    private final List<String> accepted = new CopyOnWriteArrayList<>();
    private final List<Integer> answered = new CopyOnWriteArrayList<>();

    public WebhookReceiver(String secret) throws IOException {
        this.secret = secret;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hooks/bulletin", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/bulletin";
    }

    public synchronized void script(Reply... replies) {
        script.addAll(List.of(replies));
    }

    /** Bodies answered with a 2xx. */
    public List<String> accepted() {
        return accepted;
    }

    public List<Integer> answered() {
        return answered;
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] raw = exchange.getRequestBody().readAllBytes();
        String body = new String(raw, StandardCharsets.UTF_8);
        String timestamp = exchange.getRequestHeaders().getFirst("X-Bulletin-Timestamp");
        String signature = exchange.getRequestHeaders().getFirst("X-Bulletin-Signature");
        Reply reply;
        if (timestamp == null
                || signature == null
                || !MessageDigest.isEqual(
                        ("sha256=" + hmac(timestamp + "." + body)).getBytes(StandardCharsets.US_ASCII),
                        signature.getBytes(StandardCharsets.US_ASCII))) {
            reply = new Reply(401, "{\"code\": 401, \"msg\": \"bad signature\"}");
        } else {
            synchronized (this) {
                reply = script.isEmpty()
                        ? new Reply(200, "{\"code\": 0, \"id\": \"wh-" + (accepted.size() + 1) + "\"}")
                        : script.poll();
            }
        }
        if (reply.status() / 100 == 2 && !reply.body().contains("\"code\": 7")) {
            accepted.add(body);
        }
        answered.add(reply.status());
        byte[] out = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(reply.status(), out.length);
        exchange.getResponseBody().write(out);
        exchange.close();
    }

    private String hmac(String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
