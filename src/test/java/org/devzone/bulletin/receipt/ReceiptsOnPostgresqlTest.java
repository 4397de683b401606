package org.devzone.bulletin.receipt;

import java.util.Map;
import org.devzone.bulletin.testing.Postgres;
import org.junit.jupiter.api.AfterEach;

/** The receipt tests on the machine's PostgreSQL: the same queries and the same "first signature wins". */
class ReceiptsOnPostgresqlTest extends ReceiptsTest {

    private Postgres postgres;

    @Override
    Map<String, String> database() {
        postgres = Postgres.freshSchema();
        return Map.of(
                "dispatcher.db.url",
                Postgres.URL,
                "dispatcher.db.user",
                Postgres.USER,
                "dispatcher.db.schema",
                postgres.schema());
    }

    @Override
    @AfterEach
    void shutDown() {
        super.shutDown();
        postgres.close();
    }
}
