package org.devzone.bulletin.testing;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What staff do in the tests, over the real API as staff do it: queue a notice (answered 202) and fire a slot by hand
 * (answered 201). A refusal fails the test with the API's own answer.
 */
public final class Office {

    private final Http http;

    public Office(Http http) {
        this.http = http;
    }

    /** Queues the notice's JSON; answers its id. */
    public String queue(String json) {
        Http.Reply reply = http.postJson("/api/notices", json);
        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        return reply.json().get("id").asText();
    }

    /**
     * Queues a notice by the office (开发区处) in {@code category} for {@code audience} (its JSON); {@code more} adds
     * fields (JSON members such as {@code "body": "..."}), or is null.
     */
    public String queue(String category, String title, String audience, String more) {
        return queue("""
                {"category": "%s", "title": "%s", "audience": %s, "author": "开发区处"%s}
                """.formatted(category, title, audience, more == null ? "" : ", " + more));
    }

    /** Fires the slot now; answers the new bulletin's id. */
    public String fire(String slot) {
        Http.Reply reply = http.post("/api/slots/" + slot + "/fire", "application/json", "");
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.json().get("id").asText();
    }
}
