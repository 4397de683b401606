package org.devzone.bulletin.notice;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.devzone.bulletin.testing.DispatcherExtension;
import org.devzone.bulletin.testing.Http;
import org.devzone.bulletin.testing.Notices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Staff's REST API against the real dispatcher on its embedded database and broker. */
class NoticesApiTest {

    @RegisterExtension
    static final DispatcherExtension app = new DispatcherExtension();

    @Test
    void aValidNoticeIsAcceptedWithItsSlotAndThenListedAndReadable() {
        Http.Reply accepted = app.http().postJson("/api/notices", Notices.valid("东州经开区企业服务专员制度"));

        assertThat(accepted.status()).isEqualTo(202);
        JsonNode body = accepted.json();
        assertThat(body.get("status").asText()).isEqualTo("queued");
        assertThat(body.get("slot").asText()).isEqualTo("midweek-news");
        String id = body.get("id").asText();
        assertThat(accepted.header("Location")).isEqualTo("/api/notices/" + id);

        JsonNode listed =
                app.http().get("/api/notices?slot=midweek-news&size=200").json();
        assertThat(listed.get("items").findValuesAsText("id")).contains(id);

        Http.Reply read = app.http().get("/api/notices/" + id);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.contentType()).startsWith("application/json");
        JsonNode notice = read.json();
        assertThat(notice.get("title").asText()).isEqualTo("东州经开区企业服务专员制度");
        assertThat(notice.get("body").asText()).contains("**企业服务专员**");
        assertThat(notice.get("category").asText()).isEqualTo("case");
        assertThat(notice.get("priority").asText()).isEqualTo("normal");
        assertThat(notice.get("requiresReceipt").asBoolean()).isFalse();
        assertThat(notice.get("audience").toString()).isEqualTo("{\"all\":true}");
        assertThat(notice.get("author").asText()).isEqualTo("开发区处 李娜");
        assertThat(notice.get("createdAt").asText()).isEqualTo("2026-11-20T10:00:00+08:00");
    }

    /** While its bulletin goes out (minutes, when robots are paced) a notice is 'scheduled', and reads like any other. */
    @Test
    void aNoticeTakenIntoABulletinGoingOutReadsAsScheduledAndCannotBeWithdrawn() throws Exception {
        String id = app.http()
                .postJson("/api/notices", Notices.valid("编入公报中的通知"))
                .json()
                .get("id")
                .asText();
        DataSource db = app.dispatcher().bean("dataSource", DataSource.class);
        try (Connection c = db.getConnection();
                PreparedStatement take = c.prepareStatement("UPDATE notice SET status = 'scheduled' WHERE id = ?")) {
            take.setString(1, id);
            assertThat(take.executeUpdate()).isEqualTo(1);
        }
        Http.Reply read = app.http().get("/api/notices/" + id);
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        assertThat(read.json().get("status").asText()).isEqualTo("scheduled");
        Http.Reply listed = app.http().get("/api/notices?status=scheduled");
        assertThat(listed.status()).as(listed.body()).isEqualTo(200);
        assertThat(listed.json().get("items").findValuesAsText("id")).containsExactly(id);
        assertThat(app.http().get("/api/notices?size=200").status()).isEqualTo(200);
        Http.Reply withdraw = app.http().delete("/api/notices/" + id);
        assertThat(withdraw.status()).isEqualTo(409);
        assertThat(withdraw.json().get("detail").asText()).contains("不能撤回");
    }

    /** Accepted input is stored as given: lengths count characters, not UTF-16 units; repeats name a zone once. */
    @Test
    void whatValidationAcceptsTheDatabaseStoresAsGiven() {
        String emoji = "\uD83D\uDCE2".repeat(200); // 200 characters outside the BMP, 400 UTF-16 units
        Http.Reply accepted = app.http().postJson("/api/notices", """
                {"category": "case", "title": "%s", "author": "%s", "audience": {"zones": ["xiling-etdz", "xiling-etdz"]}}
                """.formatted(emoji, "\uD842\uDFB7".repeat(100)));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        JsonNode stored = app.http()
                .get("/api/notices/" + accepted.json().get("id").asText())
                .json();
        assertThat(stored.get("title").asText()).isEqualTo(emoji);
        assertThat(stored.get("audience").toString()).isEqualTo("{\"zones\":[\"xiling-etdz\"]}");
        // A page far beyond the last is empty, not a failure.
        Http.Reply far = app.http().get("/api/feedback?page=2147483647");
        assertThat(far.status()).as(far.body()).isEqualTo(200);
        assertThat(far.json().get("items")).isEmpty();
        assertThat(app.http().get("/api/notices?page=2147483647").status()).isEqualTo(200);
        assertThat(app.http().get("/api/deliveries?page=2147483647").status()).isEqualTo(200);
        assertThat(app.http().get("/api/bulletins?page=2147483647").status()).isEqualTo(200);
    }

    @Test
    void eachCategoryGoesToTheSlotThatCarriesIt() {
        assertThat(slotOf("summary")).isEqualTo("monday-receipts");
        assertThat(slotOf("information")).isEqualTo("midweek-news");
        assertThat(slotOf("media")).isEqualTo("midweek-news");
        assertThat(slotOf("reminder")).isEqualTo("friday-reminders");
        assertThat(slotOf("document")).isEqualTo("friday-reminders");
    }

    private static String slotOf(String category) {
        Http.Reply reply = app.http().postJson("/api/notices", """
                {"category": "%s", "title": "类别测试 %s", "audience": {"zones": ["xiling-etdz"]}, "author": "测试"}
                """.formatted(category, category));
        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        return reply.json().get("slot").asText();
    }

    @Test
    void documentsRequireAReceiptByDefaultAndKeepTheirAttachments() {
        byte[] pdf = "%PDF-1.4 考核评价办法".getBytes(StandardCharsets.UTF_8);
        Http.Reply accepted = app.http()
                .postJson("/api/notices", """
                {"category": "document", "title": "关于开展2026年度综合考核评价的通知", "priority": "urgent",
                 "audience": {"tiers": ["national"], "cities": ["青岚市"]}, "receiptDeadline": "2026-12-04",
                 "notBefore": "2026-11-23", "author": "开发区处",
                 "attachments": [{"name": "考核办法.pdf", "contentType": "application/pdf", "contentBase64": "%s"}]}
                """.formatted(Base64.getEncoder().encodeToString(pdf)));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);

        JsonNode notice = app.http()
                .get("/api/notices/" + accepted.json().get("id").asText())
                .json();
        assertThat(notice.get("requiresReceipt").asBoolean()).isTrue();
        assertThat(notice.get("receiptDeadline").asText()).isEqualTo("2026-12-04");
        assertThat(notice.get("notBefore").asText()).isEqualTo("2026-11-23");
        assertThat(notice.get("priority").asText()).isEqualTo("urgent");
        assertThat(notice.get("audience").get("tiers").get(0).asText()).isEqualTo("national");
        JsonNode attachment = notice.get("attachments").get(0);
        assertThat(attachment.get("name").asText()).isEqualTo("考核办法.pdf");
        assertThat(attachment.get("contentType").asText()).isEqualTo("application/pdf");
        assertThat(attachment.get("size").asInt()).isEqualTo(pdf.length);
    }

    static Stream<Arguments> badNotices() {
        String valid = "\"audience\": {\"all\": true}, \"author\": \"李娜\"";
        String big = "x".repeat(64 * 1024 + 1);
        String elevenMiB = Base64.getEncoder().encodeToString(new byte[11 * 1024 * 1024]);
        return Stream.of(
                Arguments.of("malformed JSON", "{\"category\": \"case\", \"title\": ", "$", "不是有效的 JSON"),
                Arguments.of("not an object", "[1, 2]", "$", "JSON 对象"),
                Arguments.of(
                        "title of the wrong type",
                        "{\"category\": \"case\", \"title\": 5, " + valid + "}",
                        "title",
                        "应为字符串"),
                Arguments.of(
                        "requiresReceipt of the wrong type",
                        "{\"category\": \"case\", \"title\": \"t\", \"requiresReceipt\": \"yes\", " + valid + "}",
                        "requiresReceipt",
                        "true 或 false"),
                Arguments.of(
                        "unknown category",
                        "{\"category\": \"memo\", \"title\": \"t\", " + valid + "}",
                        "category",
                        "未知的类别 'memo'"),
                Arguments.of("missing category", "{\"title\": \"t\", " + valid + "}", "category", "必填"),
                Arguments.of(
                        "empty title", "{\"category\": \"case\", \"title\": \"  \", " + valid + "}", "title", "不能为空"),
                Arguments.of(
                        "title too long",
                        "{\"category\": \"case\", \"title\": \"" + "长".repeat(201) + "\", " + valid + "}",
                        "title",
                        "最多 200 个字符"),
                Arguments.of(
                        "oversized body",
                        "{\"category\": \"case\", \"title\": \"t\", \"body\": \"" + big + "\", " + valid + "}",
                        "body",
                        "64 KiB"),
                Arguments.of(
                        "oversized attachments",
                        "{\"category\": \"case\", \"title\": \"t\", " + valid
                                + ", \"attachments\": [{\"name\": \"a.bin\", \"contentType\": \"application/octet-stream\","
                                + " \"contentBase64\": \"" + elevenMiB + "\"}]}",
                        "attachments",
                        "10 MiB"),
                Arguments.of(
                        "attachment not Base64",
                        "{\"category\": \"case\", \"title\": \"t\", " + valid
                                + ", \"attachments\": [{\"name\": \"a.pdf\", \"contentType\": \"application/pdf\","
                                + " \"contentBase64\": \"not base64!\"}]}",
                        "attachments[0].contentBase64",
                        "Base64"),
                Arguments.of(
                        "attachment type with a line break",
                        "{\"category\": \"case\", \"title\": \"t\", " + valid
                                + ", \"attachments\": [{\"name\": \"a.txt\", \"contentType\": \"text/plain\\r\\n\\r\\n;x\","
                                + " \"contentBase64\": \"YQ==\"}]}",
                        "attachments[0].contentType",
                        "不是有效的 MIME 类型"),
                Arguments.of(
                        "attachment type with a parameter without value",
                        "{\"category\": \"case\", \"title\": \"t\", "
                                + valid
                                + ", \"attachments\": [{\"name\": \"a.txt\", \"contentType\": \"text/plain; x\","
                                + " \"contentBase64\": \"YQ==\"}]}",
                        "attachments[0].contentType",
                        "不是有效的 MIME 类型"),
                Arguments.of(
                        "attachment type over 255 characters",
                        "{\"category\": \"case\", \"title\": \"t\", " + valid
                                + ", \"attachments\": [{\"name\": \"a.txt\", \"contentType\": \"text/plain; a="
                                + "b".repeat(250)
                                + "\", \"contentBase64\": \"YQ==\"}]}",
                        "attachments[0].contentType",
                        "255"),
                Arguments.of(
                        "audience that matches no zone",
                        "{\"category\": \"case\", \"title\": \"t\", \"audience\": {\"all\": false}, \"author\": \"李娜\"}",
                        "audience",
                        "没有匹配到任何开发区"),
                Arguments.of(
                        "unknown zone id",
                        "{\"category\": \"case\", \"title\": \"t\", \"audience\": {\"zones\": [\"xiling-etdz\", \"atlantis\"]}, \"author\": \"李娜\"}",
                        "audience.zones[1]",
                        "未知的开发区 id 'atlantis'"),
                Arguments.of(
                        "receipt deadline in the past",
                        "{\"category\": \"document\", \"title\": \"t\", \"receiptDeadline\": \"2026-11-19\", " + valid
                                + "}",
                        "receiptDeadline",
                        "已过"),
                Arguments.of(
                        "date in the wrong format",
                        "{\"category\": \"case\", \"title\": \"t\", \"notBefore\": \"2026/12/01\", " + valid + "}",
                        "notBefore",
                        "YYYY-MM-DD"),
                Arguments.of(
                        "externalId too long",
                        "{\"externalId\": \"" + "k".repeat(101) + "\", \"category\": \"case\", \"title\": \"t\", "
                                + valid + "}",
                        "externalId",
                        "最多 100 个字符"),
                Arguments.of(
                        "server-assigned field",
                        "{\"id\": \"x\", \"category\": \"case\", \"title\": \"t\", " + valid + "}",
                        "id",
                        "由服务器生成"),
                Arguments.of(
                        "misspelt field",
                        "{\"category\": \"case\", \"title\": \"t\", \"reciptDeadline\": \"2026-12-01\", " + valid + "}",
                        "reciptDeadline",
                        "未知字段"),
                Arguments.of(
                        "missing author",
                        "{\"category\": \"case\", \"title\": \"t\", \"audience\": {\"all\": true}}",
                        "author",
                        "必填"),
                Arguments.of(
                        "title of zero-width characters only",
                        "{\"category\": \"case\", \"title\": \"\\u200b\\u200d\\ufeff \", " + valid + "}",
                        "title",
                        "不能为空"),
                Arguments.of(
                        "title with a lone surrogate",
                        "{\"category\": \"case\", \"title\": \"坏\\ud800字\", " + valid + "}",
                        "title",
                        "代理项"),
                Arguments.of(
                        "deadline centuries ahead",
                        "{\"category\": \"document\", \"title\": \"t\", \"receiptDeadline\":"
                                + " \"+999999999-12-31\", " + valid + "}",
                        "receiptDeadline",
                        "太远"),
                Arguments.of(
                        "more zone ids than zones",
                        "{\"category\": \"case\", \"title\": \"t\", \"author\": \"李娜\","
                                + " \"audience\": {\"zones\": ["
                                + String.join(", ", Collections.nCopies(1500, "\"xiling-etdz\""))
                                + "]}}",
                        "audience.zones",
                        "多于名录中的开发区数"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badNotices")
    void badInputIsRefusedWithAFieldErrorAndNothingIsStored(String why, String json, String field, String message) {
        long before = total();

        Http.Reply reply = app.http().postJson("/api/notices", json);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        JsonNode problem = reply.json();
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("title").asText()).isEqualTo("通知内容有误");
        List<String> fields = problem.get("errors").findValuesAsText("field");
        assertThat(fields).contains(field);
        JsonNode error = null;
        for (JsonNode e : problem.get("errors")) {
            if (e.get("field").asText().equals(field)) {
                error = e;
            }
        }
        assertThat(error.get("message").asText()).contains(message);
        assertThat(reply.body()).doesNotContain("Exception").doesNotContain("at org.");
        assertThat(total()).isEqualTo(before);
    }

    @Test
    void everyProblemOfANoticeIsReportedAtOnce() {
        Http.Reply reply = app.http()
                .postJson(
                        "/api/notices",
                        "{\"category\": \"memo\", \"title\": \"\", \"audience\": {\"zones\": [\"nowhere\"]}, \"body\": 1}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("errors").findValuesAsText("field"))
                .containsExactlyInAnyOrder("category", "title", "body", "audience.zones[0]", "author");
    }

    @Test
    void aBodyThatIsNotJsonGets415WithTheHeaderToSet() {
        Http.Reply reply = app.http().post("/api/notices", "application/x-www-form-urlencoded", "title=t");

        assertThat(reply.status()).isEqualTo(415);
        assertThat(reply.json().get("detail").asText()).contains("Content-Type: application/json");
    }

    @Test
    void theSameExternalIdTwiceGivesOneNoticeAndTheSecondAnswerIsTheStoredOne() {
        Http.Reply first = app.http().postJson("/api/notices", Notices.withExternalId("关于报送年度统计数据的通知", "oa-2026-0417"));
        Http.Reply second = app.http().postJson("/api/notices", Notices.withExternalId("标题改了也不会再存一份", "oa-2026-0417"));

        assertThat(first.status()).isEqualTo(202);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json().get("id").asText())
                .isEqualTo(first.json().get("id").asText());
        assertThat(second.json().get("title").asText()).isEqualTo("关于报送年度统计数据的通知");
        assertThat(countWithTitle("标题改了也不会再存一份")).isZero();
    }

    @Test
    void concurrentRequestsWithOneExternalIdStoreOneNotice() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Http.Reply>> calls = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                calls.add(() -> app.http().postJson("/api/notices", Notices.withExternalId("并发提交的同一份文件", "oa-race-1")));
            }
            List<String> ids = new ArrayList<>();
            int created = 0;
            for (Future<Http.Reply> f : pool.invokeAll(calls)) {
                Http.Reply reply = f.get();
                assertThat(reply.status()).as(reply.body()).isIn(200, 202);
                created += reply.status() == 202 ? 1 : 0;
                ids.add(reply.json().get("id").asText());
            }
            assertThat(created).isEqualTo(1);
            assertThat(ids).containsOnly(ids.get(0));
            assertThat(countWithTitle("并发提交的同一份文件")).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aQueuedNoticeCanBeWithdrawnAndWithdrawingAgainChangesNothing() {
        String id = app.http()
                .postJson("/api/notices", Notices.valid("将被撤回的通知"))
                .json()
                .get("id")
                .asText();

        Http.Reply withdrawn = app.http().delete("/api/notices/" + id);
        assertThat(withdrawn.status()).isEqualTo(200);
        assertThat(withdrawn.json().get("status").asText()).isEqualTo("withdrawn");
        assertThat(withdrawn.json().get("withdrawnAt").asText()).isEqualTo("2026-11-20T10:00:00+08:00");

        Http.Reply again = app.http().delete("/api/notices/" + id);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("status").asText()).isEqualTo("withdrawn");
        assertThat(app.http()
                        .get("/api/notices?status=withdrawn&size=200")
                        .json()
                        .get("items")
                        .findValuesAsText("id"))
                .contains(id);
        assertThat(app.http()
                        .get("/api/notices?status=queued&size=200")
                        .json()
                        .get("items")
                        .findValuesAsText("id"))
                .doesNotContain(id);
    }

    @Test
    void aNoticeThatHasGoneOutCannotBeWithdrawn() throws Exception {
        String id = app.http()
                .postJson("/api/notices", Notices.valid("已经发出的通知"))
                .json()
                .get("id")
                .asText();
        // The cadence marks notices sent when their bulletin fires; do what it does.
        DataSource db = app.dispatcher().context().getRegistry().lookupByNameAndType("dataSource", DataSource.class);
        try (Connection c = db.getConnection();
                PreparedStatement sent = c.prepareStatement("UPDATE notice SET status = 'sent' WHERE id = ?")) {
            sent.setString(1, id);
            assertThat(sent.executeUpdate()).isEqualTo(1);
        }

        Http.Reply reply = app.http().delete("/api/notices/" + id);

        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.json().get("detail").asText()).contains("已随公报发出，不能撤回");
        assertThat(app.http().get("/api/notices/" + id).json().get("status").asText())
                .isEqualTo("sent");
    }

    @Test
    void unknownNoticesAre404AsProblemJson() {
        assertThat(app.http()
                        .get("/api/notices/00000000-0000-0000-0000-000000000000")
                        .status())
                .isEqualTo(404);
        Http.Reply delete = app.http().delete("/api/notices/nope");
        assertThat(delete.status()).isEqualTo(404);
        assertThat(delete.json().get("detail").asText()).contains("nope");
    }

    @Test
    void listingsFilterAndPage() {
        for (int i = 1; i <= 5; i++) {
            app.http().postJson("/api/notices", """
                    {"category": "media", "title": "媒体报道 %d", "audience": {"cities": ["南港市"]}, "author": "宣传组"}
                    """.formatted(i));
        }
        JsonNode page1 =
                app.http().get("/api/notices?category=media&size=2&page=1").json();
        JsonNode page3 =
                app.http().get("/api/notices?category=media&size=2&page=3").json();

        assertThat(page1.get("total").asLong()).isGreaterThanOrEqualTo(5);
        assertThat(page1.get("items")).hasSize(2);
        assertThat(page1.get("items").get(0).has("body"))
                .as("listings leave the body out")
                .isFalse();
        assertThat(page3.get("page").asInt()).isEqualTo(3);
        assertThat(page1.get("items").findValuesAsText("category")).containsOnly("media");

        Http.Reply bad = app.http().get("/api/notices?category=memo&size=500&slot=sunday");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").findValuesAsText("field"))
                .containsExactlyInAnyOrder("category", "size", "slot");
    }

    private static long total() {
        return app.http().get("/api/notices?size=1").json().get("total").asLong();
    }

    private static long countWithTitle(String title) {
        JsonNode items = app.http().get("/api/notices?size=200").json().get("items");
        return items.findValuesAsText("title").stream().filter(title::equals).count();
    }
}
