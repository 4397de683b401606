package org.devzone.bulletin.zone;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.devzone.bulletin.config.ConfigMap;
import org.devzone.bulletin.config.ConfigNode;
import org.devzone.bulletin.config.ConfigProblems;

/** Reads {@code channels.yaml}: one section per channel type, one named entry per robot or bot connection. */
public final class ChannelsLoader {

    static final Pattern ENV_NAME = Pattern.compile("[A-Z_][A-Z0-9_]*");

    /** Per type: its fields, which secret roles it has (role -> field), which are required, and its default URL. */
    private record Shape(
            String defaultUrl,
            Map<String, String> secretFields,
            Set<String> requiredSecrets,
            boolean keywords,
            List<RateLimit> defaultRates) {}

    /** The providers' published limits per robot. */
    private static final List<RateLimit> TWENTY_A_MINUTE = List.of(new RateLimit(20, Duration.ofMinutes(1)));

    private static final Map<ChannelType, Shape> SHAPES = Map.of(
            ChannelType.QQ, new Shape(null, Map.of("token", "token-env"), Set.of(), false, List.of()),
            ChannelType.WECOM,
                    new Shape(
                            "https://qyapi.weixin.qq.com/cgi-bin/webhook/send",
                            Map.of("key", "key-env"),
                            Set.of("key"),
                            false,
                            TWENTY_A_MINUTE),
            ChannelType.DINGTALK,
                    new Shape(
                            "https://oapi.dingtalk.com/robot/send",
                            Map.of("token", "token-env", "secret", "secret-env"),
                            Set.of("token"),
                            true,
                            TWENTY_A_MINUTE),
            ChannelType.FEISHU,
                    new Shape(
                            "https://open.feishu.cn/open-apis/bot/v2/hook/",
                            Map.of("hook", "hook-env", "secret", "secret-env"),
                            Set.of("hook"),
                            true,
                            List.of(
                                    new RateLimit(5, Duration.ofSeconds(1)),
                                    new RateLimit(100, Duration.ofMinutes(1)))),
            ChannelType.WEBHOOK, new Shape(null, Map.of("secret", "secret-env"), Set.of(), false, List.of()));

    private ChannelsLoader() {}

    /** A missing file means no messaging channels: zones are then reached by email only. */
    public static Channels load(Path file) {
        if (!Files.exists(file)) {
            return new Channels(List.of());
        }
        ConfigNode root = ConfigNode.read(file);
        ConfigProblems problems = new ConfigProblems();
        List<ChannelDefinition> definitions = new ArrayList<>();
        if (!root.isMapping()) {
            problems.add(root, "expected sections " + String.join(", ", ChannelType.BY_NAME.keySet()));
        }
        for (Map.Entry<String, ConfigNode> section :
                root.entries(problems, "channels", ChannelType.BY_NAME.keySet()).entrySet()) {
            ChannelType type = ChannelType.BY_NAME.get(section.getKey());
            if (type == null) {
                continue;
            }
            ConfigNode body = section.getValue();
            if (body.isScalar() && body.text().isEmpty()) {
                continue;
            }
            if (!body.isMapping()) {
                problems.add(body, type.wireName() + ": expected named channels, for example 'office-bot:'");
                continue;
            }
            for (Map.Entry<String, ConfigNode> named : body.entries(problems).entrySet()) {
                definitions.add(read(type, named.getKey(), named.getValue(), problems));
            }
        }
        problems.throwIfAny();
        return new Channels(definitions);
    }

    private static ChannelDefinition read(ChannelType type, String name, ConfigNode node, ConfigProblems problems) {
        Shape shape = SHAPES.get(type);
        String owner = type.wireName() + " channel '" + name + "'";
        if (!ConfigMap.SLUG.matcher(name).matches()) {
            problems.add(node, owner + ": the name must be a lower-case slug (letters, digits, '-')");
        }
        List<String> allowed = new ArrayList<>();
        allowed.add("url");
        allowed.add("rate");
        allowed.addAll(shape.secretFields().values());
        if (shape.keywords()) {
            allowed.add("keywords");
        }
        ConfigMap fields = new ConfigMap(node, owner, problems, allowed);
        String url = fields.optionalText("url").orElse(shape.defaultUrl());
        if (url == null) {
            fields.problem("url", "is required");
            url = "";
        } else if (!isHttpUrl(url)) {
            fields.problem("url", "'" + url + "' is not an http(s) URL");
        }
        Map<String, String> secretEnv = new LinkedHashMap<>();
        for (Map.Entry<String, String> secret : shape.secretFields().entrySet()) {
            String field = secret.getValue();
            if (shape.requiredSecrets().contains(secret.getKey())) {
                secretEnv.put(
                        secret.getKey(),
                        fields.requiredText(field, ENV_NAME, "an environment variable name (A-Z, 0-9, _)"));
            } else {
                fields.optionalText(field).ifPresent(env -> {
                    if (!ENV_NAME.matcher(env).matches()) {
                        fields.problem(field, "'" + env + "' is not an environment variable name (A-Z, 0-9, _)");
                    }
                    secretEnv.put(secret.getKey(), env);
                });
            }
        }
        List<String> keywords = shape.keywords() ? fields.textList("keywords") : List.of();
        return new ChannelDefinition(type, name, url, secretEnv, keywords, rates(fields, shape.defaultRates()));
    }

    /** {@code rate: 20/min}, {@code rate: [5/s, 100/min]}, or {@code rate: none}; the provider's limit when absent. */
    private static List<RateLimit> rates(ConfigMap fields, List<RateLimit> defaults) {
        if (fields.get("rate").isEmpty()) {
            return defaults;
        }
        ConfigNode node = fields.get("rate").get();
        List<String> texts = node.isScalar() ? node.text().stream().toList() : fields.textList("rate");
        if (texts.equals(List.of("none"))) {
            return List.of();
        }
        List<RateLimit> rates = new ArrayList<>();
        for (String text : texts) {
            RateLimit.parse(text)
                    .ifPresentOrElse(
                            rates::add,
                            () -> fields.problem(
                                    "rate", "'" + text + "' is not a rate such as 20/min, 5/s or 3/2s (or none)"));
        }
        return rates;
    }

    private static boolean isHttpUrl(String text) {
        try {
            URI uri = new URI(text);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
