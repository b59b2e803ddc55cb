package dev.breachnotify.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pure parts of the pages: form to API request, CSV search, language choice, page roles. */
class FormsTest {

    @Test
    void theAdvisoryFormBecomesTheDraftTheApiTakes() {
        String json = AdvisoryPages.draftJson(Map.of(
                "title",
                " Vorfall ",
                "deadline",
                "2027-06-30",
                "subject_de",
                "Betreff",
                "body_de",
                "Zeile 1\r\nZeile 2",
                "subject_en",
                "Subject",
                "body_en",
                "Body",
                "channel_email",
                "on",
                "csrf",
                "x"));

        assertThat(json)
                .isEqualTo("{\"title\":\"Vorfall\",\"deadline\":\"2027-06-30\",\"texts\":{"
                        + "\"de\":{\"subject\":\"Betreff\",\"body\":\"Zeile 1\\nZeile 2\"},"
                        + "\"en\":{\"subject\":\"Subject\",\"body\":\"Body\"}},\"channels\":[\"EMAIL\"],"
                        + "\"recipients\":{\"roles\":[],\"partners\":false},\"credentials\":[]}");
    }

    @Test
    void credentialsAudienceScheduleAndSupersedesBecomeTheDraftsOptionalParts() {
        Map<String, String> form = new java.util.HashMap<>(Map.of(
                "title",
                "T",
                "cred_practice-software",
                "on",
                "cred_ti-konnektor",
                "on",
                "cred_custom_id",
                "praxis-wlan",
                "cred_custom_de",
                "WLAN-Schlüssel",
                "cred_custom_en",
                "Wi-Fi key",
                "audience",
                "PRACTICES",
                "audience_practices",
                "P-1, P-2\nP-3",
                "audience_segments",
                "ignored",
                "supersedes",
                " ADV-0001 "));
        form.put("reminder_days", "0");
        form.put("letter_days", "");

        Map<String, Object> draft = AdvisoryPages.draft(form);

        assertThat(((List<?>) draft.get("credentials"))
                        .stream().map(c -> (Object) ((Map<?, ?>) c).get("id")).toList())
                .isEqualTo(List.of("practice-software", "ti-konnektor", "praxis-wlan"));
        assertThat(((Map<?, ?>) ((List<?>) draft.get("credentials")).get(2)).get("label"))
                .isEqualTo(Map.of("de", "WLAN-Schlüssel", "en", "Wi-Fi key"));
        assertThat(draft.get("audience"))
                .isEqualTo(Map.of("kind", "PRACTICES", "values", List.of("P-1", "P-2", "P-3")));
        assertThat(draft.get("supersedes")).isEqualTo("ADV-0001");
        assertThat(draft.get("schedule")).isEqualTo(Map.of("reminderAfterDays", 0));

        form.put("role_owner", "on");
        form.put("role_data-protection", "on");
        form.put("partners", "on");
        assertThat(AdvisoryPages.draft(form).get("recipients"))
                .isEqualTo(Map.of("roles", List.of("owner", "data-protection"), "partners", true));

        Map<String, Object> defaults =
                AdvisoryPages.draft(Map.of("audience", "ALL", "audience_practices", "P-1", "reminder_days", "drei"));
        assertThat(defaults).doesNotContainKeys("audience", "supersedes");
        assertThat(defaults.get("schedule"))
                .as("left to the service to name")
                .isEqualTo(Map.of("reminderAfterDays", "drei"));
        assertThat(AdvisoryPages.draft(Map.of("audience", "SEGMENTS", "audience_segments", "zahnarzt,  mvz"))
                        .get("audience"))
                .isEqualTo(Map.of("kind", "SEGMENTS", "values", List.of("zahnarzt", "mvz")));
    }

