package org.devzone.bulletin.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Set;
import org.devzone.bulletin.zone.ChannelDefinition;
import org.devzone.bulletin.zone.ChannelType;

/**
 * DingTalk (钉钉) custom robot: {@code POST {url}?access_token=<t>&timestamp=<ms>&sign=<s>} where
 * {@code sign = urlEncode(base64(HmacSHA256(key = secret, data = timestamp + "\n" + secret)))} when the robot signs
 * (加签); a {@code markdown} message with a title. {@code 130101}: too fast; {@code 310000}: keyword, timestamp,
 * signature or IP refused; {@code 300005}: no such token.
 */
final class DingTalkRobot extends ChatRobot {

    private final Clock wall;

    DingTalkRobot(ChannelHttp http, ObjectMapper mapper, Clock wall) {
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
        JsonNode json = post(robot, query(robot.url(), parameters), root.toString());
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
