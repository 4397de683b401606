package org.devzone.bulletin.desk;

import java.util.function.Supplier;
import org.devzone.bulletin.bulletin.BulletinService;
import org.devzone.bulletin.bulletin.BulletinStore;
import org.devzone.bulletin.cadence.Planner;
import org.devzone.bulletin.delivery.DeliveryStore;
import org.devzone.bulletin.delivery.EditionPreview;
import org.devzone.bulletin.delivery.EditionTemplates;
import org.devzone.bulletin.delivery.Redrive;
import org.devzone.bulletin.feedback.FeedbackStore;
import org.devzone.bulletin.receipt.ReceiptStore;
import org.devzone.bulletin.zone.ZoneDirectory;

/** What the desk's pages read besides notices. */
public record DeskSources(
        ZoneDirectory zones,
        Supplier<Planner> planner,
        EditionTemplates templates,
        BulletinStore bulletins,
        BulletinService bulletinService,
        ReceiptStore receipts,
        DeliveryStore deliveries,
        Redrive redrive,
        EditionPreview editions,
        FeedbackStore feedback) {}
