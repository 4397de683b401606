package org.devzone.bulletin.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import java.net.ConnectException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.Test;

/** What a failed send means for the delivery: dead at once, or tried again; this mail or the whole batch. */
class FailureClassifierTest {

    @Test
    void aRecipientRefusedFor5xxIsDeadAndConcernsThatMailOnly() throws Exception {
        var refused = new SMTPAddressFailedException(
                new InternetAddress("nobody@example.org"), "RCPT TO", 550, "550 5.1.1 no such user");

        assertThat(FailureClassifier.isPermanent(refused)).isTrue();
        assertThat(FailureClassifier.concernsThisMailOnly(refused)).isTrue();
        assertThat(FailureClassifier.describe(new MessagingException("sending", refused)))
                .isEqualTo("the mail server refused the address nobody@example.org: 550 5.1.1 no such user");
    }

    @Test
    void aGreylistingOr4xxAnswerIsTriedAgain() throws Exception {
        var later = new SMTPSendFailedException("DATA", 451, "451 4.7.1 try again later", null, null, null, null);

        assertThat(FailureClassifier.isPermanent(later)).isFalse();
        assertThat(FailureClassifier.describe(later))
                .isEqualTo("the mail server refused the message: 451 4.7.1 try again later");
    }

    @Test
    void noConnectionIsTriedAgainAndConcernsEveryMailOfTheBatch() {
        var down = new MessagingException("could not connect", new ConnectException("Connection refused"));

        assertThat(FailureClassifier.isPermanent(down)).isFalse();
        assertThat(FailureClassifier.concernsThisMailOnly(down)).isFalse();
        assertThat(FailureClassifier.describe(down)).isEqualTo("cannot connect to the mail server: Connection refused");
    }

    @Test
    void ourCredentialsRefusedAndAChannelsOwnVerdictAreTakenAsTheySay() {
        assertThat(FailureClassifier.isPermanent(new AuthenticationFailedException("535")))
                .isTrue();
        assertThat(FailureClassifier.isPermanent(new DeliveryFailure("keyword missing", true)))
                .isTrue();
        assertThat(FailureClassifier.isPermanent(new DeliveryFailure("robot busy", false)))
                .isFalse();
        assertThat(FailureClassifier.describe(new DeliveryFailure("keyword missing", true)))
                .isEqualTo("keyword missing");
        assertThat(FailureClassifier.describe(null)).isEqualTo("unknown failure");
    }
}
