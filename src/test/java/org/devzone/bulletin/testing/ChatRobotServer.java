package org.devzone.bulletin.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * WeCom, DingTalk and Feishu robots on one loopback server, each speaking its vendor's wire API as the vendor
 * documents it: the credential in the URL (WeCom's key, DingTalk's access token, Feishu's hook token), DingTalk's and
 * Feishu's signatures verified as the vendors compute them, required keywords, size limits, and each robot's rate
 * limit counted on arrival over a sliding window. A message over the limit is refused with the vendor's code and
 * recorded as a refusal, so a test can fail on it. Everything a robot accepted is kept, with its arrival time.
 */
public final class ChatRobotServer implements AutoCloseable {

    /** A message a robot accepted. */
    public record Received(String robot, String title, String text, long atNanos) {}

    /** A request a robot refused, with the vendor's code. */
    public record Refusal(String robot, int code, String why) {}

    private record Limit(int count, Duration window) {}

    private static final class Robot {
        final String vendor;
        final String credential;
        final String secret;
        final List<String> keywords;
        final List<Limit> limits;
        final Deque<Long> arrivals = new ArrayDeque<>();
        final Deque<Integer> script = new ArrayDeque<>();

        Robot(String vendor, String credential, String secret, List<String> keywords, List<Limit> limits) {
            this.vendor = vendor;
            this.credential = credential;
            this.secret = secret;
            this.keywords = keywords;
            this.limits = limits;
        }
    }

    private final HttpServer server;
    private final ObjectMapper mapper = new ObjectMapper();
    private final Map<String, Robot> robots = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<Refusal> refusals = new CopyOnWriteArrayList<>();

    public ChatRobotServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/cgi-bin/webhook/send", this::wecom);
        server.createContext("/robot/send", this::dingtalk);
        server.createContext("/open-apis/bot/v2/hook/", this::feishu);
        server.start();
    }

    public String wecomUrl() {
        return base() + "/cgi-bin/webhook/send";
    }

    public String dingtalkUrl() {
        return base() + "/robot/send";
    }

    public String feishuUrl() {
        return base() + "/open-apis/bot/v2/hook/";
    }

    /**
     * Adds a robot. {@code limits} like {@code 3/1000} (count per milliseconds); {@code secret} null for a robot that
     * does not sign.
     */
    public void robot(String vendor, String credential, String secret, List<String> keywords, String... limits) {
        List<Limit> parsed = new ArrayList<>();
        for (String limit : limits) {
            String[] parts = limit.split("/");
            parsed.add(new Limit(Integer.parseInt(parts[0]), Duration.ofMillis(Long.parseLong(parts[1]))));
        }
        robots.put(vendor + ":" + credential, new Robot(vendor, credential, secret, keywords, parsed));
    }

    /** Business codes the robot answers its next requests with, before answering normally (0 answers normally). */
    public void script(String vendor, String credential, Integer... codes) {
        Robot robot = robots.get(vendor + ":" + credential);
        synchronized (robot) {
            robot.script.addAll(List.of(codes));
        }
    }

    public List<Received> received() {
        return received;
    }

    public List<Received> received(String vendor, String credential) {
        return received.stream()
                .filter(r -> r.robot().equals(vendor + ":" + credential))
                .toList();
    }

    public List<Refusal> refusals() {
        return refusals;
    }

    // --- WeCom -------------------------------------------------------------------------------------------------------

    private void wecom(HttpExchange exchange) throws IOException {
        Map<String, String> query = query(exchange);
        Robot robot = robots.get("wecom:" + query.getOrDefault("key", ""));
        JsonNode body = body(exchange);
        if (robot == null) {
            refuse(exchange, "wecom:" + query.get("key"), "errcode", 93000, "invalid webhook url");
            return;
        }
        if (body == null
                || !body.path("msgtype").asText().equals("markdown")
                || !body.path("markdown").path("content").isTextual()) {
            refuse(exchange, robot, "errcode", 40008, "invalid message type");
            return;
        }
        String content = body.path("markdown").path("content").asText();
        if (content.getBytes(StandardCharsets.UTF_8).length > 4096) {
            refuse(exchange, robot, "errcode", 40058, "markdown.content exceed max length 4096");
            return;
        }
        accept(exchange, robot, "errcode", 45009, null, content, "{\"errcode\":0,\"errmsg\":\"ok\"}");
    }

    // --- DingTalk ----------------------------------------------------------------------------------------------------

    private void dingtalk(HttpExchange exchange) throws IOException {
        Map<String, String> query = query(exchange);
        Robot robot = robots.get("dingtalk:" + query.getOrDefault("access_token", ""));
        JsonNode body = body(exchange);
        if (robot == null) {
            refuse(exchange, "dingtalk:" + query.get("access_token"), "errcode", 300005, "token is not exist");
            return;
        }
        if (robot.secret != null) {
            String timestamp = query.getOrDefault("timestamp", "");
            String sign = query.getOrDefault("sign", "");
            long ts;
            try {
                ts = Long.parseLong(timestamp);
            } catch (NumberFormatException e) {
                refuse(exchange, robot, "errcode", 310000, "sign not match, missing timestamp");
                return;
            }
            if (Math.abs(System.currentTimeMillis() - ts) > Duration.ofHours(1).toMillis()) {
                refuse(exchange, robot, "errcode", 310000, "timestamp is out of range");
                return;
            }
            // The query parameter arrives URL-encoded; decoded, it is the Base64 of the HMAC.
            if (!constantTimeEquals(dingTalkSignature(ts, robot.secret), sign)) {
                refuse(exchange, robot, "errcode", 310000, "sign not match");
                return;
            }
        }
        if (body == null
                || !body.path("msgtype").asText().equals("markdown")
                || !body.path("markdown").path("title").isTextual()
                || !body.path("markdown").path("text").isTextual()) {
            refuse(exchange, robot, "errcode", 400013, "msgtype or content is missing");
            return;
        }
        String title = body.path("markdown").path("title").asText();
        String text = body.path("markdown").path("text").asText();
        if (!robot.keywords.isEmpty()
                && robot.keywords.stream().noneMatch(k -> text.contains(k) || title.contains(k))) {
            refuse(exchange, robot, "errcode", 310000, "keywords not in content");
            return;
        }
        if (body.toString().getBytes(StandardCharsets.UTF_8).length > 20_000) {
            refuse(exchange, robot, "errcode", 460101, "message too long");
            return;
        }
        accept(exchange, robot, "errcode", 130101, title, text, "{\"errcode\":0,\"errmsg\":\"ok\"}");
    }

    /** DingTalk's signature as its documentation computes it: Base64(HmacSHA256(secret, ts + "\n" + secret)). */
    public static String dingTalkSignature(long timestampMillis, String secret) {
        return Base64.getEncoder()
                .encodeToString(hmac(
                        secret.getBytes(StandardCharsets.UTF_8),
                        (timestampMillis + "\n" + secret).getBytes(StandardCharsets.UTF_8)));
    }

    // --- Feishu ------------------------------------------------------------------------------------------------------

    private void feishu(HttpExchange exchange) throws IOException {
        String hook = exchange.getRequestURI().getPath().substring("/open-apis/bot/v2/hook/".length());
        Robot robot = robots.get("feishu:" + hook);
        JsonNode body = body(exchange);
        if (robot == null) {
            refuse(exchange, "feishu:" + hook, "code", 19001, "param invalid: incoming webhook access token invalid");
            return;
        }
        if (robot.secret != null) {
            long ts;
            try {
                ts = Long.parseLong(body == null ? "" : body.path("timestamp").asText());
            } catch (NumberFormatException e) {
                refuse(
                        exchange,
                        robot,
                        "code",
                        19021,
                        "sign match fail or timestamp is not within one hour from current time");
                return;
            }
            if (Math.abs(System.currentTimeMillis() / 1000 - ts) > 3600
                    || !constantTimeEquals(
                            feishuSignature(ts, robot.secret), body.path("sign").asText())) {
                refuse(
                        exchange,
                        robot,
                        "code",
                        19021,
                        "sign match fail or timestamp is not within one hour from current time");
                return;
            }
        }
        if (body == null || exchange.getAttribute("size") instanceof Integer size && size > 20 * 1024) {
            refuse(exchange, robot, "code", 9499, "request body too large or not JSON");
            return;
        }
        String title;
        String text;
        if (body.path("msg_type").asText().equals("interactive")) {
            title = body.path("card")
                    .path("header")
                    .path("title")
                    .path("content")
                    .asText();
            StringBuilder all = new StringBuilder();
            body.path("card")
                    .path("elements")
                    .forEach(e -> all.append(e.path("content").asText()));
            text = all.toString();
        } else if (body.path("msg_type").asText().equals("text")) {
            title = null;
            text = body.path("content").path("text").asText();
        } else {
            refuse(exchange, robot, "code", 9499, "Bad Request");
            return;
        }
        if (!robot.keywords.isEmpty()
                && robot.keywords.stream().noneMatch(k -> text.contains(k) || title != null && title.contains(k))) {
            refuse(exchange, robot, "code", 19024, "Key Words Not Found");
            return;
        }
        accept(exchange, robot, "code", 11232, title, text, "{\"code\":0,\"data\":{},\"msg\":\"success\"}");
    }

    /** Feishu's signature as its documentation computes it: Base64(HmacSHA256(key = ts + "\n" + secret, data = "")). */
    public static String feishuSignature(long timestampSeconds, String secret) {
        return Base64.getEncoder()
                .encodeToString(hmac((timestampSeconds + "\n" + secret).getBytes(StandardCharsets.UTF_8), new byte[0]));
    }

    // --- shared ------------------------------------------------------------------------------------------------------

    private void accept(
            HttpExchange exchange, Robot robot, String codeField, int rateCode, String title, String text, String ok)
            throws IOException {
        long now = System.nanoTime();
        Integer scripted;
        synchronized (robot) {
            scripted = robot.script.poll();
            if (scripted == null || scripted == 0) {
                for (Limit limit : robot.limits) {
                    long inWindow = robot.arrivals.stream()
                            .filter(t -> now - t < limit.window().toNanos())
                            .count();
                    if (inWindow >= limit.count()) {
                        scripted = rateCode;
                        refusals.add(new Refusal(
                                robot.vendor + ":" + robot.credential,
                                rateCode,
                                "over " + limit.count() + " per "
                                        + limit.window().toMillis() + " ms"));
                        break;
                    }
                }
            }
            if (scripted == null || scripted == 0) {
                robot.arrivals.addLast(now);
                received.add(new Received(robot.vendor + ":" + robot.credential, title, text, now));
            }
        }
        if (scripted != null && scripted != 0) {
            answer(
                    exchange,
                    "{\"" + codeField + "\":" + scripted + ",\"" + (codeField.equals("code") ? "msg" : "errmsg")
                            + "\":\"scripted or too fast\"}");
        } else {
            answer(exchange, ok);
        }
    }

    private void refuse(HttpExchange exchange, Robot robot, String codeField, int code, String why) throws IOException {
        refuse(exchange, robot.vendor + ":" + robot.credential, codeField, code, why);
    }

    private void refuse(HttpExchange exchange, String robot, String codeField, int code, String why)
            throws IOException {
        refusals.add(new Refusal(robot, code, why));
        answer(
                exchange,
                mapper.createObjectNode()
                        .put(codeField, code)
                        .put(codeField.equals("code") ? "msg" : "errmsg", why)
                        .toString());
    }

    private JsonNode body(HttpExchange exchange) {
        try {
            byte[] bytes = exchange.getRequestBody().readAllBytes();
            exchange.setAttribute("size", bytes.length);
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            if (type == null || !type.startsWith("application/json")) {
                return null;
            }
            JsonNode json = mapper.readTree(bytes);
            return json != null && json.isObject() ? json : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> query = new LinkedHashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    query.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return query;
    }

    private static void answer(HttpExchange exchange, String json) throws IOException {
        byte[] out = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, out.length);
        exchange.getResponseBody().write(out);
        exchange.close();
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean constantTimeEquals(String expected, String actual) {
        return MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), actual.getBytes(StandardCharsets.UTF_8));
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        ((ExecutorService) server.getExecutor()).shutdownNow();
    }
}
