package org.devzone.bulletin.delivery;

/**
 * A channel refused or could not take a delivery; {@code permanent} when trying again cannot help,
 * {@code rateLimited} when the provider said we send too fast (the robot is then paused for a while).
 */
public final class DeliveryFailure extends Exception {

    private final boolean permanent;
    private final boolean rateLimited;

    public DeliveryFailure(String reason, boolean permanent) {
        this(reason, permanent, false, null);
    }

    public DeliveryFailure(String reason, boolean permanent, Throwable cause) {
        this(reason, permanent, false, cause);
    }

    private DeliveryFailure(String reason, boolean permanent, boolean rateLimited, Throwable cause) {
        super(reason, cause);
        this.permanent = permanent;
        this.rateLimited = rateLimited;
    }

    /** The provider refused the message because we send too fast: transient. */
    public static DeliveryFailure rateLimited(String reason) {
        return new DeliveryFailure(reason, false, true, null);
    }

    public boolean permanent() {
        return permanent;
    }

    public boolean rateLimited() {
        return rateLimited;
    }
}
