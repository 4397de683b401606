package org.devzone.bulletin;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.devzone.bulletin.access.Access;
import org.devzone.bulletin.access.ApiTokens;
import org.devzone.bulletin.access.LiveTokens;
import org.devzone.bulletin.access.UnmatchedRequests;
import org.devzone.bulletin.platform.FailureLimiter;
import org.devzone.bulletin.platform.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access feature's wiring: tokens as {@code tokens.yaml} says now, the check on every route the router matched,
 * and the answer to what no route takes.
 */
final class AccessWiring {

    private static final Logger LOG = LoggerFactory.getLogger(AccessWiring.class);

    private AccessWiring() {}

    /** What the pages and the start need of access. */
    record Parts(LiveTokens tokens, Access access, UnmatchedRequests unmatched) {}

    static Parts configure(
            CamelContext context,
            LoadedConfig config,
            FailureLimiter badTokens,
            Problems problems,
            ObjectMapper mapper) {
        Registry registry = context.getRegistry();
        var zones = config.zones();
        // tokens.yaml as it is now: a token removed stops working within seconds (the tokens-reload route).
        var tokens = new LiveTokens(config.directory().resolve("tokens.yaml"), zones, config.tokens());
        registry.bind("tokens", tokens);
        var access = new Access(tokens, badTokens);
        registry.bind("access", access);
        var unmatched = new UnmatchedRequests(
                access,
                badTokens,
                problems,
                mapper,
                Long.parseLong(context.resolvePropertyPlaceholders("{{camel.server.maxBodySize}}")));
        if (config.tokens().developmentTokenInUse()) {
            LOG.warn(
                    "The development token '{}' from the README is configured in tokens.yaml: anyone who read the README can"
                            + " act as admin. Mint real tokens (token --role admin|staff) and remove it.",
                    ApiTokens.DEVELOPMENT_TOKEN);
        }
        return new Parts(tokens, access, unmatched);
    }
}
