package org.devzone.bulletin.platform;

import com.github.f4b6a3.uuid.UuidCreator;

/**
 * Ids of the rows a fan-out writes by the thousand (bulletins, editions, deliveries): UUIDv7, increasing in the order
 * they are made, even within one millisecond. A batch of deliveries made one after the other then sits side by side in
 * the table and in its indexes, so claiming or recording the batch touches a few pages instead of one page per row;
 * random ids scattered every batch over the whole table. Still 36 characters, as the columns expect.
 */
public final class RowIds {

    private RowIds() {}

    public static String next() {
        return UuidCreator.getTimeOrderedEpochPlus1().toString();
    }
}
