package org.devzone.bulletin.delivery;

/**
 * A channel refused or could not take a delivery; {@code permanent} when trying again cannot help,
 * {@code rateLimited} when the provider said we send too fast (the robot is then paused for a while), {@code recorded}
 * when the ledger already holds the outcome of every delivery concerned (a batch of emails).
 */
public final class DeliveryFailure extends Exception {

    private final boolean permanent;
    private final boolean rateLimited;
    private final boolean recorded;

    public DeliveryFailure(String reason, boolean permanent) {
        this(reason, permanent, false, false, null);
    }

    public DeliveryFailure(String reason, boolean permanent, Throwable cause) {
        this(reason, permanent, false, false, cause);
    }

    private DeliveryFailure(String reason, boolean permanent, boolean rateLimited, boolean recorded, Throwable cause) {
        super(reason, cause);
        this.permanent = permanent;
        this.rateLimited = rateLimited;
        this.recorded = recorded;
    }

    /** Some deliveries of a batch are to be tried again; each one's failure is already in the ledger. */
    public static DeliveryFailure recorded(String reason) {
        return new DeliveryFailure(reason, false, false, true, null);
    }

    /** The provider refused the message because we send too fast: transient. */
    public static DeliveryFailure rateLimited(String reason) {
        return new DeliveryFailure(reason, false, true, false, null);
    }

    public boolean permanent() {
        return permanent;
    }

    public boolean rateLimited() {
        return rateLimited;
    }

    public boolean recorded() {
        return recorded;
    }
}
