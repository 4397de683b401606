package org.devzone.bulletin.delivery;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.devzone.bulletin.zone.ChannelDefinition;

/**
 * What every HTTP channel (webhooks, chat robots) shares: a JSON POST whose network failures are transient, and the
 * channel's secrets, read from the environment variables its definition names.
 */
final class ChannelHttp {

    private final HttpClient http;
    private final UnaryOperator<String> secrets;
    private final Duration timeout;

    /** @param secrets resolves the environment variable a channel names to its value, or null */
    ChannelHttp(UnaryOperator<String> secrets, Duration timeout) {
        // Each exchange's steps run where they become ready (the caller, or the client's selector thread) rather than
        // being handed to a pool thread each: the callers block for the answer anyway, and the hand-offs were a tenth
        // of the CPU of a chat fan-out. Nothing the client runs there blocks (the body is read into a string).
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .executor(Runnable::run)
                .build();
        this.secrets = secrets;
        this.timeout = timeout;
    }

    /**
     * The secret a channel names for a role, or null when it names none.
     *
     * @param missing what to say when the variable is named but not set, for example
     *     {@code "QQ channel 'office-qq' has no access token"}
     * @throws DeliveryFailure (permanent) when the variable is named but not set
     */
    String secret(ChannelDefinition channel, String role, String missing) throws DeliveryFailure {
        String variable = channel.secretEnv().get(role);
        if (variable == null) {
            return null;
        }
        String value = secrets.apply(variable);
        if (value == null || value.isBlank()) {
            throw new DeliveryFailure(missing + ": set " + variable, true);
        }
        return value;
    }

    /** A peer's answer on one line, cut to 300 characters, for a reason a person reads. */
    static String abbreviate(String text) {
        String oneLine = text == null ? "" : text.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 297) + "...";
    }

    /**
     * POSTs JSON. Not reaching the peer (or being interrupted) is a transient failure; what the peer answered is the
     * caller's to judge.
     *
     * @param where the peer with its address, for "cannot reach ..."
     * @param who the peer, for "interrupted while calling ..."
     */
    HttpResponse<String> postJson(URI uri, String json, Map<String, String> headers, String where, String who)
            throws DeliveryFailure {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        headers.forEach(request::header);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new DeliveryFailure("cannot reach " + where + ": " + e, false, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryFailure("interrupted while calling " + who, false, e);
        }
    }
}
