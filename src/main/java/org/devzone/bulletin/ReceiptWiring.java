package org.devzone.bulletin;

import java.time.Clock;
import org.devzone.bulletin.platform.Database;
import org.devzone.bulletin.receipt.ReceiptSecret;
import org.devzone.bulletin.receipt.ReceiptService;
import org.devzone.bulletin.receipt.ReceiptStore;
import org.devzone.bulletin.receipt.ReceiptTokens;

/** The receipt feature's wiring (公文签收): the ledger, and links signed with the office's secret. */
final class ReceiptWiring {

    private ReceiptWiring() {}

    /** The receipt ledger, the service that makes and checks links, and the public address the links start with. */
    record Parts(ReceiptStore store, ReceiptService receipts, String publicUrl) {}

    static Parts configure(Settings settings, LoadedConfig config, Database database, Clock clock) {
        ReceiptStore receiptStore =
                new ReceiptStore(database.dataSource(), config.schedule().timeZone());
        String publicUrl = settings.http().publicUrl().isEmpty()
                ? "http://localhost:" + settings.http().port()
                : settings.http().publicUrl();
        ReceiptService receipts = new ReceiptService(
                new ReceiptTokens(ReceiptSecret.resolve(settings.receipts().secret(), settings.dataDir())),
                receiptStore,
                config.zones(),
                clock,
                config.schedule().timeZone(),
                publicUrl,
                settings.officeName(),
                settings.receipts().validDays());
        return new Parts(receiptStore, receipts, publicUrl);
    }
}
