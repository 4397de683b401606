package org.devzone.bulletin.notice;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.devzone.bulletin.cadence.Category;
import org.devzone.bulletin.platform.Database;
import org.devzone.bulletin.testing.Postgres;
import org.devzone.bulletin.zone.Audience;
import org.devzone.bulletin.zone.Tier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The notice table on both databases the product runs on, through the same migrations. */
class NoticeStoreTest {

    enum Engine {
        H2,
        POSTGRESQL
    }

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final OffsetDateTime NOW = OffsetDateTime.parse("2026-11-20T10:00:00+08:00");

    @TempDir
    Path dataDir;

    private Database database;
    private Postgres postgres;
    private NoticeStore store;

    private void open(Engine engine) {
        if (engine == Engine.POSTGRESQL) {
            postgres = Postgres.freshSchema();
            database = Database.open(Postgres.URL, Postgres.USER, "", postgres.schema(), 4, dataDir);
        } else {
            database = Database.open("", "", "", "", 4, dataDir);
        }
        store = new NoticeStore(database.dataSource(), new ObjectMapper(), SHANGHAI);
    }

    @AfterEach
    void close() {
        if (database != null) {
            database.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Engine.class)
    void aNoticeComesBackAsItWasStored(Engine engine) {
        open(engine);
        byte[] pdf = "%PDF 考核办法 ✓".getBytes(StandardCharsets.UTF_8);
        NoticeDraft draft = new NoticeDraft(
                "oa-1",
                Category.DOCUMENT,
                "关于考核评价的通知 𠀀",
                "正文 **加粗**\n\n第二段",
                Priority.URGENT,
                new Audience(
                        false, List.of("key-zone"), List.of(Tier.NATIONAL), List.of("东州市"), List.of("xiling-etdz")),
                true,
                LocalDate.of(2026, 12, 4),
                LocalDate.of(2026, 11, 23),
                List.of(new Attachment("考核办法.pdf", "application/pdf", pdf)),
                "开发区处 李娜");

        NoticeStore.Stored stored = store.store(draft, "friday-reminders", "rest", null, NOW);

        assertThat(stored.created()).isTrue();
        Notice notice = store.find(stored.notice().id()).orElseThrow();
        assertThat(notice.externalId()).isEqualTo("oa-1");
        assertThat(notice.title()).isEqualTo("关于考核评价的通知 𠀀");
        assertThat(notice.body()).isEqualTo("正文 **加粗**\n\n第二段");
        assertThat(notice.priority()).isEqualTo(Priority.URGENT);
        assertThat(notice.audience()).isEqualTo(draft.audience());
        assertThat(notice.receiptDeadline()).isEqualTo(LocalDate.of(2026, 12, 4));
        assertThat(notice.notBefore()).isEqualTo(LocalDate.of(2026, 11, 23));
        assertThat(notice.attachments()).containsExactly(new AttachmentInfo("考核办法.pdf", "application/pdf", pdf.length));
        assertThat(notice.status()).isEqualTo(NoticeStatus.QUEUED);
        assertThat(notice.slot()).isEqualTo("friday-reminders");
        assertThat(notice.createdAt()).isEqualTo(NOW);
        assertThat(attachmentBytes(notice.id())).isEqualTo(pdf);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Engine.class)
    void theSameExternalIdOrIntakeKeyFindsTheFirstNotice(Engine engine) {
        open(engine);
        Notice first = store.store(draft("第一次", "oa-7"), "midweek-news", "rest", null, NOW)
                .notice();

        NoticeStore.Stored again = store.store(draft("第二次", "oa-7"), "midweek-news", "jms", "jms:ID:1", NOW);
        Notice viaJms = store.store(draft("JMS", null), "midweek-news", "jms", "jms:ID:2", NOW)
                .notice();
        NoticeStore.Stored redelivered = store.store(draft("JMS", null), "midweek-news", "jms", "jms:ID:2", NOW);

        assertThat(again.created()).isFalse();
        assertThat(again.notice().id()).isEqualTo(first.id());
        assertThat(again.notice().title()).isEqualTo("第一次");
        assertThat(redelivered.created()).isFalse();
        assertThat(redelivered.notice().id()).isEqualTo(viaJms.id());
        assertThat(store.list(new NoticeFilter(null, null, null, 1, 50)).total())
                .isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Engine.class)
    void racingWritersOfOneExternalIdStoreOneRow(Engine engine) throws Exception {
        open(engine);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<NoticeStore.Stored>> calls = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                calls.add(() -> store.store(draft("并发", "oa-race"), "midweek-news", "rest", null, NOW));
            }
            int created = 0;
            for (Future<NoticeStore.Stored> f : pool.invokeAll(calls)) {
                created += f.get().created() ? 1 : 0;
            }
            assertThat(created).isEqualTo(1);
            assertThat(store.list(new NoticeFilter(null, null, null, 1, 50)).total())
                    .isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Engine.class)
    void listingsFilterByStatusCategoryAndSlotNewestFirst(Engine engine) {
        open(engine);
        for (int i = 0; i < 5; i++) {
            store.store(draft("案例 " + i, null), "midweek-news", "rest", null, NOW.plusMinutes(i));
        }
        Notice reminder = store.store(
                        new NoticeDraft(
                                null,
                                Category.REMINDER,
                                "提醒",
                                "",
                                Priority.NORMAL,
                                Audience.ALL,
                                false,
                                null,
                                null,
                                List.of(),
                                "李娜"),
                        "friday-reminders",
                        "rest",
                        null,
                        NOW.plusHours(1))
                .notice();
        store.withdraw(reminder.id(), NOW.plusHours(2));

        NoticePage cases = store.list(new NoticeFilter(NoticeStatus.QUEUED, Category.CASE, "midweek-news", 2, 2));
        assertThat(cases.total()).isEqualTo(5);
        assertThat(cases.items()).extracting(Notice::title).containsExactly("案例 2", "案例 1");
        assertThat(store.list(new NoticeFilter(NoticeStatus.WITHDRAWN, null, null, 1, 10))
                        .items())
                .extracting(Notice::id)
                .containsExactly(reminder.id());
        assertThat(store.list(new NoticeFilter(null, null, "friday-reminders", 1, 10))
                        .total())
                .isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Engine.class)
    void withdrawingChangesOnlyQueuedNotices(Engine engine) throws Exception {
        open(engine);
        Notice queued = store.store(draft("待撤回", null), "midweek-news", "rest", null, NOW)
                .notice();
        Notice sent = store.store(draft("已发出", null), "midweek-news", "rest", null, NOW)
                .notice();
        try (Connection c = database.dataSource().getConnection();
                PreparedStatement s = c.prepareStatement("UPDATE notice SET status = 'sent' WHERE id = ?")) {
            s.setString(1, sent.id());
            s.executeUpdate();
        }

        NoticeStore.Withdrawal first =
                store.withdraw(queued.id(), NOW.plusMinutes(5)).orElseThrow();
        NoticeStore.Withdrawal second =
                store.withdraw(queued.id(), NOW.plusMinutes(9)).orElseThrow();
        NoticeStore.Withdrawal refused = store.withdraw(sent.id(), NOW).orElseThrow();

        assertThat(first.changed()).isTrue();
        assertThat(first.notice().status()).isEqualTo(NoticeStatus.WITHDRAWN);
        assertThat(second.changed()).isFalse();
        assertThat(second.notice().withdrawnAt()).isEqualTo(NOW.plusMinutes(5));
        assertThat(refused.changed()).isFalse();
        assertThat(refused.notice().status()).isEqualTo(NoticeStatus.SENT);
        assertThat(store.withdraw("no-such-id", NOW)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Engine.class)
    void migrationsRunOnceAndDataSurvivesReopening(Engine engine) {
        open(engine);
        Notice notice = store.store(draft("重启之后仍在", "oa-persist"), "midweek-news", "rest", null, NOW)
                .notice();
        database.close();

        database = engine == Engine.POSTGRESQL
                ? Database.open(Postgres.URL, Postgres.USER, "", postgres.schema(), 2, dataDir)
                : Database.open("", "", "", "", 2, dataDir);
        store = new NoticeStore(database.dataSource(), new ObjectMapper(), SHANGHAI);

        assertThat(store.find(notice.id()).orElseThrow().title()).isEqualTo("重启之后仍在");
        if (engine == Engine.H2) {
            assertThat(Files.exists(dataDir.resolve("db/bulletin.mv.db"))).isTrue();
        }
    }

    private static NoticeDraft draft(String title, String externalId) {
        return new NoticeDraft(
                externalId,
                Category.CASE,
                title,
                "正文",
                Priority.NORMAL,
                Audience.ALL,
                false,
                null,
                null,
                List.of(),
                "李娜");
    }

    private byte[] attachmentBytes(String noticeId) {
        try (Connection c = database.dataSource().getConnection();
                PreparedStatement s = c.prepareStatement("SELECT content FROM notice_attachment WHERE notice_id = ?")) {
            s.setString(1, noticeId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBytes(1);
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }
}
