package org.devzone.bulletin.platform;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/**
 * A database call failed. {@link #unavailable()} tells a database that is down or unreachable (answer 503, retry
 * later) from a bug (answer 500).
 */
public final class StoreException extends RuntimeException {

    private final boolean unavailable;

    public StoreException(String message, SQLException cause) {
        super(message + ": " + cause.getMessage(), cause);
        this.unavailable = isUnavailable(cause);
    }

    public boolean unavailable() {
        return unavailable;
    }

    /**
     * Whether the database refused the data itself (a value too long or out of range, a constraint): the same data
     * will be refused again, so it is the input's problem, not the infrastructure's.
     */
    public boolean dataRefused() {
        for (Throwable t = getCause(); t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                return state.startsWith("22") || state.startsWith("23") && !state.equals("23505");
            }
        }
        return false;
    }

    static boolean isUnavailable(SQLException e) {
        for (SQLException s = e; s != null; s = s.getNextException()) {
            String state = s.getSQLState();
            if (s instanceof SQLTransientException
                    || s instanceof SQLRecoverableException
                    || state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P03"))) {
                return true;
            }
            if (s.getCause() instanceof SQLException cause && cause != s) {
                return isUnavailable(cause);
            }
        }
        return false;
    }

    /** True for a unique-constraint violation (SQLSTATE 23505 on both H2 and PostgreSQL). */
    public static boolean isDuplicateKey(SQLException e) {
        return "23505".equals(e.getSQLState());
    }
}
