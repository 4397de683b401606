package org.devzone.bulletin.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.devzone.bulletin.zone.ChannelDefinition;

/**
 * QQ groups through a OneBot v11 implementation: {@code POST {url}/send_group_msg} with
 * {@code {"group_id", "message", "auto_escape": true}} and the bearer token. OneBot answers 200 with
 * {@code "status": "ok"} (or {@code "async"}: accepted) or {@code "failed"} and a {@code retcode}; HTTP 401/403 is a
 * wrong token, 400/404/406 a request it cannot take, all permanent.
 */
public final class OneBotSender {

    private final ChannelHttp http;
    private final ObjectMapper mapper;

    public OneBotSender(UnaryOperator<String> secrets, ObjectMapper mapper, Duration timeout) {
        this.http = new ChannelHttp(secrets, timeout);
        this.mapper = mapper;
    }

    /** Sends one message to the group; answers its message id. */
    public String send(ChannelDefinition bot, String groupId, String text) throws DeliveryFailure {
        return sendOne(
                bot, groupId, text, http.secret(bot, "token", "QQ channel '" + bot.name() + "' has no access token"));
    }

    private String sendOne(ChannelDefinition bot, String groupId, String text, String token) throws DeliveryFailure {
        String body = mapper.createObjectNode()
                .put("group_id", Long.parseLong(groupId))
                .put("message", text)
                .put("auto_escape", true)
                .toString();
        HttpResponse<String> response = http.postJson(
                URI.create(bot.url().replaceAll("/+$", "") + "/send_group_msg"),
                body,
                token == null ? Map.of() : Map.of("Authorization", "Bearer " + token),
                "the QQ bot at " + bot.url(),
                "the QQ bot");
        int status = response.statusCode();
        switch (status) {
            case 401, 403 -> throw new DeliveryFailure("the QQ bot refused the access token (" + status + ")", true);
            case 400, 404, 406 ->
                throw new DeliveryFailure(
                        "the QQ bot cannot take the request (" + status + "): " + response.body(), true);
            default -> {
                if (status != 200) {
                    throw new DeliveryFailure("the QQ bot answered " + status + " (will retry)", false);
                }
            }
        }
        JsonNode answer;
        try {
            answer = mapper.readTree(response.body());
        } catch (IOException e) {
            throw new DeliveryFailure("the QQ bot's answer is not JSON: " + response.body(), false, e);
        }
        String result = answer.path("status").asText();
        if (result.equals("ok") || result.equals("async")) {
            JsonNode id = answer.path("data").path("message_id");
            return id.isMissingNode() || id.isNull() ? null : id.asText();
        }
        throw new DeliveryFailure(
                "the QQ bot could not send to group " + groupId + ": retcode "
                        + answer.path("retcode").asText()
                        + (answer.has("wording")
                                ? " " + answer.path("wording").asText()
                                : answer.has("msg") ? " " + answer.path("msg").asText() : ""),
                false);
    }
}
