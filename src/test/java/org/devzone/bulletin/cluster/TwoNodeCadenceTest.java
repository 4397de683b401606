package org.devzone.bulletin.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.apache.activemq.broker.BrokerService;
import org.devzone.bulletin.bulletin.Cadence;
import org.devzone.bulletin.cadence.Occurrence;
import org.devzone.bulletin.cadence.ScheduleRuntime;
import org.devzone.bulletin.testing.ConfigCopy;
import org.devzone.bulletin.testing.ExternalBroker;
import org.devzone.bulletin.testing.Postgres;
import org.devzone.bulletin.testing.RunningDispatcher;
import org.devzone.bulletin.testing.TestClock;
import org.devzone.bulletin.testing.ZoneDirectories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes on one PostgreSQL database and one broker, their cadences ticking at the same moments through 52 weeks
 * of an injected clock (2026 with its holidays and make-up working days): every occurrence gets exactly one
 * bulletin, whichever node wins it, and none is missed.
 */
class TwoNodeCadenceTest {

    @TempDir
    Path dir;

    @Test
    void fiftyTwoWeeksOnTwoNodesGiveExactlyOneBulletinPerOccurrence() throws Exception {
        TestClock clock = new TestClock(LocalDateTime.of(2026, 1, 5, 8, 0));
        Path config = ConfigCopy.into(dir.resolve("config"));
        ZoneDirectories.write(config.resolve("zones.yaml"), 3);
        int brokerPort = RunningDispatcher.freePort();
        BrokerService broker = ExternalBroker.start(brokerPort);
        try (Postgres postgres = Postgres.freshSchema()) {
            Map<String, String> shared = ExternalBroker.nodeSettings(postgres, brokerPort);
            try (RunningDispatcher a = RunningDispatcher.start(shared, clock, config);
                    RunningDispatcher b = RunningDispatcher.start(shared, clock, config)) {
                List<Cadence> cadences = List.of(a.bean("cadence", Cadence.class), b.bean("cadence", Cadence.class));
                List<Occurrence> planned = a.bean("scheduleRuntime", ScheduleRuntime.class)
                        .planner()
                        .between(LocalDate.of(2026, 1, 5), LocalDate.of(2027, 1, 3));
                CyclicBarrier together = new CyclicBarrier(2);
                for (Occurrence occurrence : planned) {
                    // A minute after it is due, both nodes tick at once.
                    clock.set(LocalDateTime.of(occurrence.date(), occurrence.time())
                            .plusMinutes(1));
                    List<CompletableFuture<Void>> ticks = new ArrayList<>();
                    for (Cadence cadence : cadences) {
                        ticks.add(CompletableFuture.runAsync(() -> {
                            try {
                                together.await();
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                            cadence.tick();
                        }));
                    }
                    CompletableFuture.allOf(ticks.toArray(CompletableFuture[]::new))
                            .join();
                }

                Map<String, Long> byStatus = counts(
                        postgres,
                        "SELECT status, COUNT(*) FROM bulletin WHERE kind = 'scheduled'" + " GROUP BY status");
                long keys = counts(postgres, "SELECT 'keys', COUNT(DISTINCT occurrence_key) FROM bulletin")
                        .get("keys");
                long moved = planned.stream().filter(Occurrence::moved).count();
                long provisional =
                        planned.stream().filter(Occurrence::provisional).count();
                System.out.printf(
                        "52 weeks on two nodes: %d occurrences planned (%d moved by holidays, %d provisional),"
                                + " bulletins %s, distinct occurrences %d%n",
                        planned.size(), moved, provisional, byStatus, keys);
                assertThat(planned).hasSizeGreaterThan(240);
                assertThat(moved).isPositive();
                assertThat(byStatus).containsExactly(Map.entry("published", (long) planned.size()));
                assertThat(keys).isEqualTo(planned.size());
            }
        } finally {
            broker.stop();
        }
    }

    private static Map<String, Long> counts(Postgres postgres, String query) throws Exception {
        try (Connection c = DriverManager.getConnection(Postgres.URL, Postgres.USER, "");
                Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + postgres.schema());
            Map<String, Long> counts = new HashMap<>();
            try (ResultSet rs = s.executeQuery(query)) {
                while (rs.next()) {
                    counts.put(rs.getString(1), rs.getLong(2));
                }
            }
            return counts;
        }
    }
}
