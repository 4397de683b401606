package org.devzone.bulletin.receipt;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.devzone.bulletin.zone.Zone;
import org.devzone.bulletin.zone.ZoneDirectory;

/**
 * Who has signed for what, as staff read it: documents sent in the last four weeks (and older ones not yet signed by
 * everyone) across, zones down, overdue zones first. Shared by the Monday receipt report and the status page.
 */
public final class ReceiptMatrix {

    public static final String SIGNED = "已签收";
    public static final String OVERDUE = "逾期";
    public static final String PENDING = "未签收";
    public static final String NOT_SENT = "—";

    /** How far back documents are read, and after how many days a fully signed one drops out. */
    private static final int LOOK_BACK_DAYS = 90;

    private static final int KEEP_SIGNED_DAYS = 28;

    private ReceiptMatrix() {}

    /** The matrix as of {@code today}, as a template model: documents, zones, overdueZones, pendingZones. */
    public static Map<String, Object> of(ReceiptStore store, ZoneDirectory zones, LocalDate today) {
        Map<String, List<ReceiptStore.Row>> byNotice = new LinkedHashMap<>();
        store.sentSince(today.minusDays(LOOK_BACK_DAYS))
                .forEach(r -> byNotice.computeIfAbsent(r.noticeId(), k -> new ArrayList<>())
                        .add(r));
        byNotice.values()
                .removeIf(rows -> rows.get(0).sentOn().isBefore(today.minusDays(KEEP_SIGNED_DAYS))
                        && rows.stream().allMatch(r -> r.signedAt() != null));
        List<Map<String, Object>> documents = new ArrayList<>();
        Map<String, Map<String, String>> cells = new LinkedHashMap<>();
        for (List<ReceiptStore.Row> rows : byNotice.values()) {
            ReceiptStore.Row first = rows.get(0);
            Map<String, Object> document = new HashMap<>();
            document.put("id", first.noticeId());
            document.put("title", first.title());
            if (first.deadline() != null) {
                document.put("deadline", first.deadline().toString());
            }
            document.put(
                    "signed", rows.stream().filter(r -> r.signedAt() != null).count());
            document.put("total", rows.size());
            documents.add(document);
            for (ReceiptStore.Row r : rows) {
                String cell = r.signedAt() != null
                        ? SIGNED + " " + r.signedAt().toLocalDate().toString().substring(5)
                        : r.deadline() != null && r.deadline().isBefore(today) ? OVERDUE : PENDING;
                cells.computeIfAbsent(r.zoneId(), k -> new HashMap<>()).put(first.noticeId(), cell);
            }
        }
        List<Map<String, Object>> zoneRows = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> zone : cells.entrySet()) {
            Map<String, Object> row = new HashMap<>();
            row.put("id", zone.getKey());
            row.put("name", zones.find(zone.getKey()).map(Zone::name).orElse(zone.getKey()));
            List<String> line = byNotice.keySet().stream()
                    .map(n -> zone.getValue().getOrDefault(n, NOT_SENT))
                    .toList();
            row.put("cells", line);
            row.put("overdue", line.stream().filter(OVERDUE::equals).count());
            row.put(
                    "pending",
                    line.stream()
                            .filter(c -> c.equals(OVERDUE) || c.equals(PENDING))
                            .count());
            zoneRows.add(row);
        }
        zoneRows.sort(Comparator.comparing((Map<String, Object> r) -> -(long) r.get("overdue"))
                .thenComparing(r -> -(long) r.get("pending"))
                .thenComparing(r -> (String) r.get("name")));
        Map<String, Object> model = new HashMap<>();
        model.put("documents", documents);
        model.put("zones", zoneRows);
        model.put(
                "overdueZones",
                zoneRows.stream().filter(r -> (long) r.get("overdue") > 0).count());
        model.put(
                "pendingZones",
                zoneRows.stream().filter(r -> (long) r.get("pending") > 0).count());
        return model;
    }
}