    @Test
    void aServiceProblemPointsAtItsFormField() {
        assertThat(AdvisoryPages.fieldOf("texts.en.body: unknown placeholder {{x}}"))
                .isEqualTo("body_en");
        assertThat(AdvisoryPages.fieldOf("texts.de: is missing")).isEqualTo("subject_de");
        assertThat(AdvisoryPages.fieldOf("credentials[4].label.de: is missing")).isEqualTo("credentials");
        assertThat(AdvisoryPages.fieldOf("audience.values: name at least one practice"))
                .isEqualTo("audience");
        assertThat(AdvisoryPages.fieldOf("schedule.letterAfterDays: must be between"))
                .isEqualTo("letter_days");
        assertThat(AdvisoryPages.fieldOf("supersedes: no advisory ADV-9")).isEqualTo("supersedes");
        assertThat(AdvisoryPages.fieldOf("recipients.roles[1]: unknown role 'x'"))
                .isEqualTo("recipients");
        assertThat(AdvisoryPages.fieldOf("something else")).isEqualTo("title");
    }

    @Test
    void exportQueriesCarryTheAdvisoryAndLocalTimesAsInstants() {
        assertThat(EvidencePages.query("ADV-1", "2026-12-01T10:00", ""))
                .isEqualTo("?advisoryId=ADV-1&from=2026-12-01T09:00:00Z");
        assertThat(EvidencePages.query(null, null, null)).isEmpty();
    }

    @Test
    void outstandingSearchMatchesIdOrNameIgnoringCase() {
        List<List<String>> rows = Csv.parse("practice_id,practice_name,email_status\r\n"
                + "P-1,\"Praxis Weber, Berlin\",SENT\r\nP-2,Praxis Ali,FAILED\r\n");

        assertThat(rows).hasSize(3);
        assertThat(rows.get(1)).containsExactly("P-1", "Praxis Weber, Berlin", "SENT");
        assertThat(ProgressPages.search(rows.subList(1, 3), "weber"))
                .extracting(row -> row.get(0))
                .containsExactly("P-1");
        assertThat(ProgressPages.search(rows.subList(1, 3), "p-2")).hasSize(1);
    }

    @Test
    void languageFromTheChoiceElseTheBrowserElseGerman() {
        assertThat(Texts.choose("en", "de")).isEqualTo("en");
        assertThat(Texts.choose(null, "fr-FR, en;q=0.8")).isEqualTo("en");
        assertThat(Texts.choose("xx", "not a header;;")).isEqualTo("de");
        assertThat(Texts.of("de").keySet()).isEqualTo(Texts.of("en").keySet());
    }

    @Test
    void pagesAreOpenByRole() {
        assertThat(SessionFilter.roleFor("/import")).hasToString("COMMUNICATIONS");
        assertThat(SessionFilter.roleFor("/advisories/ADV-1/progress")).hasToString("COMMUNICATIONS");
        assertThat(SessionFilter.roleFor("/evidence/export.csv")).hasToString("DPO");
        assertThat(SessionFilter.roleFor("/")).isNull();
        assertThat(SessionFilter.isPublic("/static/console.css")).isTrue();
        assertThat(SessionFilter.isPublic("/import")).isFalse();
    }

    @Test
    void guidesAndSummaryOfTheFormGoToTheDraftAsGeneralGuidesPerCredential() {
        Map<String, Object> draft = AdvisoryPages.draft(Map.of(
                "guide_ti-konnektor_de", "1. Anmelden\r\n2. Ändern ",
                "guide_ti-konnektor_en", "1. Sign in",
                "guide_windows-servers_de", "  ",
                "summary_en", " Our systems were attacked. "));

        assertThat(draft.get("guides"))
                .isEqualTo(Map.of(
                        "ti-konnektor",
                        Map.of("general", Map.of("de", "1. Anmelden\n2. Ändern\n", "en", "1. Sign in\n"))));
        assertThat(draft.get("summary")).isEqualTo(Map.of("en", "Our systems were attacked."));
        assertThat(AdvisoryPages.fieldOf("guides.ti-konnektor.de (variant general), line 2: raw HTML is not allowed"))
                .isEqualTo("guides");
        assertThat(AdvisoryPages.draft(Map.of())).doesNotContainKeys("guides", "summary");
    }
}
