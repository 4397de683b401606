package org.devzone.bulletin.desk;

import static org.devzone.bulletin.desk.DeskView.MINUTES;
import static org.devzone.bulletin.desk.DeskView.blankToNull;
import static org.devzone.bulletin.desk.DeskView.channelLabel;
import static org.devzone.bulletin.desk.DeskView.pageNumber;
import static org.devzone.bulletin.desk.DeskView.query;
import static org.devzone.bulletin.desk.DeskView.redirect;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.devzone.bulletin.access.Access;
import org.devzone.bulletin.access.ApiToken;
import org.devzone.bulletin.delivery.Delivery;
import org.devzone.bulletin.platform.HttpRequests;
import org.devzone.bulletin.zone.Zone;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** 投递: what reached whom, a failure with its reason, and an admin's re-drive. */
public final class DeliveryPages {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryPages.class);

    private final DeskSources sources;
    private final DeskView view;

    DeliveryPages(DeskSources sources, DeskView view) {
        this.sources = sources;
        this.view = view;
    }

    /**
     * {@code GET /desk/deliveries}: what reached whom, newest first, filtered by bulletin, zone, channel and status; a
     * failed delivery with its reason.
     */
    public void deliveries(Exchange exchange) {
        Map<String, Object> model = view.common(exchange, "deliveries");
        String bulletin = query(exchange, "bulletin");
        String zone = query(exchange, "zone");
        String channel = query(exchange, "channel");
        String statusText = query(exchange, "status");
        Delivery.Status status = statusText == null
                ? null
                : Arrays.stream(Delivery.Status.values())
                        .filter(s -> s.wireName().equals(statusText))
                        .findFirst()
                        .orElse(null);
        int page = pageNumber(exchange);
        List<Map<String, Object>> rows = new ArrayList<>();
        ZoneId zoneId = sources.planner().get().schedule().timeZone();
        for (Delivery d : sources.deliveries().list(bulletin, zone, channel, status, page, 50)) {
            Map<String, Object> row = new HashMap<>();
            row.put("id", d.id());
            row.put("bulletin", d.bulletinId());
            row.put("zone", sources.zones().find(d.zoneId()).map(Zone::name).orElse(d.zoneId()));
            row.put("channel", channelLabel(d.channel()));
            row.put("address", d.address());
            row.put("status", d.status().wireName());
            row.put("statusLabel", DELIVERY_STATUS.get(d.status().wireName()));
            row.put("attempts", d.attempts());
            row.put("error", d.lastError() == null ? "" : d.lastError());
            OffsetDateTime at = d.sentAt() != null ? d.sentAt() : d.updatedAt();
            row.put("at", at == null ? "" : at.atZoneSameInstant(zoneId).format(MINUTES));
            rows.add(row);
        }
        model.put("rows", rows);
        model.put("page", page);
        model.put("more", rows.size() == 50);
        model.put("bulletin", bulletin == null ? "" : bulletin);
        model.put("zone", zone == null ? "" : zone);
        model.put("channel", channel == null ? "" : channel);
        model.put("status", status == null ? "" : status.wireName());
        model.put("statuses", DELIVERY_STATUS);
        Map<String, String> channels = new LinkedHashMap<>();
        for (String c : List.of("email", "qq", "wecom", "dingtalk", "feishu", "webhook")) {
            channels.put(c, channelLabel(c));
        }
        model.put("channels", channels);
        model.put("zones", DeskView.zoneChoices(sources.zones()));
        model.put("redriven", Optional.ofNullable(query(exchange, "redriven")).orElse(""));
        view.page(exchange, 200, "desk-deliveries.ftlh", model);
    }

    /**
     * {@code POST /desk/deliveries/redrive} (admins): the failed deliveries of the filter (a bulletin, a channel) are
     * sent again; sent ones never are.
     */
    public void redrive(Exchange exchange) {
        Map<String, List<String>> form = HttpRequests.form(exchange);
        String bulletin = blankToNull(form.getOrDefault("bulletin", List.of("")).get(0));
        String channel = blankToNull(form.getOrDefault("channel", List.of("")).get(0));
        int count = sources.redrive().redrive(bulletin, channel, Delivery.Status.DEAD);
        LOG.info(
                "{} failed deliveries re-driven on the desk by {} (bulletin {}, channel {})",
                count,
                exchange.getProperty(Access.TOKEN, ApiToken.class).name(),
                bulletin == null ? "any" : bulletin,
                channel == null ? "any" : channel);
        redirect(
                exchange,
                "/desk/deliveries?redriven=" + count
                        + (bulletin == null ? "" : "&bulletin=" + URLEncoder.encode(bulletin, StandardCharsets.UTF_8))
                        + (channel == null ? "" : "&channel=" + URLEncoder.encode(channel, StandardCharsets.UTF_8)));
    }

    private static final Map<String, String> DELIVERY_STATUS =
            Map.of("pending", "待发送", "sending", "发送中", "sent", "已发出", "retrying", "重试中", "dead", "失败");

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
