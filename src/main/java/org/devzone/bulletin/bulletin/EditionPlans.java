package org.devzone.bulletin.bulletin;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The editions of an assembled bulletin still to be written ({@code edition_plan}). The plan is committed with the
 * bulletin, in chunks of {@link #FIRST_CHUNK} zones, then twice as many each time up to {@link #ZONES_A_CHUNK}; the
 * editions are then written a chunk at a time, each chunk in
 * one transaction that also takes it off the plan, so a chunk is written once whoever writes it (the process that
 * fired the bulletin, or after its death the one that publishes it).
 */
final class EditionPlans {

    /**
     * Zones in the first chunk: its mails leave once its editions and deliveries are written (a chunk of 1,000 kept
     * the connections idle for the first tenth of a second), and each next chunk is written while the one before is
     * sent.
     */
    static final int FIRST_CHUNK = 200;

    /** The most zones a chunk. */
    static final int ZONES_A_CHUNK = 1000;

    private EditionPlans() {}

    /**
     * Plans the editions (zone to its notices, in order), a row a chunk, each with the notices among {@code taken}
     * (those the bulletin really took); a zone whose notices another bulletin took gets none. Returns the count.
     */
    static int plan(Connection c, String bulletinId, Map<String, List<String>> planned, List<String> taken)
            throws SQLException {
        Map<String, List<String>> editions = new LinkedHashMap<>();
        Set<String> carried = new HashSet<>(taken);
        planned.forEach((zone, notices) -> {
            List<String> kept = notices.stream().filter(carried::contains).toList();
            if (!kept.isEmpty() || notices.isEmpty()) {
                editions.put(zone, kept);
            }
        });
        try (PreparedStatement insert =
                c.prepareStatement("INSERT INTO edition_plan (bulletin_id, chunk, editions) VALUES (?, ?, ?)")) {
            List<Map.Entry<String, List<String>>> entries = new ArrayList<>(editions.entrySet());
            for (int from = 0, chunk = 0, size = FIRST_CHUNK; from < entries.size(); chunk++) {
                insert.setString(1, bulletinId);
                insert.setInt(2, chunk);
                insert.setString(3, encode(entries.subList(from, Math.min(entries.size(), from + size))));
                insert.addBatch();
                from += size;
                size = Math.min(ZONES_A_CHUNK, size * 2);
            }
            insert.executeBatch();
        }
        return editions.size();
    }

    /**
     * Writes the editions of the bulletin's next planned chunk and takes the chunk off the plan; empty when nothing is
     * left to write. A chunk another process took in the meantime is skipped.
     */
    static List<Bulletin.Edition> writeNext(Connection c, String bulletinId) throws SQLException {
        while (true) {
            int chunk;
            String encoded;
            try (PreparedStatement next = c.prepareStatement("SELECT chunk, editions FROM edition_plan"
                    + " WHERE bulletin_id = ? ORDER BY chunk FETCH FIRST 1 ROWS ONLY")) {
                next.setString(1, bulletinId);
                try (ResultSet rs = next.executeQuery()) {
                    if (!rs.next()) {
                        return List.of();
                    }
                    chunk = rs.getInt(1);
                    encoded = rs.getString(2);
                }
            }
            try (PreparedStatement take =
                    c.prepareStatement("DELETE FROM edition_plan WHERE bulletin_id = ? AND chunk = ?")) {
                take.setString(1, bulletinId);
                take.setInt(2, chunk);
                if (take.executeUpdate() == 1) {
                    return BulletinRows.insertEditions(c, bulletinId, decode(encoded));
                }
            }
        }
    }

    /** The first line the chunk's notice ids, then a line a zone: its id, a tab, its notices' positions. */
    static String encode(List<Map.Entry<String, List<String>>> editions) {
        List<String> notices = new ArrayList<>();
        StringBuilder zones = new StringBuilder();
        for (Map.Entry<String, List<String>> edition : editions) {
            zones.append('\n').append(checked(edition.getKey())).append('\t');
            for (int i = 0; i < edition.getValue().size(); i++) {
                String notice = checked(edition.getValue().get(i));
                int position = notices.indexOf(notice);
                if (position < 0) {
                    position = notices.size();
                    notices.add(notice);
                }
                zones.append(i == 0 ? "" : ",").append(position);
            }
        }
        return String.join(",", notices) + zones;
    }

    static Map<String, List<String>> decode(String encoded) {
        String[] lines = encoded.split("\n", -1);
        String[] notices = lines[0].isEmpty() ? new String[0] : lines[0].split(",");
        Map<String, List<String>> editions = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int tab = lines[i].indexOf('\t');
            List<String> ids = new ArrayList<>();
            if (tab + 1 < lines[i].length()) {
                for (String position : lines[i].substring(tab + 1).split(",")) {
                    ids.add(notices[Integer.parseInt(position)]);
                }
            }
            editions.put(lines[i].substring(0, tab), ids);
        }
        return editions;
    }

    /** Zone and notice ids are configuration keys and row ids; none holds the plan's separators. */
    private static String checked(String id) {
        if (id.isEmpty() || id.indexOf('\n') >= 0 || id.indexOf('\t') >= 0 || id.indexOf(',') >= 0) {
            throw new IllegalArgumentException("an id the edition plan cannot hold: '" + id + "'");
        }
        return id;
    }
}
