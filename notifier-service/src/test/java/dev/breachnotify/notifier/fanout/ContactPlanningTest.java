package dev.breachnotify.notifier.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breachnotify.events.AdvisoryPublished;
import dev.breachnotify.events.AdvisoryPublished.Recipients;
import dev.breachnotify.events.Channel;
import dev.breachnotify.events.Contact;
import dev.breachnotify.events.ContactRole;
import dev.breachnotify.events.LocalizedText;
import dev.breachnotify.events.NotificationRequested;
import dev.breachnotify.events.Partner;
import dev.breachnotify.events.PartnerAssignment;
import dev.breachnotify.events.PartnerContact;
import dev.breachnotify.events.PartnerNotificationRequested;
import dev.breachnotify.events.PartnerPractice;
import dev.breachnotify.events.PostalAddress;
import dev.breachnotify.events.Practice;
import dev.breachnotify.events.PreferredChannel;
import dev.breachnotify.notifier.advisory.DefaultCredentials;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ContactPlanningTest {

    private static final Instant EXPIRES = Instant.parse("2027-02-01T00:00:00Z");
    private static final NotificationPlanner.ContactCodes CODES = contactId -> "hash-of-" + contactId;

    private static final Contact OWNER =
            new Contact("c-owner", "Dr. Anna Berg", ContactRole.OWNER, "berg@praxis.example", null, null);
    private static final Contact MANAGER = new Contact(
            "c-manager", "Paul Kern", ContactRole.MANAGER, "kern@praxis.example", PreferredChannel.EMAIL, "en");
    private static final Contact DOCTOR =
            new Contact("c-doctor", "Dr. Tim Roth", ContactRole.DOCTOR, "roth@praxis.example", null, null);
    private static final Contact DATA_PROTECTION =
            new Contact("c-dp", "Eva Lenz", ContactRole.DATA_PROTECTION, null, PreferredChannel.EMAIL, null);

    @Test
    void eachContactInTheRolesGetsANotificationWithItsOwnCodeAndNoOtherDoes() {
        Practice practice = practice(List.of(DOCTOR, MANAGER, OWNER, DATA_PROTECTION));

        List<NotificationRequested> planned = NotificationPlanner.plan(
                advisory(List.of(Channel.EMAIL, Channel.LETTER), Recipients.DEFAULT), practice, CODES, EXPIRES);

        assertThat(planned).extracting(NotificationRequested::contactId).containsExactly("c-owner", "c-manager");
        assertThat(planned).extracting(NotificationRequested::channel).containsOnly(Channel.EMAIL);
        assertThat(planned.get(0).recipients()).containsExactly("berg@praxis.example");
        assertThat(planned.get(0).codeHash()).isEqualTo("hash-of-c-owner");
        assertThat(planned.get(0).language()).isEqualTo("de");
        assertThat(planned.get(1).language()).isEqualTo("en");
        assertThat(planned.get(0).notificationId())
                .isNotEqualTo(planned.get(1).notificationId())
                .isNotEqualTo(NotificationPlanner.notificationId("ADV-1", "P-1", Channel.EMAIL, "initial"))
                .isEqualTo(NotificationPlanner.notificationId("ADV-1", "P-1", Channel.EMAIL, "initial", "c-owner"));
    }

    @Test
    void aContactWithoutEmailOrPreferringLettersGetsALetterForTheirAttention() {
        Contact letters = new Contact(
                "c-letters", "Dr. Ida Vogt", ContactRole.OWNER, "vogt@praxis.example", PreferredChannel.LETTER, null);
        Practice practice = practice(List.of(letters, DATA_PROTECTION));

        List<NotificationRequested> planned = NotificationPlanner.plan(
                advisory(
                        List.of(Channel.EMAIL, Channel.LETTER),
                        new Recipients(List.of(ContactRole.OWNER, ContactRole.DATA_PROTECTION), false)),
                practice,
                CODES,
                EXPIRES);

        assertThat(planned).extracting(NotificationRequested::contactId).containsExactly("c-letters", "c-dp");
        assertThat(planned).extracting(NotificationRequested::channel).containsOnly(Channel.LETTER);
        assertThat(planned).allSatisfy(letter -> assertThat(letter.recipients()).isEmpty());
        assertThat(planned.get(1).codeHash()).isEqualTo("hash-of-c-dp");
    }

    @Test
    void aPracticeWithNoContactInTheRolesIsWrittenToAsBeforeContactsExisted() {
        Practice noneInRoles = practice(List.of(DOCTOR));
        Practice noContacts = practice(List.of());
        AdvisoryPublished advisory = advisory(List.of(Channel.EMAIL, Channel.LETTER), Recipients.DEFAULT);

        for (Practice practice : List.of(noneInRoles, noContacts)) {
            List<NotificationRequested> planned = NotificationPlanner.plan(advisory, practice, CODES, EXPIRES);
            assertThat(planned).singleElement().satisfies(general -> {
                assertThat(general.contactId()).isNull();
                assertThat(general.codeHash()).isEqualTo("hash-of-null");
                assertThat(general.recipients()).containsExactly("info@praxis.example");
                assertThat(general.notificationId())
                        .isEqualTo(NotificationPlanner.notificationId("ADV-1", "P-1", Channel.EMAIL, "initial"));
            });
        }
    }

    @Test
    void aContactWhoCannotBeReachedOnTheAdvisorysChannelsFallsBackToTheGeneralAddress() {
        Practice practice = practice(List.of(DATA_PROTECTION));
        List<NotificationRequested> planned = NotificationPlanner.plan(
                advisory(List.of(Channel.EMAIL), new Recipients(List.of(ContactRole.DATA_PROTECTION), false)),
                practice,
                CODES,
                EXPIRES);
        assertThat(planned)
                .singleElement()
                .satisfies(general -> assertThat(general.contactId()).isNull());
    }

    @Test
    void partnersAreToldOfTheirPracticesWithTheCredentialsTheyAreResponsibleFor() {
        AdvisoryPublished advisory = advisory(List.of(Channel.EMAIL), Recipients.DEFAULT);
        Practice first = practice(List.of())
                .withContactsAndPartners(
                        List.of(),
                        List.of(new PartnerAssignment("*", "itp-a"), new PartnerAssignment("ti-konnektor", "itp-b")));
        Practice second = new Practice("P-2", "Zweite", null, List.of(), null, "de", "x", PreferredChannel.EMAIL)
                .withContactsAndPartners(List.of(), List.of(new PartnerAssignment("ti-konnektor", "itp-b")));
        Practice third = new Practice("P-3", "Dritte", null, List.of(), null, "de", "x", PreferredChannel.EMAIL)
                .withContactsAndPartners(List.of(), List.of(new PartnerAssignment("*", "itp-mute")));
        PartnerNotices notices = new PartnerNotices();
        notices.add(advisory, first);
        notices.add(advisory, second);
        notices.add(advisory, third);
        Map<String, Partner> directory = Map.of(
                "itp-a", new Partner("itp-a", "A-IT", "de", List.of(new PartnerContact("A", "a@itp.example"))),
                "itp-b", new Partner("itp-b", "B-IT", "en", List.of(new PartnerContact("B", "b@itp.example"))),
                "itp-mute", new Partner("itp-mute", "Mute", "de", List.of(new PartnerContact("M", null))));

        List<PartnerNotificationRequested> requests =
                notices.requests(advisory, directory, "initial", partnerId -> "hash-" + partnerId, EXPIRES);

        assertThat(requests).extracting(PartnerNotificationRequested::partnerId).containsExactly("itp-a", "itp-b");
        assertThat(requests.get(0).practices())
                .containsExactly(new PartnerPractice(
                        "P-1", List.of("practice-software", "windows-workstations", "windows-servers")));
        assertThat(requests.get(1).practices())
                .containsExactly(
                        new PartnerPractice("P-1", List.of("ti-konnektor")),
                        new PartnerPractice("P-2", List.of("ti-konnektor")));
        assertThat(requests.get(1).recipients()).containsExactly("b@itp.example");
        assertThat(requests.get(1).language()).isEqualTo("en");
        assertThat(requests.get(1).codeHash()).isEqualTo("hash-itp-b");
        assertThat(requests.get(1).notificationId())
                .isEqualTo(PartnerNotices.notificationId("ADV-1", "itp-b", "initial"))
                .isNotEqualTo(PartnerNotices.notificationId("ADV-1", "itp-b", "reminder"));
        assertThat(notices.unreachable(directory)).isEqualTo(1);
    }

    @Test
    void aReminderDigestLeavesOutWhatThePartnerDeclined() {
        Practice practice =
                practice(List.of()).withContactsAndPartners(List.of(), List.of(new PartnerAssignment("*", "itp-a")));
        PartnerNotices notices = new PartnerNotices();
        notices.add(practice, List.of("practice-software", "ti-konnektor"), Set.of("itp-a\u0000ti-konnektor"));
        assertThat(notices.practicesOf("itp-a"))
                .containsExactly(new PartnerPractice("P-1", List.of("practice-software")));

        PartnerNotices allDeclined = new PartnerNotices();
        allDeclined.add(practice, List.of("ti-konnektor"), Set.of("itp-a\u0000ti-konnektor"));
        assertThat(allDeclined.partnerIds()).isEmpty();
    }

    @Test
    void laterStepsRemindEachEmailableContactAndWriteOneLetterForTheFirstOrTheBouncedOnesAttention() {
        Practice practice = practice(List.of(MANAGER, OWNER, DOCTOR));
        AdvisoryPublished advisory = advisory(List.of(Channel.EMAIL, Channel.LETTER), Recipients.DEFAULT);

        List<NotificationRequested> reminders =
                NotificationPlanner.stepRequests(advisory, practice, Channel.EMAIL, "reminder", CODES, EXPIRES);
        List<NotificationRequested> letters =
                NotificationPlanner.stepRequests(advisory, practice, Channel.LETTER, "letter", CODES, EXPIRES);
        List<NotificationRequested> bounce = NotificationPlanner.stepRequests(
                advisory, practice, Channel.LETTER, "bounce", CODES, EXPIRES, "c-manager");

        assertThat(reminders).extracting(NotificationRequested::contactId).containsExactly("c-owner", "c-manager");
        assertThat(letters).singleElement().satisfies(letter -> {
            assertThat(letter.contactId()).isEqualTo("c-owner");
            assertThat(letter.codeHash()).isEqualTo("hash-of-c-owner");
        });
        assertThat(bounce)
                .singleElement()
                .satisfies(letter -> assertThat(letter.contactId()).isEqualTo("c-manager"));
        assertThat(NotificationPlanner.stepRequests(
                        advisory, practice(List.of(DOCTOR)), Channel.EMAIL, "reminder", CODES, EXPIRES))
                .singleElement()
                .satisfies(general -> assertThat(general.contactId()).isNull());
    }

    @Test
    void aPartnerListTooLongForOneKafkaRecordIsRecognisedBeforeItIsSent() {
        assertThat(PartnerNotices.fits(partnerNotice(100))).isTrue();
        assertThat(PartnerNotices.fits(partnerNotice(20_000))).isFalse();
    }

    private static dev.breachnotify.events.EventEnvelope<PartnerNotificationRequested> partnerNotice(int practices) {
        List<PartnerPractice> listed = java.util.stream.IntStream.range(0, practices)
                .mapToObj(i -> new PartnerPractice("P-" + i, List.of("practice-software", "ti-konnektor")))
                .toList();
        return dev.breachnotify.events.EventEnvelope.wrap(
                new PartnerNotificationRequested(
                        PartnerNotices.notificationId("ADV-1", "itp-a", "initial"),
                        "ADV-1",
                        "itp-a",
                        "initial",
                        "de",
                        List.of("a@itp.example"),
                        "ab".repeat(32),
                        EXPIRES,
                        listed),
                "notifier-service",
                EXPIRES);
    }

    private static Practice practice(List<Contact> contacts) {
        return new Practice(
                        "P-1",
                        "Praxis Berg",
                        null,
                        List.of("info@praxis.example"),
                        new PostalAddress("Weg 1", "10115", "Berlin", "DE"),
                        "de",
                        "x",
                        PreferredChannel.EMAIL)
                .withContactsAndPartners(contacts, List.of());
    }

    private static AdvisoryPublished advisory(List<Channel> channels, Recipients recipients) {
        return new AdvisoryPublished(
                "ADV-1",
                "T",
                Map.of("de", new LocalizedText("S", "B"), "en", new LocalizedText("S", "B")),
                DefaultCredentials.ALL,
                LocalDate.of(2026, 12, 15),
                AdvisoryPublished.Audience.ALL,
                channels,
                "comms",
                Instant.parse("2026-11-24T08:00:00Z"),
                null,
                Map.of(),
                List.of(),
                recipients);
    }
}
