package org.devzone.bulletin.access;

/** The tokens in force now: {@code tokens.yaml} as last loaded, so a token removed from it stops working. */
@FunctionalInterface
public interface TokenSource {

    ApiTokens current();
}
