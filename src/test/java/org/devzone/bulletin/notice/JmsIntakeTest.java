package org.devzone.bulletin.notice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.builder.AdviceWith;
import org.awaitility.Awaitility;
import org.devzone.bulletin.testing.DispatcherExtension;
import org.devzone.bulletin.testing.Notices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Other office systems pushing notices onto bulletin.notices, through the real embedded broker. */
class JmsIntakeTest {

    @RegisterExtension
    static final DispatcherExtension app = new DispatcherExtension();

    private Connection connection;
    private Session session;

    @BeforeEach
    void connect() throws Exception {
        connection = app.dispatcher().jms().createConnection();
        connection.start();
        session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    @AfterEach
    void disconnect() throws Exception {
        connection.close();
    }

    @Test
    void aNoticePutOnTheQueueAppearsInTheApi() throws Exception {
        send(session.createTextMessage(Notices.valid("来自 OA 系统的案例")));

        JsonNode notice = awaitNoticeTitled("来自 OA 系统的案例");
        assertThat(notice.get("source").asText()).isEqualTo("jms");
        assertThat(notice.get("slot").asText()).isEqualTo("midweek-news");
        assertThat(notice.get("status").asText()).isEqualTo("queued");
    }

    @Test
    void aBytesMessageInUtf8IsAcceptedToo() throws Exception {
        BytesMessage message = session.createBytesMessage();
        message.writeBytes(Notices.valid("字节消息里的通知").getBytes(StandardCharsets.UTF_8));
        send(message);

        assertThat(awaitNoticeTitled("字节消息里的通知").get("title").asText()).isEqualTo("字节消息里的通知");
    }

    @Test
    void aPoisonMessageMovesToTheInvalidQueueWithItsReasonsAndTheNextOneIsStored() throws Exception {
        send(session.createTextMessage("{\"category\": \"case\", \"title\": "));
        send(session.createTextMessage(
                "{\"category\": \"memo\", \"title\": \"坏类别\", \"audience\": {\"all\": true}, \"author\": \"OA\"}"));
        send(session.createTextMessage(Notices.valid("毒消息之后的通知")));

        awaitNoticeTitled("毒消息之后的通知");
        Map<String, Message> invalid = new HashMap<>();
        try (MessageConsumer consumer = session.createConsumer(session.createQueue("bulletin.notices.invalid"))) {
            for (int i = 0; i < 2; i++) {
                Message message = consumer.receive(10_000);
                assertThat(message).as("message %d on the invalid queue", i + 1).isNotNull();
                invalid.put(((TextMessage) message).getText(), message);
            }
        }
        // Two consumers share the queue, so the two rejections may arrive in either order.
        Message truncated = invalid.get("{\"category\": \"case\", \"title\": ");
        Message badCategory = invalid.values().stream()
                .filter(m -> m != truncated)
                .findFirst()
                .orElseThrow();
        assertThat(truncated).as("the truncated JSON, unchanged").isNotNull();
        assertThat(truncated.getStringProperty("invalidReason")).startsWith("$: 不是有效的 JSON");
        assertThat(badCategory.getStringProperty("invalidReason")).contains("category: 未知的类别 'memo'");
        assertThat(badCategory.getStringProperty("invalidErrors")).contains("\"field\":\"category\"");
        assertThat(countTitled("坏类别")).isZero();
    }

    @Test
    void theSameExternalIdOverJmsAndRestIsOneNotice() throws Exception {
        assertThat(app.http()
                        .postJson("/api/notices", Notices.withExternalId("两条路径同一份文件", "oa-both-1"))
                        .status())
                .isEqualTo(202);
        send(session.createTextMessage(Notices.withExternalId("两条路径同一份文件", "oa-both-1")));
        send(session.createTextMessage(Notices.valid("标记：之后的消息已处理")));

        awaitNoticeTitled("标记：之后的消息已处理");
        assertThat(countTitled("两条路径同一份文件")).isEqualTo(1);
    }

    @Test
    void aBrokerRedeliveryAfterTheNoticeWasStoredDoesNotStoreItAgain() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        // Fail the first attempt after the notice is in the database, as a crash before the acknowledgement would:
        // the transaction rolls back and the broker delivers the same message again.
        AdviceWith.adviceWith(
                app.dispatcher().context(),
                "notice-intake-jms",
                route -> route.weaveAddLast().process(exchange -> {
                    if (exchange.getMessage().getBody(String.class).contains("会被重投的通知")
                            && attempts.incrementAndGet() == 1) {
                        throw new IllegalStateException("simulated failure after storing");
                    }
                }));

        send(session.createTextMessage(Notices.valid("会被重投的通知")));

        await().atMost(Duration.ofSeconds(20)).until(() -> attempts.get() >= 2);
        send(session.createTextMessage(Notices.valid("重投之后的通知")));
        awaitNoticeTitled("重投之后的通知");
        assertThat(countTitled("会被重投的通知")).isEqualTo(1);
        assertThat(attempts.get()).isEqualTo(2);
    }

    /** Set if the dispatcher ever deserialised the object sent below. */
    static volatile boolean deserialised;

    /** A Java object whose deserialisation would run code: the intake must never read it. */
    public static final class Gadget implements Serializable {
        private static final long serialVersionUID = 1L;

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            deserialised = true;
        }
    }

    @Test
    void anObjectMessageIsNeverDeserialisedAndMovesToTheInvalidQueueWithItsReason() throws Exception {
        send(session.createObjectMessage(new Gadget()));
        send(session.createTextMessage(Notices.valid("对象消息之后的通知")));
        try (MessageConsumer consumer = session.createConsumer(session.createQueue("bulletin.notices.invalid"))) {
            Message invalid = consumer.receive(20_000);
            assertThat(invalid).isNotNull();
            assertThat(invalid.getStringProperty("invalidReason"))
                    .contains("ObjectMessage")
                    .contains("TextMessage");
        }
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> app.http()
                        .get("/api/notices?size=200")
                        .json()
                        .get("items")
                        .findValuesAsText("title")
                        .contains("对象消息之后的通知"));
        assertThat(deserialised).as("the object was deserialised").isFalse();
    }

    private void send(Message message) throws Exception {
        try (MessageProducer producer = session.createProducer(session.createQueue("bulletin.notices"))) {
            producer.send(message);
        }
    }

    private static JsonNode awaitNoticeTitled(String title) {
        await().atMost(Duration.ofSeconds(20)).until(() -> countTitled(title) > 0);
        for (JsonNode item : app.http().get("/api/notices?size=200").json().get("items")) {
            if (item.get("title").asText().equals(title)) {
                return item;
            }
        }
        throw new AssertionError("no notice titled " + title);
    }

    private static long countTitled(String title) {
        return app.http().get("/api/notices?size=200").json().get("items").findValuesAsText("title").stream()
                .filter(title::equals)
                .count();
    }
}
