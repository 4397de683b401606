package org.devzone.bulletin.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.devzone.bulletin.platform.StoreException;
import org.devzone.bulletin.zone.ChannelDefinition;
import org.devzone.bulletin.zone.ChannelType;
import org.junit.jupiter.api.Test;

/**
 * What a chat channel says became of a delivery, whatever its provider did: sent with the provider's id and the
 * number of parts, failed (for good or for now, as the failure says), or not yet when its robot's rate says wait. Only
 * a failure of the ledger escapes, so the message comes back rather than counting as the delivery's own failure.
 */
class ChatChannelTest {

    private final PacedRobot fixture = new PacedRobot();
    private final AtomicLong millis = fixture.millis;
    private final PacedSending paced = fixture.paced;
    private final ChannelDefinition robot = fixture.robot;

    @Test
    void whatTheProviderTookIsSentWithItsIdAndPartCount() {
        Channel.Outcome outcome = send(part -> "msg-7");

        assertThat(outcome).isEqualTo(new Channel.Outcome.Sent("msg-7", 1));
    }

    @Test
    void aRefusalIsAFailureThatSaysWhetherItIsForGood() {
        Channel.Outcome forGood = send(part -> {
            throw new DeliveryFailure("the robot's key is wrong", true);
        });
        millis.addAndGet(60_000); // the next slot
        Channel.Outcome forNow = send(part -> {
            throw new DeliveryFailure("the robot answered 503", false);
        });

        assertThat(forGood).isInstanceOf(Channel.Outcome.Failed.class);
        assertThat(FailureClassifier.isPermanent(((Channel.Outcome.Failed) forGood).cause()))
                .isTrue();
        assertThat(FailureClassifier.isPermanent(((Channel.Outcome.Failed) forNow).cause()))
                .isFalse();
        assertThat(((Channel.Outcome.Failed) forNow).channelDown()).isFalse();
    }

    @Test
    void aRobotThatMayNotTakeAnotherMessageYetSaysWhenItMay() {
        send(part -> "msg-1");

        Channel.Outcome second = send(part -> "msg-2");

        assertThat(second).isInstanceOf(Channel.Outcome.NotYet.class);
        Pacer.Slot slot = ((Channel.Outcome.NotYet) second).slot();
        assertThat(slot.key()).isEqualTo("wecom:wecom-a");
        assertThat(slot.at()).isEqualTo(millis.get() + 60_000);
    }

    @Test
    void aBugInTheChannelIsTheDeliverysFailureButTheDatabaseGoingAwayIsNot() {
        Channel.Outcome bug = send(part -> {
            throw new IllegalStateException("unexpected");
        });
        assertThat(bug).isInstanceOf(Channel.Outcome.Failed.class);

        millis.addAndGet(60_000);
        assertThatThrownBy(() -> send(part -> {
                    throw new StoreException("the database went away", new SQLException("closed"));
                }))
                .isInstanceOf(StoreException.class);
    }

    private Channel.Outcome send(PacedSending.PartSender sender) {
        ChatChannel channel = new ChatChannel(ChannelType.WECOM, null, null, paced) {
            @Override
            Message message(Channel.Parcel parcel, String target) {
                assertThat(target).isEqualTo("wecom-a");
                return new Message(robot, List.of("本周工作提醒"), sender);
            }
        };
        try (Channel.Sending sending = channel.open()) {
            return sending.send(new Channel.Parcel(PacedRobot.delivery(0), null, null));
        }
    }
}
