package org.devzone.bulletin.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
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
public abstract sealed class ChatRobot permits WeComRobot, DingTalkRobot, FeishuRobot {

    protected final ChannelHttp http;
    protected final ObjectMapper mapper;
    private final String vendor;

    ChatRobot(ChannelHttp http, ObjectMapper mapper, String vendor) {
        this.http = http;
        this.mapper = mapper;
        this.vendor = vendor;
    }

    /** One robot sender per type, sharing one HTTP client. */
    public static Map<ChannelType, ChatRobot> create(
            UnaryOperator<String> secrets, ObjectMapper mapper, Duration timeout, Clock wall) {
        ChannelHttp http = new ChannelHttp(secrets, timeout);
        Map<ChannelType, ChatRobot> robots = new EnumMap<>(ChannelType.class);
        for (ChatRobot robot : List.of(
                new WeComRobot(http, mapper),
                new DingTalkRobot(http, mapper, wall),
                new FeishuRobot(http, mapper, wall))) {
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

    /** Posts the JSON body to the robot's {@code url} and answers its JSON (see {@link #answer}). */
    protected JsonNode post(ChannelDefinition robot, String url, String body) throws DeliveryFailure {
        return answer(
                http.postJson(URI.create(url), body, Map.of(), what(robot) + " at " + robot.url(), what(robot)), robot);
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

    static String query(String url, String parameters) {
        return url + (url.contains("?") ? "&" : "?") + parameters;
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
