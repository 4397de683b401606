package org.devzone.bulletin.delivery;

/** A channel refused or could not take a delivery; {@code permanent} when trying again cannot help. */
public final class DeliveryFailure extends Exception {

    private final boolean permanent;

    public DeliveryFailure(String reason, boolean permanent) {
        super(reason);
        this.permanent = permanent;
    }

    public DeliveryFailure(String reason, boolean permanent, Throwable cause) {
        super(reason, cause);
        this.permanent = permanent;
    }

    public boolean permanent() {
        return permanent;
    }
}
