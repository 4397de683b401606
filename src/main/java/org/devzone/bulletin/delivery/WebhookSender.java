package org.devzone.bulletin.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.devzone.bulletin.notice.Notice;
import org.devzone.bulletin.zone.ChannelDefinition;

/**
 * The generic webhook: the edition as JSON (with the chat Markdown) POSTed to the configured URL. When the channel has
 * a secret, {@code X-Bulletin-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>} and
 * {@code X-Bulletin-Timestamp} let the receiver check it; {@code X-Bulletin-Delivery} lets it drop a repeat.
 */
public final class WebhookSender {

    private final ChannelHttp http;
    private final ObjectMapper mapper;
    private final Clock clock;

    /** @param secrets resolves the environment variable a channel names to its value, or null */
    public WebhookSender(UnaryOperator<String> secrets, ObjectMapper mapper, Clock clock, Duration timeout) {
        this.http = new ChannelHttp(secrets, timeout);
        this.mapper = mapper;
        this.clock = clock;
    }

    /** Sends, and answers the receiver's id for the message if it gave one. */
    public String send(
            ChannelDefinition channel,
            String deliveryId,
            String bulletinId,
            EditionTemplates.Edition edition,
            String markdown)
            throws DeliveryFailure {
        String body = payload(deliveryId, bulletinId, edition, markdown);
        long timestamp = clock.instant().getEpochSecond();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Bulletin-Delivery", deliveryId);
        headers.put("X-Bulletin-Timestamp", String.valueOf(timestamp));
        String secret = http.secret(channel, "secret", "webhook channel '" + channel.name() + "' has no secret");
        if (secret != null) {
            headers.put("X-Bulletin-Signature", "sha256=" + sign(secret, timestamp + "." + body));
        }
        HttpResponse<String> response =
                http.postJson(URI.create(channel.url()), body, headers, "the webhook " + channel.url(), "the webhook");
        int status = response.statusCode();
        String answer = ChannelHttp.abbreviate(response.body());
        if (status == 408 || status == 425 || status == 429 || status >= 500) {
            throw new DeliveryFailure("the webhook answered " + status + " (will retry): " + answer, false);
        }
        if (status >= 300) {
            throw new DeliveryFailure("the webhook refused the message with " + status + ": " + answer, true);
        }
        JsonNode json = parse(response.body());
        JsonNode code = json.has("code") ? json.get("code") : json.get("errcode");
        if (code != null && code.asInt(0) != 0) {
            throw new DeliveryFailure(
                    "the webhook answered " + status + " with code " + code.asText() + ": " + answer, false);
        }
        JsonNode id = json.has("id") ? json.get("id") : json.get("message_id");
        return id == null ? null : id.asText();
    }

    /** HMAC-SHA256 of the data with the secret, hex. */
    static String sign(String secret, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private String payload(String deliveryId, String bulletinId, EditionTemplates.Edition e, String markdown) {
        ObjectNode root = mapper.createObjectNode();
        root.put("v", 1);
        root.put("delivery", deliveryId);
        root.put("bulletin", bulletinId);
        root.put("office", e.officeName());
        root.put("slot", e.slotId());
        root.put("slotName", e.slotName());
        root.put("date", e.date().toString());
        root.put("urgent", e.urgent());
        root.putObject("zone").put("id", e.zoneId()).put("name", e.zoneName());
        root.put("markdown", markdown);
        ArrayNode notices = root.putArray("notices");
        for (Notice n : e.notices()) {
            ObjectNode notice = notices.addObject()
                    .put("id", n.id())
                    .put("category", n.category().wireName())
                    .put("title", n.title())
                    .put("priority", n.priority().wireName())
                    .put("requiresReceipt", n.requiresReceipt());
            notice.put(
                    "receiptDeadline",
                    n.receiptDeadline() == null ? null : n.receiptDeadline().toString());
        }
        return root.toString();
    }

    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return mapper.createObjectNode();
        }
        try {
            JsonNode json = mapper.readTree(body);
            return json.isObject() ? json : mapper.createObjectNode();
        } catch (IOException e) {
            return mapper.createObjectNode();
        }
    }
}
