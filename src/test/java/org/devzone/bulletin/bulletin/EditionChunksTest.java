package org.devzone.bulletin.bulletin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.devzone.bulletin.platform.Database;
import org.devzone.bulletin.platform.Nodes;
import org.devzone.bulletin.testing.Http;
import org.devzone.bulletin.testing.Office;
import org.devzone.bulletin.testing.Postgres;
import org.devzone.bulletin.testing.RunningDispatcher;
import org.devzone.bulletin.testing.TestClock;
import org.devzone.bulletin.zone.ChannelsLoader;
import org.devzone.bulletin.zone.Contact;
import org.devzone.bulletin.zone.ZoneDirectoryLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A bulletin's editions are written a chunk of zones at a time after the bulletin itself is committed (so that the
 * first mails of a bulletin to thousands of zones leave while the rest are written): each zone's edition once, whoever
 * writes it, and a process killed midway leaves the rest for the next to write.
 */
class EditionChunksTest {

    private static final ZoneId OFFICE = ZoneId.of("Asia/Shanghai");

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"H2", "PostgreSQL"})
    void aBulletinTo2500ZonesIsWrittenInGrowingChunksOfAtMostAThousandEachZoneOnceWithTwoProcessesWriting(
            String database) throws Exception {
        try (Postgres postgres = database.equals("PostgreSQL") ? Postgres.freshSchema() : null;
                Database db = postgres == null
                        ? Database.open(
                                "jdbc:h2:mem:chunks-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", "", "", 4, dir)
                        : Database.open(Postgres.URL, Postgres.USER, "", postgres.schema(), 4, dir)) {
            Map<String, List<String>> editions = new LinkedHashMap<>();
            IntStream.rangeClosed(1, 2500).forEach(i -> editions.put("zone-" + i, List.of()));
            BulletinStore.Plan plan = new BulletinStore.Plan(
                    "friday-reminders@2026-11-27",
                    "friday-reminders",
                    LocalDate.of(2026, 11, 27),
                    Bulletin.Kind.SCHEDULED,
                    "manual",
                    false,
                    List.of(),
                    editions,
                    "{}");
            BulletinStore store = new BulletinStore(db.dataSource(), OFFICE, "test-node");
            Bulletin bulletin = store.create(plan, OffsetDateTime.now()).bulletin();

            assertThat(count(db.dataSource(), "SELECT COUNT(*) FROM edition")).isZero();
            assertThat(store.list(null, null, null, 1, 10).get(0).editionCount())
                    .isEqualTo(2500);

            // Two processes finishing the same bulletin at once: each chunk is written by one of them.
            List<Integer> chunks = Collections.synchronizedList(new ArrayList<>());
            Runnable writer = () -> {
                for (List<Bulletin.Edition> chunk = store.writeEditions(bulletin.id());
                        !chunk.isEmpty();
                        chunk = store.writeEditions(bulletin.id())) {
                    chunks.add(chunk.size());
                }
            };
            ExecutorService two = Executors.newFixedThreadPool(2);
            try {
                CompletableFuture.allOf(
                                CompletableFuture.runAsync(writer, two), CompletableFuture.runAsync(writer, two))
                        .get();
            } finally {
                two.shutdown();
            }

            assertThat(chunks).containsExactlyInAnyOrder(200, 400, 800, 1000, 100);
            assertThat(count(db.dataSource(), "SELECT COUNT(DISTINCT zone_id) FROM edition"))
                    .isEqualTo(count(db.dataSource(), "SELECT COUNT(*) FROM edition"))
                    .isEqualTo(2500);
            assertThat(count(db.dataSource(), "SELECT COUNT(*) FROM edition_plan"))
                    .isZero();
            assertThat(store.find(bulletin.id()).orElseThrow().editions())
                    .extracting(Bulletin.Edition::zoneId)
                    .containsExactlyInAnyOrderElementsOf(editions.keySet());
        }
    }

    /** As `kill -9` leaves it after writing some editions: the sweep of another process writes the rest and sends. */
    @Test
    void aBulletinLeftHalfWrittenByAProcessThatDiedIsFinishedByAnotherAndEachMailGoesOnce() throws Exception {
        TestClock clock = new TestClock(LocalDateTime.of(2026, 11, 20, 14, 0));
        List<String> addresses = ZoneDirectoryLoader.load(
                        Path.of("config/zones.yaml"), ChannelsLoader.load(Path.of("config/channels.yaml")))
                .zones()
                .stream()
                .flatMap(z -> z.contacts().stream())
                .map(Contact::email)
                .toList();
        try (Postgres postgres = Postgres.freshSchema();
                RunningDispatcher dispatcher = RunningDispatcher.start(
                        Map.of(
                                "dispatcher.db.url", Postgres.URL,
                                "dispatcher.db.user", Postgres.USER,
                                "dispatcher.db.schema", postgres.schema(),
                                "dispatcher.cadence.enabled", "false",
                                "dispatcher.cadence.urgent-sweep-ms", "3600000",
                                "dispatcher.delivery.sweep-ms", "3600000",
                                "dispatcher.node.dead-after-ms", "1"),
                        clock)) {
            Http http = dispatcher.http();
            Office office = new Office(http);
            office.queue("reminder", "请于周五前报送统计表", "{\"all\": true}", "\"body\": \"按时报送。\"");
            String bulletin = office.fire("friday-reminders");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> dispatcher.mail().getReceivedMessages().length == addresses.size());

            // As a process killed after writing the first five zones' editions leaves it: the rest still planned, no
            // delivery recorded, the bulletin assembled by a process that no longer reports.
            DataSource db = dispatcher.bean("dataSource", DataSource.class);
            update(
                    db,
                    "INSERT INTO dispatcher_node (id, host, started_at, seen_at) VALUES ('killed', 'b',"
                            + " CURRENT_TIMESTAMP - INTERVAL '2' HOUR, CURRENT_TIMESTAMP - INTERVAL '1' HOUR)");
            halfWritten(db, bulletin, 5, "killed");
            dispatcher.mail().purgeEmailFromAllMailboxes();

            dispatcher.context().createProducerTemplate().sendBody("direct:delivery-sweep", null);

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> dispatcher.mail().getReceivedMessages().length >= addresses.size());
            assertThat(addresses)
                    .allSatisfy(a ->
                            assertThat(dispatcher.mailTo(a)).as("mails to " + a).hasSize(1));
            assertThat(http.get("/api/bulletins/" + bulletin)
                            .json()
                            .get("status")
                            .asText())
                    .isEqualTo("published");
            assertThat(http.get("/api/bulletins/" + bulletin).json().get("editions"))
                    .hasSize(20);
            assertThat(count(db, "SELECT COUNT(*) FROM edition_plan")).isZero();
        }
    }

    /**
     * As a live process leaves a bulletin when writing its editions failed midway (the database went away for a
     * moment): no one publishes it while it may still be under way; ten minutes on, the sweep does.
     */
    @Test
    void aBulletinWhoseEditionsFailedMidwayInALiveProcessIsFinishedByTheSweepTenMinutesOn() throws Exception {
        TestClock clock = new TestClock(LocalDateTime.of(2026, 11, 20, 14, 0));
        try (RunningDispatcher dispatcher = RunningDispatcher.start(
                RunningDispatcher.byHand(Map.of("dispatcher.delivery.sweep-ms", "3600000")), clock)) {
            Http http = dispatcher.http();
            Office office = new Office(http);
            office.queue(
                    "reminder",
                    "请于周五前报送统计表",
                    "{\"zones\": [\"dongzhou-port\", \"xiling-agri\"]}",
                    "\"body\": \"按时报送。\"");
            String bulletin = office.fire("friday-reminders");
            await().atMost(Duration.ofSeconds(20)).until(() -> dispatcher.mail().getReceivedMessages().length == 2);
            DataSource db = dispatcher.bean("dataSource", DataSource.class);
            halfWritten(db, bulletin, 1, dispatcher.bean("nodes", Nodes.class).id());
            dispatcher.mail().purgeEmailFromAllMailboxes();

            clock.set(LocalDateTime.of(2026, 11, 20, 14, 9));
            dispatcher.context().createProducerTemplate().sendBody("direct:delivery-sweep", null);
            assertThat(http.get("/api/bulletins/" + bulletin)
                            .json()
                            .get("status")
                            .asText())
                    .isEqualTo("assembled");

            clock.set(LocalDateTime.of(2026, 11, 20, 14, 11));
            dispatcher.context().createProducerTemplate().sendBody("direct:delivery-sweep", null);
            await().atMost(Duration.ofSeconds(20)).until(() -> dispatcher.mail().getReceivedMessages().length == 2);
            assertThat(dispatcher.mailTo("wang.haiyan@dongzhou-port.example.org"))
                    .hasSize(1);
            assertThat(dispatcher.mailTo("ma.xiaodong@xiling-agri.example.org")).hasSize(1);
            assertThat(http.get("/api/bulletins/" + bulletin)
                            .json()
                            .get("status")
                            .asText())
                    .isEqualTo("published");
        }
    }

    /**
     * Keeps the first {@code kept} editions; the others go back to the plan, as one chunk; no delivery is left; the
     * bulletin assembled by {@code node}.
     */
    private static void halfWritten(DataSource db, String bulletin, int kept, String node) throws Exception {
        try (Connection c = db.getConnection();
                Statement s = c.createStatement()) {
            List<String> zones = new ArrayList<>();
            String notice;
            try (ResultSet rs = s.executeQuery("SELECT e.zone_id, n.notice_id FROM edition e"
                    + " JOIN edition_notice n ON n.edition_id = e.id WHERE e.bulletin_id = '" + bulletin
                    + "' ORDER BY e.id")) {
                notice = null;
                while (rs.next()) {
                    zones.add(rs.getString(1));
                    notice = rs.getString(2);
                }
            }

            s.executeUpdate("DELETE FROM delivery WHERE bulletin_id = '" + bulletin + "'");
            StringBuilder plan = new StringBuilder(notice);
            for (String zone : zones.subList(kept, zones.size())) {
                plan.append('\n').append(zone).append("\t0");
                String edition =
                        "(SELECT id FROM edition WHERE bulletin_id = '" + bulletin + "' AND zone_id = '" + zone + "')";
                s.executeUpdate("DELETE FROM edition_notice WHERE edition_id = " + edition);
                s.executeUpdate(
                        "DELETE FROM edition WHERE bulletin_id = '" + bulletin + "' AND zone_id = '" + zone + "'");
            }
            try (PreparedStatement insert =
                    c.prepareStatement("INSERT INTO edition_plan (bulletin_id, chunk, editions) VALUES (?, 1, ?)")) {
                insert.setString(1, bulletin);
                insert.setString(2, plan.toString());
                insert.executeUpdate();
            }
            s.executeUpdate("UPDATE bulletin SET status = 'assembled', published_at = NULL, handed_over_at = NULL,"
                    + " assembled_by = '" + node + "' WHERE id = '" + bulletin + "'");
            s.executeUpdate("UPDATE notice SET status = 'scheduled'"
                    + " WHERE id IN (SELECT notice_id FROM bulletin_notice WHERE bulletin_id = '" + bulletin + "')");
        }
    }

    private static void update(DataSource db, String sql) throws Exception {
        try (Connection c = db.getConnection();
                Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        }
    }

    private static long count(DataSource db, String sql) throws Exception {
        try (Connection c = db.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
