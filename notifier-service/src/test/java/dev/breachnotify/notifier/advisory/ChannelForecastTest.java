package dev.breachnotify.notifier.advisory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breachnotify.events.AdvisoryPublished;
import dev.breachnotify.events.Channel;
import dev.breachnotify.events.Contact;
import dev.breachnotify.events.ContactRole;
import dev.breachnotify.events.LocalizedText;
import dev.breachnotify.events.PostalAddress;
import dev.breachnotify.events.Practice;
import dev.breachnotify.events.PreferredChannel;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChannelForecastTest {

    private static final PostalAddress ADDRESS = new PostalAddress("Weg 1", "10115", "Berlin", "DE");

    @Test
    void countsEachPracticeOnceByTheChannelsTheFirstStepUses() {
        AdvisoryPublished advisory = advisory(List.of(Channel.EMAIL, Channel.LETTER));

        ChannelForecast forecast = ChannelForecast.empty("ADV-1")
                .plus(advisory, practice(PreferredChannel.EMAIL, List.of("a@example.org"), ADDRESS))
                .plus(advisory, practice(PreferredChannel.EMAIL, List.of("b@example.org"), null))
                .plus(advisory, practice(PreferredChannel.LETTER, List.of("c@example.org"), ADDRESS))
                .plus(advisory, practice(PreferredChannel.EMAIL, List.of(), ADDRESS))
                .plus(advisory, practice(PreferredChannel.EMAIL, List.of(), null));

        assertThat(forecast).isEqualTo(new ChannelForecast("ADV-1", 5, 2, 2, 0, 1));
    }

    @Test
    void anEmailOnlyAdvisoryLeavesPracticesWithoutEmailUnreachable() {
        AdvisoryPublished advisory = advisory(List.of(Channel.EMAIL));

        ChannelForecast forecast = ChannelForecast.empty("ADV-1")
                .plus(advisory, practice(PreferredChannel.EMAIL, List.of(), ADDRESS))
                .plus(advisory, practice(PreferredChannel.EMAIL, List.of("a@example.org"), ADDRESS));

        assertThat(forecast).isEqualTo(new ChannelForecast("ADV-1", 2, 1, 0, 0, 1));
    }

    @Test
    void aPracticeWithContactsCountsOnceByItsContactsChannels() {
        AdvisoryPublished advisory = advisory(List.of(Channel.EMAIL, Channel.LETTER));
        Contact owner = new Contact("c-1", "Dr. A", ContactRole.OWNER, "a@example.org", PreferredChannel.LETTER, null);
        Contact manager = new Contact("c-2", "B", ContactRole.MANAGER, "b@example.org", null, null);
        Contact doctor = new Contact("c-3", "Dr. C", ContactRole.DOCTOR, "c@example.org", null, null);

        ChannelForecast forecast = ChannelForecast.empty("ADV-1")
                .plus(
                        advisory,
                        practice(PreferredChannel.EMAIL, List.of(), ADDRESS)
                                .withContactsAndPartners(List.of(owner, manager), List.of()))
                .plus(
                        advisory,
                        practice(PreferredChannel.LETTER, List.of("p@example.org"), ADDRESS)
                                .withContactsAndPartners(List.of(doctor), List.of()));

        // the first by a letter for the owner and a mail to the manager; the second, no contact in the roles, as before
        assertThat(forecast).isEqualTo(new ChannelForecast("ADV-1", 2, 0, 1, 1, 0));
    }

    private static Practice practice(PreferredChannel preferred, List<String> emails, PostalAddress address) {
        return new Practice("P-1", "Praxis", null, emails, address, "de", "x", preferred);
    }

    private static AdvisoryPublished advisory(List<Channel> channels) {
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
                null);
    }
}
