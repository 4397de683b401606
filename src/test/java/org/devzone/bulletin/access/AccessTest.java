package org.devzone.bulletin.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.devzone.bulletin.testing.ConfigCopy;
import org.devzone.bulletin.testing.Http;
import org.devzone.bulletin.testing.RawHttp;
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
        dispatcher = RunningDispatcher.start(RunningDispatcher.byHand(Map.of()), RunningDispatcher.CLOCK, config);
        admin = dispatcher.http();
    }

    @AfterEach
    void shutDown() {
        dispatcher.close();
    }

    @Test
    void withoutAValidTokenEveryApiCallIs401AndTheReceiptPagesStayOpen() {
        Http nobody = admin.as(null);
        for (String path : new String[] {
            "/api/notices",
            "/api/bulletins",
            "/api/deliveries",
            "/api/schedule",
            "/api/schedule.ics",
            "/api/receipts?pending=true",
            "/api/feedback",
            "/api/slots/friday-reminders/render?zone=x"
        }) {
            Http.Reply reply = nobody.get(path);
            assertThat(reply.status()).as(path).isEqualTo(401);
            assertThat(reply.contentType()).as(path).startsWith("application/problem+json");
            assertThat(reply.header("WWW-Authenticate")).isEqualTo("Bearer");
        }
        assertThat(nobody.postJson("/api/notices", "{}").status()).isEqualTo(401);
        assertThat(admin.as("wrong-token").get("/api/notices").body()).contains("令牌无效");
        assertThat(nobody.get("/r/not-a-token").status())
                .as("the receipt page's own check")
                .isEqualTo(400);
        // A calendar application cannot send headers: the feed alone takes the token in its URL.
        assertThat(nobody.get("/api/schedule.ics?token=" + staffToken).status()).isEqualTo(200);
        assertThat(nobody.get("/api/schedule.ics?token=wrong").status()).isEqualTo(401);
        assertThat(nobody.get("/api/notices?token=" + staffToken).status())
                .as("only the feed")
                .isEqualTo(401);
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
        assertThat(staff.post("/api/deliveries/redrive", "application/json", "").status())
                .isEqualTo(403);
        assertThat(admin.post("/api/slots/friday-reminders/fire", "application/json", "")
                        .status())
                .isEqualTo(201);

        assertThat(zone.get("/api/notices").status())
                .as("a zone reads nothing of the office's")
                .isEqualTo(403);
        assertThat(zone.get("/api/feedback").status()).isEqualTo(403);
        assertThat(zone.postJson("/api/feedback", "{\"text\": \"收到\"}").status())
                .isEqualTo(201);
        assertThat(staff.postJson("/api/feedback", "{\"text\": \"冒充开发区\"}").status())
                .as("feedback is the zones'")
                .isEqualTo(403);
    }

    /**
     * The router normalises the request's target; access must be decided on what it matched. Every documented /api
     * operation, reached through each spelling of its path, and every token smuggled outside the Authorization header.
     */
    @Test
    void noSpellingOfAnApiPathAndNoTokenOutsideTheHeaderGetsPastTheCheck() throws Exception {
        JsonNode paths = admin.as(null).get("/api-doc").json().get("paths");
        List<String[]> operations = new ArrayList<>();
        paths.properties()
                .forEach(path -> path.getValue().fieldNames().forEachRemaining(method -> {
                    if (!method.equals("parameters")) { // shared by the path's operations, not one of them
                        operations.add(new String[] {
                            method.toUpperCase(Locale.ROOT), path.getKey().replaceAll("\\{[^}]+}", "1")
                        });
                    }
                }));
        assertThat(operations).hasSizeGreaterThan(15);
        int port = admin.port();
        int checked = 0;
        for (String[] operation : operations) {
            String path = operation[1];
            if (!path.startsWith("/api/")) {
                continue;
            }
            String rest = path.substring("/api".length());
            for (String target : List.of(
                    path,
                    "/" + path,
                    "/." + path,
                    "/x/.." + path,
                    "/%61pi" + rest,
                    "/%2561pi" + rest,
                    "/API" + rest,
                    "/Api" + rest,
                    "/api/." + rest,
                    path + "/",
                    "http://127.0.0.1:" + port + path,
                    "http://127.0.0.1:" + port + "/" + path,
                    path + "?Authorization=Bearer%20dev-admin-token",
                    path + "?authorization=Bearer+dev-admin-token&Cookie=bulletin_token%3Ddev-admin-token")) {
                String answer = RawHttp.exchange(port, operation[0], target, null);
                assertThat(RawHttp.status(answer))
                        .as(operation[0] + " " + target + "\n" + answer)
                        .isIn(401, 404);
                if (RawHttp.status(answer) == 401) {
                    assertThat(answer).as(target).containsIgnoringCase("content-type: application/problem+json");
                }
                checked++;
            }
            // Only with the header does the same call get past the check.
            String withToken = RawHttp.exchange(port, operation[0], "/" + path, "Bearer dev-admin-token");
            assertThat(RawHttp.status(withToken))
                    .as(operation[0] + " /" + path + " with the token")
                    .isNotEqualTo(401);
        }
        assertThat(checked).isGreaterThan(200);
        // A cookie or form field named like the header counts for nothing either.
        assertThat(admin.as(null)
                        .withHeader("Cookie", "Authorization=Bearer dev-admin-token")
                        .get("/api/notices")
                        .status())
                .isEqualTo(401);
        assertThat(admin.as(null)
                        .post(
                                "/api/notices",
                                "application/x-www-form-urlencoded",
                                "Authorization=Bearer+dev-admin-token")
                        .status())
                .isEqualTo(401);
    }

    @Test
    void whatNoRouteTakesIsAProblemDocumentThatGivesNothingAwayWithoutAToken() {
        Http nobody = admin.as(null);
        Http.Reply unknown = nobody.get("/api/no-such-thing");
        assertThat(unknown.status()).as("no token, no map of the API").isEqualTo(401);
        unknown = admin.get("/api/no-such-thing");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        assertThat(unknown.json().get("detail").asText())
                .contains("/api/no-such-thing")
                .contains("/api-doc");

        Http.Reply put = admin.put("/api/notices", "application/json", "{}");
        assertThat(put.status()).isEqualTo(405);
        assertThat(put.contentType()).startsWith("application/problem+json");
        assertThat(put.header("Allow")).isEqualTo("GET, POST");
        assertThat(admin.delete("/api/deliveries/redrive").header("Allow")).isEqualTo("POST");
        assertThat(nobody.put("/api/notices", "application/json", "{}").status())
                .isEqualTo(401);
        assertThat(nobody.get("/login").header("Allow")).isEqualTo("POST");

        Http.Reply tooLarge = admin.post("/api/notices", "application/json", "x".repeat(17 * 1024 * 1024));
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.contentType()).startsWith("application/problem+json");
        assertThat(tooLarge.json().get("detail").asText()).contains("10 MiB");
    }

    @Test
    void aTokenRemovedFromTheFileStopsWorkingWithinSecondsEndingItsSessionsAndOneAddedWorksAtOnce() throws Exception {
        Http staff = admin.as(staffToken);
        assertThat(staff.get("/api/notices").status()).isEqualTo(200);
        Http browser = admin.signedIn(staffToken);
        assertThat(browser.get("/").status()).isEqualTo(200);

        Path file = config.resolve("tokens.yaml");
        List<String> kept = new ArrayList<>();
        boolean dropping = false;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.startsWith("  - name:")) {
                dropping = line.contains("李华");
            }
            if (!dropping) {
                kept.add(line);
            }
        }
        LiveTokens tokens = dispatcher.bean("tokens", LiveTokens.class);
        int before = tokens.current().size();
        Files.write(file, kept, StandardCharsets.UTF_8);
        // Waiting on the reload itself: polling with the removed token would soon count as guessing.
        await().atMost(Duration.ofSeconds(15)).until(() -> tokens.current().size() == before - 1);
        Http.Reply refused = staff.get("/api/notices");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.json().get("detail").asText()).contains("令牌无效");
        assertThat(browser.get("/").status())
                .as("the session opened with it ends too")
                .isEqualTo(401);

        String added = mint("--role", "staff", "--name", "王芳");
        await().atMost(Duration.ofSeconds(15)).until(() -> tokens.current().size() == before);
        assertThat(admin.as(added).get("/api/notices").status()).isEqualTo(200);

        // An edit that does not load is refused; the tokens in force stay (nobody is locked out by a typo).
        Files.writeString(file, "tokens: [ broken", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        await().atMost(Duration.ofSeconds(15)).until(() -> !tokens.problems().isEmpty());
        assertThat(tokens.problems()).anyMatch(p -> p.contains("tokens.yaml"));
        assertThat(admin.as(added).get("/api/notices").status()).isEqualTo(200);
    }

    @Test
    void guessesAtTheSessionCookieCountLikeBadTokensAndThe429SaysWhenToComeBack() {
        Http nobody = admin.as(null);
        for (int i = 0; i < 20; i++) {
            String guess = ApiTokens.mint();
            Http.Reply page =
                    nobody.withHeader("Cookie", "bulletin_session=" + guess).get("/");
            assertThat(page.status()).isEqualTo(401);
        }
        Http.Reply blocked = admin.get("/api/notices");
        assertThat(blocked.status())
                .as("even with a good token, this address must wait")
                .isEqualTo(429);
        assertThat(blocked.contentType()).startsWith("application/problem+json");
        assertThat(Long.parseLong(blocked.header("Retry-After"))).isBetween(1L, 600L);
        Http.Reply page = nobody.withHeader("Cookie", "bulletin_session=" + ApiTokens.mint())
                .get("/");
        assertThat(page.status()).isEqualTo(429);
        assertThat(page.header("Retry-After")).isNotNull();
    }

    private String mint(String... args) throws Exception {
        return ConfigCopy.mintToken(config, args);
    }
}
