package org.devzone.bulletin.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.function.UnaryOperator;
import org.devzone.bulletin.zone.ChannelDefinition;

/**
 * QQ groups through a OneBot v11 implementation: {@code POST {url}/send_group_msg} with
 * {@code {"group_id", "message", "auto_escape": true}} and the bearer token. OneBot answers 200 with
 * {@code "status": "ok"} (or {@code "async"}: accepted) or {@code "failed"} and a {@code retcode}; HTTP 401/403 is a
 * wrong token, 400/404/406 a request it cannot take, all permanent.
 */
public final class OneBotSender {

    private final HttpClient http;
    private final UnaryOperator<String> secrets;
    private final ObjectMapper mapper;
    private final Duration timeout;

    public OneBotSender(UnaryOperator<String> secrets, ObjectMapper mapper, Duration timeout) {
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.secrets = secrets;
        this.mapper = mapper;
        this.timeout = timeout;
    }

    /**
     * Sends the parts from {@code first} (0-based) on, one message each, telling {@code sent} after each so a retry
     * resumes where this one stopped. Answers the last message id.
     */
    public String send(ChannelDefinition bot, String groupId, List<String> parts, int first, IntConsumer sent)
            throws DeliveryFailure {
        String token = null;
        String tokenEnv = bot.secretEnv().get("token");
        if (tokenEnv != null) {
            token = secrets.apply(tokenEnv);
            if (token == null || token.isBlank()) {
                throw new DeliveryFailure("QQ channel '" + bot.name() + "' has no access token: set " + tokenEnv, true);
            }
        }
        String messageId = null;
        for (int i = first; i < parts.size(); i++) {
            messageId = sendOne(bot, groupId, parts.get(i), token);
            sent.accept(i + 1);
        }
        return messageId;
    }

    private String sendOne(ChannelDefinition bot, String groupId, String text, String token) throws DeliveryFailure {
        String body = mapper.createObjectNode().put("group_id", Long.parseLong(groupId)).put("message", text)
                .put("auto_escape", true).toString();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(bot.url().replaceAll("/+$", "") + "/send_group_msg"))
                .timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new DeliveryFailure("cannot reach the QQ bot at " + bot.url() + ": " + e, false, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryFailure("interrupted while calling the QQ bot", false, e);
        }
        int status = response.statusCode();
        switch (status) {
            case 401, 403 -> throw new DeliveryFailure("the QQ bot refused the access token (" + status + ")", true);
            case 400, 404, 406 -> throw new DeliveryFailure("the QQ bot cannot take the request (" + status + "): "
                    + response.body(), true);
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
        throw new DeliveryFailure("the QQ bot could not send to group " + groupId + ": retcode " + answer.path("retcode").asText()
                + (answer.has("wording") ? " " + answer.path("wording").asText() : answer.has("msg") ? " " + answer.path("msg").asText() : ""),
                false);
    }
}
