package org.devzone.bulletin.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.devzone.bulletin.App;
import org.devzone.bulletin.testing.ConfigCopy;
import org.devzone.bulletin.testing.Http;
import org.devzone.bulletin.testing.RunningDispatcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without a token nothing under /api answers but 401; staff cannot fire or re-drive; a zone cannot read the office's data. */
class AccessTest {

    @TempDir
    Path config;

    private RunningDispatcher dispatcher;
    private Http admin;
    private String staffToken;
    private String zoneToken;

    @BeforeEach
    void boot() throws Exception {
        ConfigCopy.into(config);
        staffToken = mint("--role", "staff", "--name", "李华");
        zoneToken = mint("--zone", "dongzhou-port");
        dispatcher = RunningDispatcher.start(Map.of("dispatcher.cadence.enabled", "false",
                "dispatcher.cadence.urgent-sweep-ms", "3600000", "dispatcher.cadence.urgent-at-once", "false"), RunningDispatcher.CLOCK, config);
        admin = dispatcher.http();
    }

    @AfterEach
    void shutDown() {
        dispatcher.close();
    }

    @Test
    void withoutAValidTokenEveryApiCallIs401AndTheReceiptPagesStayOpen() {
        Http nobody = admin.as(null);
        for (String path : new String[] {"/api/notices", "/api/bulletins", "/api/deliveries", "/api/schedule",
            "/api/schedule.ics", "/api/receipts?pending=true", "/api/feedback", "/api/slots/friday-reminders/render?zone=x"}) {
            Http.Reply reply = nobody.get(path);
            assertThat(reply.status()).as(path).isEqualTo(401);
            assertThat(reply.contentType()).as(path).startsWith("application/problem+json");
            assertThat(reply.header("WWW-Authenticate")).isEqualTo("Bearer");
        }
        assertThat(nobody.postJson("/api/notices", "{}").status()).isEqualTo(401);
        assertThat(admin.as("wrong-token").get("/api/notices").body()).contains("令牌无效");
        assertThat(nobody.get("/r/not-a-token").status()).as("the receipt page's own check").isEqualTo(400);
        // A calendar application cannot send headers: the feed alone takes the token in its URL.
        assertThat(nobody.get("/api/schedule.ics?token=" + staffToken).status()).isEqualTo(200);
        assertThat(nobody.get("/api/schedule.ics?token=wrong").status()).isEqualTo(401);
        assertThat(nobody.get("/api/notices?token=" + staffToken).status()).as("only the feed").isEqualTo(401);
    }

    @Test
    void staffQueueAndReadButOnlyAdminsFireAndRedriveAndZonesOnlyAnswer() {
        Http staff = admin.as(staffToken);
        Http zone = admin.as(zoneToken);
        assertThat(staff.postJson("/api/notices", """
                {"category": "reminder", "title": "工作人员排入的提醒", "author": "李华", "audience": {"all": true}}
                """).status()).isEqualTo(202);
        assertThat(staff.get("/api/notices").status()).isEqualTo(200);
        Http.Reply fire = staff.post("/api/slots/friday-reminders/fire", "application/json", "");
        assertThat(fire.status()).isEqualTo(403);
        assertThat(fire.body()).contains("需要管理员权限").contains("李华");
        assertThat(staff.post("/api/deliveries/redrive", "application/json", "").status()).isEqualTo(403);
        assertThat(admin.post("/api/slots/friday-reminders/fire", "application/json", "").status()).isEqualTo(201);

        assertThat(zone.get("/api/notices").status()).as("a zone reads nothing of the office's").isEqualTo(403);
        assertThat(zone.get("/api/feedback").status()).isEqualTo(403);
        assertThat(zone.postJson("/api/feedback", "{\"text\": \"收到\"}").status()).isEqualTo(201);
        assertThat(staff.postJson("/api/feedback", "{\"text\": \"冒充开发区\"}").status()).as("feedback is the zones'").isEqualTo(403);
    }

    private String mint(String... args) throws Exception {
        StringWriter out = new StringWriter();
        String[] command = new String[args.length + 1];
        command[0] = "token";
        System.arraycopy(args, 0, command, 1, args.length);
        assertThat(App.commandLine().setOut(new PrintWriter(out)).execute(command)).isZero();
        String printed = out.toString();
        Files.writeString(config.resolve("tokens.yaml"), printed.substring(printed.indexOf("  - name:")), StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        return printed.lines().findFirst().orElseThrow().replaceAll("^.*: ", "");
    }
}
