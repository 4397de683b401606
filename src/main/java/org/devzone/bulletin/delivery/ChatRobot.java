package org.devzone.bulletin.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.devzone.bulletin.zone.ChannelDefinition;
import org.devzone.bulletin.zone.ChannelType;

/**
 * A group-chat robot's wire API (WeCom, DingTalk, Feishu): one Markdown message out, and the answer judged. Each of
 * them answers HTTP 200 even when it refuses; the business code in the body decides, and is classed as rate-limited
 * (retry after a pause), permanent (a wrong credential or signature, an unknown robot, a missing keyword: stop, with
 * the reason) or otherwise transient.
 */
public abstract sealed class ChatRobot permits ChatRobot.WeCom, ChatRobot.DingTalk, ChatRobot.Feishu {

    protected final ChannelHttp http;
    protected final ObjectMapper mapper;
    private final String vendor;

    ChatRobot(ChannelHttp http, ObjectMapper mapper, String vendor) {
        this.http = http;
        this.mapper = mapper;
        this.vendor = vendor;
    }

    /** One robot sender per type, sharing one HTTP client. */
    public static java.util.Map<ChannelType, ChatRobot> create(
            java.util.function.UnaryOperator<String> secrets,
            ObjectMapper mapper,
            java.time.Duration timeout,
            java.time.Clock wall) {
        ChannelHttp http = new ChannelHttp(secrets, timeout);
        java.util.Map<ChannelType, ChatRobot> robots = new java.util.EnumMap<>(ChannelType.class);
        for (ChatRobot robot : java.util.List.of(
                new WeCom(http, mapper), new DingTalk(http, mapper, wall), new Feishu(http, mapper, wall))) {
            robots.put(robot.type(), robot);
        }
        return robots;
    }

    abstract ChannelType type();

    /** The longest message the robot takes, in UTF-8 bytes of its Markdown. */
    abstract int maxBytes();

    /** Sends one message; answers the provider's id for it when it gives one. */
    abstract String send(ChannelDefinition robot, String title, String markdown) throws DeliveryFailure;

    /**
     * The answer's JSON when the HTTP status is 200; a 429 or 5xx is transient, any other status permanent (the request
     * is wrong for this robot and will stay wrong).
     */
    protected JsonNode answer(HttpResponse<String> response, ChannelDefinition robot) throws DeliveryFailure {
        int status = response.statusCode();
        if (status == 429 || status >= 500 || status == 408) {
            throw new DeliveryFailure(what(robot) + " answered HTTP " + status + " (will retry)", false);
        }
        if (status != 200) {
            throw new DeliveryFailure(
                    what(robot) + " refused the request with HTTP " + status + ": "
                            + ChannelHttp.abbreviate(response.body()),
                    true);
        }
        try {
            JsonNode json = mapper.readTree(response.body());
            if (json != null && json.isObject()) {
                return json;
            }
        } catch (IOException e) {
            // below
        }
        throw new DeliveryFailure(
                what(robot) + " answered with something that is not its JSON: "
                        + ChannelHttp.abbreviate(response.body()),
                false);
    }

    /** Judges a business code: 0 is success. */
    protected void judge(
            ChannelDefinition robot,
            int code,
            String message,
            Set<Integer> rateLimited,
            Set<Integer> permanent,
            String hint)
            throws DeliveryFailure {
        if (code == 0) {
            return;
        }
        String reason = what(robot) + " refused the message: code " + code + (message.isBlank() ? "" : " " + message);
        if (rateLimited.contains(code)) {
            throw DeliveryFailure.rateLimited(reason + " (sending too fast; will retry)");
        }
        if (permanent.contains(code)) {
            throw new DeliveryFailure(reason + hint, true);
        }
        throw new DeliveryFailure(reason + " (will retry)", false);
    }

    protected String what(ChannelDefinition robot) {
        return vendor + " robot '" + robot.name() + "'";
    }

