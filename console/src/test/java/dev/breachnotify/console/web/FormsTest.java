package dev.breachnotify.console.web;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The pure parts of the pages: form to API request, CSV search, language choice, page roles. */
class FormsTest {

    @Test
    void theAdvisoryFormBecomesTheDraftTheApiTakes() {
        String json = AdvisoryPages.draftJson(Map.of("title", " Vorfall ", "deadline", "2027-06-30",
                "subject_de", "Betreff", "body_de", "Zeile 1\r\nZeile 2", "subject_en", "Subject", "body_en", "Body",
                "channel_email", "on", "csrf", "x"));

        assertThat(json).isEqualTo("{\"title\":\"Vorfall\",\"deadline\":\"2027-06-30\",\"texts\":{"
                + "\"de\":{\"subject\":\"Betreff\",\"body\":\"Zeile 1\\nZeile 2\"},"
                + "\"en\":{\"subject\":\"Subject\",\"body\":\"Body\"}},\"channels\":[\"EMAIL\"]}");
    }

    @Test
    void exportQueriesCarryTheAdvisoryAndLocalTimesAsInstants() {
        assertThat(EvidencePages.query("ADV-1", "2026-12-01T10:00", "")).isEqualTo(
                "?advisoryId=ADV-1&from=2026-12-01T09:00:00Z");
        assertThat(EvidencePages.query(null, null, null)).isEmpty();
    }

    @Test
    void outstandingSearchMatchesIdOrNameIgnoringCase() {
        List<List<String>> rows = Csv.parse("practice_id,practice_name,email_status\r\n"
                + "P-1,\"Praxis Weber, Berlin\",SENT\r\nP-2,Praxis Ali,FAILED\r\n");

        assertThat(rows).hasSize(3);
        assertThat(rows.get(1)).containsExactly("P-1", "Praxis Weber, Berlin", "SENT");
        assertThat(ProgressPages.search(rows.subList(1, 3), "weber")).extracting(row -> row.get(0))
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
}
