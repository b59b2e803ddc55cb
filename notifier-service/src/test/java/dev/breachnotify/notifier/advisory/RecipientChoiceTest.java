package dev.breachnotify.notifier.advisory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breachnotify.events.AdvisoryPublished.Recipients;
import dev.breachnotify.events.ContactRole;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecipientChoiceTest {

    @Test
    void aDraftWithoutRecipientsGoesToOwnersAndManagersAndTellsPartners() {
        RecipientChoice defaulted = new RecipientChoice(null, null).withDefaults();

        assertThat(defaulted.problems()).isEmpty();
        assertThat(defaulted.toRecipients()).isEqualTo(Recipients.DEFAULT);
    }

    @Test
    void rolesAreReadAsFormsWriteThemAndStoredAsTheApiNamesThem() {
        RecipientChoice choice =
                new RecipientChoice(List.of("Owner", "DATA_PROTECTION", "data-protection"), false).withDefaults();

        assertThat(choice.roles()).containsExactly("owner", "data-protection", "data-protection");
        assertThat(choice.toRecipients())
                .isEqualTo(new Recipients(List.of(ContactRole.OWNER, ContactRole.DATA_PROTECTION), false));
    }

    @Test
    void unknownOrNoRolesAreRefusedNamingTheField() {
        assertThat(new RecipientChoice(List.of("owner", "janitor"), true)
                        .withDefaults()
                        .problems())
                .singleElement()
                .asString()
                .startsWith("recipients.roles[1]: unknown role 'janitor'");
        assertThat(new RecipientChoice(List.of(), true).withDefaults().problems())
                .singleElement()
                .asString()
                .startsWith("recipients.roles: name at least one role");
    }
}
