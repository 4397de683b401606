package org.devzone.bulletin.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A OneBot v11 implementation's {@code send_group_msg} as NapCat or go-cqhttp answer it: 401 without the bearer token,
 * 403 with a wrong one, 400 for a body that is not {@code {"group_id": <number>, "message": <text>}}, else the scripted
 * answers in order and then {@code {"status":"ok","retcode":0,"data":{"message_id":n}}}. Sent messages are kept.
 */
public final class OneBotServer implements AutoCloseable {

    /** A message the bot sent to a group. */
    public record Sent(long groupId, String text) {}

    private final HttpServer server;
    private final String token;
    private final Deque<Integer> script = new ArrayDeque<>();
    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final ObjectMapper mapper = new ObjectMapper();

    public OneBotServer(String token) throws IOException {
        this.token = token;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/send_group_msg", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** HTTP statuses to answer the next requests with (after the token check); 200 answers normally. */
    public synchronized void script(Integer... statuses) {
        script.addAll(List.of(statuses));
    }

    public List<Sent> sent() {
        return sent;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        JsonNode body = null;
        try {
            body = mapper.readTree(exchange.getRequestBody().readAllBytes());
        } catch (IOException e) {
            // answered 400 below
        }
        Integer scripted;
        synchronized (this) {
            scripted = script.poll();
        }
        if (authorization == null) {
            answer(exchange, 401, "");
        } else if (!authorization.equals("Bearer " + token)) {
            answer(exchange, 403, "");
        } else if (body == null
                || !body.path("group_id").isNumber()
                || !body.path("message").isTextual()
                || !body.path("auto_escape").asBoolean(false)) {
            answer(exchange, 400, "");
        } else if (scripted != null && scripted != 200) {
            answer(exchange, scripted, "{\"status\":\"failed\",\"retcode\":1200,\"wording\":\"busy\"}");
        } else {
            sent.add(new Sent(body.get("group_id").asLong(), body.get("message").asText()));
            answer(
                    exchange,
                    200,
                    "{\"status\":\"ok\",\"retcode\":0,\"data\":{\"message_id\":" + (1000 + sent.size()) + "}}");
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] out = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, out.length == 0 ? -1 : out.length);
        if (out.length > 0) {
            exchange.getResponseBody().write(out);
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
