package org.devzone.bulletin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.jms.Connection;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.time.Duration;
import java.util.Map;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.activemq.broker.BrokerService;
import org.devzone.bulletin.testing.ExternalBroker;
import org.devzone.bulletin.testing.Http;
import org.devzone.bulletin.testing.Notices;
import org.devzone.bulletin.testing.RunningDispatcher;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher on an external ActiveMQ broker that stops and comes back: health and the status page say so while it
 * is away, and once it is back the dispatcher is ready again and takes notices over JMS as before.
 */
class BrokerOutageTest {

    @Test
    void healthTurnsDownWhileTheBrokerIsAwayAndUpWhenItReturns() throws Exception {
        int port = RunningDispatcher.freePort();
        BrokerService broker = ExternalBroker.start(port);
        try (RunningDispatcher dispatcher = RunningDispatcher.start(Map.of(
                "dispatcher.broker.url", "tcp://127.0.0.1:" + port + "?wireFormat.maxInactivityDuration=5000"))) {
            assertThat(status(dispatcher, "broker")).isEqualTo("UP");
            assertThat(ready(dispatcher)).isEqualTo("UP");

            broker.stop();
            broker.waitUntilStopped();

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> status(dispatcher, "broker").equals("DOWN"));
            assertThat(dispatcher.healthCheck("broker").get("message").asText())
                    .contains("cannot be reached")
                    .contains("tcp://127.0.0.1:" + port);
            assertThat(ready(dispatcher)).isEqualTo("DOWN");
            Http.Reply page = dispatcher.http().signedIn("dev-admin-token").get("/");
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).contains("<strong>消息队列（ActiveMQ）</strong>");

            broker = ExternalBroker.start(port);

            await().atMost(Duration.ofSeconds(60))
                    .until(() -> status(dispatcher, "broker").equals("UP"));
            await().atMost(Duration.ofSeconds(60)).until(() -> ready(dispatcher).equals("UP"));
            // The JMS intake has reconnected: a notice sent to the broker is stored.
            send(port, Notices.valid("消息队列恢复之后经 JMS 送达"));
            Http http = dispatcher.http();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> http.get("/api/notices?size=200")
                            .json()
                            .get("items")
                            .findValuesAsText("title")
                            .contains("消息队列恢复之后经 JMS 送达"));
        } finally {
            broker.stop();
            broker.waitUntilStopped();
        }
    }

    @Test
    void withAFailoverUrlHealthStillAnswersWhileTheBrokerIsAwayAndTurnsUpWhenItReturns() throws Exception {
        int port = RunningDispatcher.freePort();
        BrokerService broker = ExternalBroker.start(port);
        try (RunningDispatcher dispatcher = RunningDispatcher.start(Map.of(
                "dispatcher.broker.url",
                "failover:(tcp://127.0.0.1:" + port + ")?initialReconnectDelay=100&maxReconnectDelay=1000"))) {
            assertThat(status(dispatcher, "broker")).isEqualTo("UP");

            broker.stop();
            broker.waitUntilStopped();

            // A failover client waits for the broker rather than failing: health must not wait with it.
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> status(dispatcher, "broker").equals("DOWN"));
            long asked = System.nanoTime();
            String message = dispatcher.healthCheck("broker").get("message").asText();
            assertThat(Duration.ofNanos(System.nanoTime() - asked)).isLessThan(Duration.ofSeconds(10));
            assertThat(message).containsAnyOf("did not answer within 3 s", "has not answered for more than 3 s");

            broker = ExternalBroker.start(port);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> status(dispatcher, "broker").equals("UP"));
        } finally {
            broker.stop();
            broker.waitUntilStopped();
        }
    }

    private static void send(int port, String text) throws Exception {
        var factory = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + port);
        try (Connection connection = factory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            try (MessageProducer producer = session.createProducer(session.createQueue("bulletin.notices"))) {
                producer.send(session.createTextMessage(text));
            }
        }
    }

    private static String status(RunningDispatcher dispatcher, String check) {
        return dispatcher.healthCheck(check).get("status").asText();
    }

    private static String ready(RunningDispatcher dispatcher) {
        return dispatcher
                .management()
                .get("/observe/health/ready")
                .json()
                .get("status")
                .asText();
    }
}
