package org.devzone.bulletin.cluster;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.devzone.bulletin.testing.Postgres;
import org.devzone.bulletin.testing.RunningDispatcher;
import org.junit.jupiter.api.Test;

/** Several nodes need shared parts: a node configured for a cluster on the embedded ones refuses to start, and says why. */
class ClusterSettingsTest {

    @Test
    void aClusterNodeOnTheEmbeddedDatabaseAndBrokerRefusesToStartNamingWhatToSet() {
        assertThatThrownBy(() -> RunningDispatcher.start(Map.of("dispatcher.cluster.enabled", "true"))
                        .close())
                .hasMessageContaining("dispatcher.cluster.enabled=true")
                .hasMessageContaining("dispatcher.db.url (jdbc:postgresql://...)")
                .hasMessageContaining("the database is the embedded H2 one")
                .hasMessageContaining("the broker is the embedded one");
    }

    @Test
    void aClusterNodeWithoutTheSharedReceiptSecretRefusesToStart() {
        assertThatThrownBy(() -> RunningDispatcher.start(Map.of(
                                "dispatcher.cluster.enabled",
                                "true",
                                "dispatcher.db.url",
                                Postgres.URL,
                                "dispatcher.db.user",
                                Postgres.USER,
                                "dispatcher.broker.url",
                                "tcp://127.0.0.1:1"))
                        .close())
                .hasMessageContaining(
                        "set the same dispatcher.receipts.secret (DISPATCHER_RECEIPTS_SECRET) on all of them");
    }
}
