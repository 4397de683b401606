package org.devzone.bulletin.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Set;
import org.devzone.bulletin.zone.ChannelDefinition;
import org.devzone.bulletin.zone.ChannelType;

/**
 * WeCom (企业微信) group robot: {@code POST {url}?key=<key>} with a {@code markdown} message of at most 4096 bytes;
 * the key is the credential. {@code 45009}: too fast; {@code 93000}: the webhook is invalid.
 */
final class WeComRobot extends ChatRobot {

    WeComRobot(ChannelHttp http, ObjectMapper mapper) {
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
        JsonNode json = post(robot, query(robot.url(), "key=" + encode(key)), body);
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
