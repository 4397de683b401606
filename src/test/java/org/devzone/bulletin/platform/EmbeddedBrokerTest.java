package org.devzone.bulletin.platform;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.nio.file.Path;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.activemq.broker.BrokerRegistry;
import org.apache.activemq.broker.TransportConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded broker's in-JVM connector. Left to the vm:// transport, a connector was made for the first client and
 * disposed of with the last, looked up by the broker's name alone; under load a client closing as the last one while
 * another connected disposed of the new client's connector, and from then on every connection the dispatcher made was
 * closed within milliseconds (the bench saw it in about one start in seven).
 */
class EmbeddedBrokerTest {

    @TempDir
    Path dir;

    @Test
    void theInJvmConnectorBelongsToTheBrokerAndOutlivesEveryClient() throws Exception {
        EmbeddedBroker broker = new EmbeddedBroker(dir, "");
        broker.start();
        try {
            ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(broker.clientUrl());
            TransportConnector connector =
                    BrokerRegistry.getInstance().lookup(EmbeddedBroker.NAME).getTransportConnectorByScheme("vm");
            assertThat(connector).as("the broker's own vm:// connector").isNotNull();

            // The last client goes: the connector stays, and the next client is served by the same one.
            try (Connection first = factory.createConnection()) {
                first.start();
            }
            assertThat(connector.isStarted()).isTrue();
            try (Connection later = factory.createConnection()) {
                later.start();
                assertThat(connector.getConnections()).hasSize(1);
                Session session = later.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageConsumer consumer = session.createConsumer(session.createQueue("test.outlives"));
                session.createProducer(session.createQueue("test.outlives")).send(session.createTextMessage("还在"));
                Message received = consumer.receive(10_000);
                assertThat(received).isNotNull();
                assertThat(received.getBody(String.class)).isEqualTo("还在");
            }
        } finally {
            broker.stop();
        }
    }
}
