package org.devzone.bulletin;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.devzone.bulletin.platform.SetupWarning;
import org.devzone.bulletin.zone.ChannelDefinition;

/** What a configuration that starts still lacks: channels without their secrets, links zones cannot open. */
final class SetupWarnings {

    private SetupWarnings() {}

    /**
     * @param unconfigured the channels whose secrets are not set ({@code Channels.unconfigured}), with those variables
     * @param publicUrl {@code dispatcher.public-url}, possibly empty
     */
    static List<SetupWarning> of(
            LoadedConfig config, Map<ChannelDefinition, List<String>> unconfigured, String publicUrl, int httpPort) {
        List<SetupWarning> warnings = new ArrayList<>();
        unconfigured.forEach((channel, missing) -> warnings.add(new SetupWarning(
                channel.type().wireName() + " channel '" + channel.name() + "' is not configured (未配置): its zones get"
                        + " nothing on it until " + String.join(" and ", missing)
                        + (missing.size() == 1 ? " is" : " are")
                        + " set",
                channel.type().wireName() + " 渠道 " + channel.name() + " 未配置：设置 " + String.join("、", missing)
                        + " 并重启后才会发送，在此之前相关开发区不通过它接收（不算投递失败）。")));
        boolean linksGoOut = config.zones().zones().stream()
                .anyMatch(z -> !z.contacts().isEmpty() || !z.endpoints().isEmpty());
        if (linksGoOut && local(publicUrl)) {
            String shown = publicUrl.isBlank() ? "empty" : "'" + publicUrl + "'";
            warnings.add(new SetupWarning(
                    "dispatcher.public-url is " + shown + ": receipt links in mails and chat"
                            + " messages point at " + (publicUrl.isBlank() ? "http://localhost:" + httpPort : publicUrl)
                            + " and open only on this server; set it (DISPATCHER_PUBLIC_URL) to the address zones reach the"
                            + " dispatcher at",
                    "dispatcher.public-url " + (publicUrl.isBlank() ? "未设置" : "是本机地址 " + publicUrl)
                            + "：邮件和群消息里的签收链接只能在服务器本机打开，开发区无法签收。请设置为开发区能访问的地址。"));
        }
        return warnings;
    }

    /** Empty, or naming this machine (localhost, 127.0.0.0/8, ::1, 0.0.0.0). */
    static boolean local(String publicUrl) {
        if (publicUrl == null || publicUrl.isBlank()) {
            return true;
        }
        String host;
        try {
            host = URI.create(publicUrl.strip()).getHost();
        } catch (IllegalArgumentException e) {
            return false; // not for this warning to judge
        }
        if (host == null) {
            return false;
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.equals("localhost") || host.endsWith(".localhost")) {
            return true;
        }
        if (!host.matches("[0-9.]+|\\[?[0-9a-f:]+]?")) {
            return false; // a name: no lookup just to warn
        }
        try {
            InetAddress address = InetAddress.getByName(host.replace("[", "").replace("]", ""));
            return address.isLoopbackAddress() || address.isAnyLocalAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
