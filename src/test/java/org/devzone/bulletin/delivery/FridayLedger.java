package org.devzone.bulletin.delivery;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.devzone.bulletin.bulletin.Bulletin;
import org.devzone.bulletin.bulletin.BulletinStore;
import org.devzone.bulletin.platform.Database;
import org.devzone.bulletin.testing.Postgres;

/**
 * A ledger of its own (in-memory H2 or a fresh PostgreSQL schema, the real migrations) holding the Friday bulletin of 2026-11-27 as fired, with an
 * empty edition for each zone given: what a fan-out and the sending steps start from, without a running dispatcher.
 */
final class FridayLedger implements AutoCloseable {

    static final ZoneId OFFICE = ZoneId.of("Asia/Shanghai");

    /** The Friday slot's hour, 15:00 in the office. */
    final Clock clock = Clock.fixed(Instant.parse("2026-11-27T07:00:00Z"), OFFICE);

    final Database database;

    FridayLedger(Path dir) {
        database = Database.open("jdbc:h2:mem:ledger-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", "", "", 2, dir);
    }

    /** The same ledger in a fresh schema of the machine's PostgreSQL. */
    FridayLedger(Path dir, Postgres postgres) {
        database = Database.open(Postgres.URL, Postgres.USER, "", postgres.schema(), 2, dir);
    }

    /** The bulletin, fired by hand, with one edition for each of {@code zoneIds}. */
    Bulletin fire(Bulletin.Kind kind, List<String> zoneIds) {
        Map<String, List<String>> editions = new LinkedHashMap<>();
        zoneIds.forEach(z -> editions.put(z, List.of()));
        LocalDate date = LocalDate.of(2026, 11, 27);
        BulletinStore store = new BulletinStore(database.dataSource(), OFFICE, "test-node");
        Bulletin bulletin = store.create(
                        new BulletinStore.Plan(
                                "friday-reminders@" + date,
                                "friday-reminders",
                                date,
                                kind,
                                "manual",
                                false,
                                List.of(),
                                editions,
                                "{}"),
                        OffsetDateTime.now(clock))
                .bulletin();
        while (!store.writeEditions(bulletin.id()).isEmpty()) {
            // the editions, a chunk at a time
        }
        return store.find(bulletin.id()).orElseThrow();
    }

    DeliveryStore deliveries() {
        return new DeliveryStore(database.dataSource(), OFFICE);
    }

    @Override
    public void close() {
        database.close();
    }
}