    static String hmacSha256Base64(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static String query(String url, String parameters) {
        return url + (url.contains("?") ? "&" : "?") + parameters;
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /**
     * WeCom (企业微信) group robot: {@code POST {url}?key=<key>} with a {@code markdown} message of at most 4096 bytes;
     * the key is the credential. {@code 45009}: too fast; {@code 93000}: the webhook is invalid.
     */
    static final class WeCom extends ChatRobot {

        WeCom(ChannelHttp http, ObjectMapper mapper) {
            super(http, mapper, "WeCom");
        }

        @Override
        ChannelType type() {
            return ChannelType.WECOM;
        }

        @Override
        int maxBytes() {
            return 4096;
        }

        @Override
        String send(ChannelDefinition robot, String title, String markdown) throws DeliveryFailure {
            String key = http.secret(robot, "key", what(robot) + " has no webhook key");
            String body = mapper.createObjectNode()
                    .put("msgtype", "markdown")
                    .set("markdown", mapper.createObjectNode().put("content", markdown))
                    .toString();
            JsonNode json = answer(
                    http.postJson(
                            java.net.URI.create(query(robot.url(), "key=" + encode(key))),
                            body,
                            java.util.Map.of(),
                            what(robot) + " at " + robot.url(),
                            what(robot)),
                    robot);
            judge(
                    robot,
                    json.path("errcode").asInt(-1),
                    json.path("errmsg").asText(""),
                    Set.of(45009),
                    Set.of(93000, 93004, 40058, 40008, 44004),
                    " (check the robot's webhook key in " + robot.secretEnv().get("key") + ")");
            return null;
        }
    }

    /**
     * DingTalk (钉钉) custom robot: {@code POST {url}?access_token=<t>&timestamp=<ms>&sign=<s>} where
     * {@code sign = urlEncode(base64(HmacSHA256(key = secret, data = timestamp + "\n" + secret)))} when the robot signs
     * (加签); a {@code markdown} message with a title. {@code 130101}: too fast; {@code 310000}: keyword, timestamp,
     * signature or IP refused; {@code 300005}: no such token.
     */
    static final class DingTalk extends ChatRobot {

        private final java.time.Clock wall;

        DingTalk(ChannelHttp http, ObjectMapper mapper, java.time.Clock wall) {
            super(http, mapper, "DingTalk");
            this.wall = wall;
        }

        @Override
        ChannelType type() {
            return ChannelType.DINGTALK;
        }

        @Override
        int maxBytes() {
            // DingTalk takes up to 20,000 bytes; the JSON around the text and the title need some of them.
            return 18_000;
        }

        /** The signature DingTalk expects, URL-encoded. */
        static String sign(long timestampMillis, String secret) {
            return encode(hmacSha256Base64(secret.getBytes(StandardCharsets.UTF_8), timestampMillis + "\n" + secret));
        }

        @Override
        String send(ChannelDefinition robot, String title, String markdown) throws DeliveryFailure {
            String token = http.secret(robot, "token", what(robot) + " has no access token");
            String secret = http.secret(robot, "secret", what(robot) + " has no signing secret");
            String parameters = "access_token=" + encode(token);
            if (secret != null) {
                long timestamp = wall.millis();
                parameters += "&timestamp=" + timestamp + "&sign=" + sign(timestamp, secret);
            }
            var root = mapper.createObjectNode().put("msgtype", "markdown");
            root.putObject("markdown").put("title", title).put("text", markdown);
            root.putObject("at").put("isAtAll", false).putArray("atMobiles");
            JsonNode json = answer(
                    http.postJson(
                            java.net.URI.create(query(robot.url(), parameters)),
                            root.toString(),
                            java.util.Map.of(),
                            what(robot) + " at " + robot.url(),
                            what(robot)),
                    robot);
            judge(
                    robot,
                    json.path("errcode").asInt(-1),
                    json.path("errmsg").asText(""),
                    Set.of(130101),
                    Set.of(310000, 300005, 300001, 40035, 430101),
                    " (check the robot's access token, signing secret and keywords in channels.yaml)");
            return null;
        }
    }

    /**
     * Feishu (飞书) custom bot: {@code POST {url}<hook>} with an interactive card whose body is Markdown; when the bot
     * checks signatures (签名校验) the body carries {@code timestamp} (seconds) and
     * {@code sign = base64(HmacSHA256(key = timestamp + "\n" + secret, data = ""))}. {@code 11232}: too fast;
     * {@code 19021}: signature or timestamp refused; {@code 19024}: keyword missing.
     */
    static final class Feishu extends ChatRobot {

        private static final java.util.regex.Pattern HEADING = java.util.regex.Pattern.compile("(?m)^#{1,6}\\s+(.+)$");
        private final java.time.Clock wall;

        Feishu(ChannelHttp http, ObjectMapper mapper, java.time.Clock wall) {
            super(http, mapper, "Feishu");
            this.wall = wall;
        }

        @Override
        ChannelType type() {
            return ChannelType.FEISHU;
        }

        @Override
        int maxBytes() {
            // The request body may not exceed 20 KB; the card around the text and JSON escapes need some of it.
            return 16_000;
        }

        /** The signature Feishu expects (not URL-encoded: it travels in the JSON body). */
        static String sign(long timestampSeconds, String secret) {
            return hmacSha256Base64((timestampSeconds + "\n" + secret).getBytes(StandardCharsets.UTF_8), "");
        }

        @Override
        String send(ChannelDefinition robot, String title, String markdown) throws DeliveryFailure {
            String hook = http.secret(robot, "hook", what(robot) + " has no hook token");
            String secret = http.secret(robot, "secret", what(robot) + " has no signing secret");
            var root = mapper.createObjectNode();
            if (secret != null) {
                long timestamp = wall.instant().getEpochSecond();
                root.put("timestamp", String.valueOf(timestamp)).put("sign", sign(timestamp, secret));
            }
            root.put("msg_type", "interactive");
            var card = root.putObject("card");
            card.putObject("config").put("wide_screen_mode", true);
            var header = card.putObject("header");
            header.putObject("title").put("tag", "plain_text").put("content", title);
            header.put("template", title.startsWith("【急】") ? "red" : "blue");
            // The card's Markdown has no headings: they become bold lines.
            card.putArray("elements")
                    .addObject()
                    .put("tag", "markdown")
                    .put("content", HEADING.matcher(markdown).replaceAll("**$1**"));
            String url = robot.url().endsWith("/") ? robot.url() + encode(hook) : robot.url() + "/" + encode(hook);
            JsonNode json = answer(
                    http.postJson(
                            java.net.URI.create(url),
                            root.toString(),
                            java.util.Map.of(),
                            what(robot) + " at " + robot.url(),
                            what(robot)),
                    robot);
            int code = json.has("code")
                    ? json.path("code").asInt(-1)
                    : json.path("StatusCode").asInt(-1);
            String message = json.has("msg")
                    ? json.path("msg").asText("")
                    : json.path("StatusMessage").asText("");
            judge(
                    robot,
                    code,
                    message,
                    Set.of(11232),
                    Set.of(19021, 19024, 19001, 19002, 9499),
                    " (check the bot's hook token, signing secret and keywords in channels.yaml)");
            return null;
        }
    }
}
