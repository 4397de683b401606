package org.devzone.bulletin.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Set;
import java.util.regex.Pattern;
import org.devzone.bulletin.zone.ChannelDefinition;
import org.devzone.bulletin.zone.ChannelType;

/**
 * Feishu (飞书) custom bot: {@code POST {url}<hook>} with an interactive card whose body is Markdown; when the bot
 * checks signatures (签名校验) the body carries {@code timestamp} (seconds) and
 * {@code sign = base64(HmacSHA256(key = timestamp + "\n" + secret, data = ""))}. {@code 11232}: too fast;
 * {@code 19021}: signature or timestamp refused; {@code 19024}: keyword missing.
 */
final class FeishuRobot extends ChatRobot {

    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6}\\s+(.+)$");
    private final Clock wall;

    FeishuRobot(ChannelHttp http, ObjectMapper mapper, Clock wall) {
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
        JsonNode json = post(robot, url, root.toString());
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
