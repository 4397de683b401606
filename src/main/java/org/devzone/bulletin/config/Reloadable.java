package org.devzone.bulletin.config;

import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A value read from files an admin edits, read again when they change (their fingerprint differs). An edit that does
 * not load is refused: the value in force stays, and the edit's problems are kept (for health) until the files are
 * fixed.
 *
 * @param <T> what the files hold
 */
public final class Reloadable<T> {

    private static final Logger LOG = LoggerFactory.getLogger(Reloadable.class);

    private final String what;
    private final Supplier<String> fingerprint;
    private final Supplier<T> loader;
    private final Function<T, String> described;
    private volatile T value;
    private volatile List<String> problems = List.of();
    private String seen;

    /**
     * @param what the files, for the log ({@code config/tokens.yaml})
     * @param loader reads the files; throws {@link ConfigException} for an edit to refuse
     * @param described what a newly loaded value holds, for the log ({@code 3 token(s)})
     */
    public Reloadable(
            String what, T initial, Supplier<String> fingerprint, Supplier<T> loader, Function<T, String> described) {
        this.what = what;
        this.value = initial;
        this.fingerprint = fingerprint;
        this.loader = loader;
        this.described = described;
        this.seen = fingerprint.get();
    }

    public T get() {
        return value;
    }

    /** The problems of the last edit that was refused; empty when the files on disk are the ones in force. */
    public List<String> problems() {
        return problems;
    }

    /** Reads the files again if they changed since the last look; true when a new value is in force. */
    public synchronized boolean reloadIfChanged() {
        String now = fingerprint.get();
        if (now.equals(seen)) {
            return false;
        }
        seen = now;
        try {
            value = loader.get();
            problems = List.of();
            LOG.info("Reloaded {}: {}", what, described.apply(value));
            return true;
        } catch (ConfigException e) {
            problems = e.problems();
            LOG.error(
                    "Edit of {} refused, what was loaded before stays in force until it is fixed:{}{}",
                    what,
                    System.lineSeparator(),
                    String.join(System.lineSeparator(), e.problems()));
            return false;
        }
    }
}
