package org.devzone.bulletin.platform;

import java.sql.Connection;
import java.sql.SQLException;

/** Small JDBC helpers shared by the stores. */
public final class Jdbc {

    private Jdbc() {}

    /** Rolls back, keeping the original failure: a broken connection's rollback fails too, and must not hide why. */
    public static void rollback(Connection c, SQLException cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
