package dev.breachnotify.notifier.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.breachnotify.events.Contact;
import dev.breachnotify.events.ContactRole;
import dev.breachnotify.events.PartnerAssignment;
import dev.breachnotify.events.PartnerContact;
import dev.breachnotify.events.Practice;
import dev.breachnotify.events.PreferredChannel;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Contacts in repeated columns and rows of their own, partners and their assignments, and the problems named. */
class ContactsAndPartnersReadersTest {

    private static final String HEADER = "practice_id;name;emails;street;postcode;city;"
            + "contact1_name;contact1_role;contact1_email;contact1_channel;"
            + "contact2_id;contact2_name;contact2_role;contact2_email;contact2_channel;contact2_language;"
            + "partner;partner.ti-konnektor\n";

    @Test
    void repeatedColumnsGiveContactsWithStableDefaultIdsAndPartnerAssignments() {
        String csv = HEADER
                + "P-1;Praxis A;a@example.org;Weg 1;12345;Ort;Dr. Anna Weber;owner;Anna@Example.org;;"
                + "pm;Jörg Groß;Manager;;letter;en;IT-NORD;IT-KONN\n"
                + "P-2;Praxis B;b@example.org;;;;;;;;;;;;;;;\n";

        List<RowProblem> problems = new ArrayList<>();
        List<PracticeRow> rows = readPractices(csv, problems);

        assertThat(problems).isEmpty();
        Practice first = rows.get(0).practice();
        assertThat(first.contacts())
                .containsExactly(
                        new Contact(
                                "anna@example.org",
                                "Dr. Anna Weber",
                                ContactRole.OWNER,
                                "anna@example.org",
                                PreferredChannel.EMAIL,
                                null),
                        new Contact("pm", "Jörg Groß", ContactRole.MANAGER, null, PreferredChannel.LETTER, "en"));
        assertThat(first.partners())
                .containsExactly(
                        new PartnerAssignment("*", "IT-NORD"), new PartnerAssignment("ti-konnektor", "IT-KONN"));
        assertThat(first.partnerFor("ti-konnektor")).contains("IT-KONN");
        assertThat(rows.get(0).contactsGiven()).isTrue();
        assertThat(rows.get(0).partnersGiven()).isTrue();
        assertThat(rows.get(1).practice().contacts()).isEmpty();
        assertThat(rows.get(1).practice().partners()).isEmpty();
    }

    @Test
    void aContactWithoutEmailGetsItsRoleAndNameAsId() {
        assertThat(ContactValidator.defaultId(ContactRole.DATA_PROTECTION, "Jörg  Groß-Müller", null))
                .isEqualTo("data-protection-jorg-gross-muller");
        assertThat(ContactValidator.defaultId(ContactRole.OWNER, "王医生", null)).matches("owner-[0-9a-f]{12}");
        assertThat(ContactValidator.defaultId(ContactRole.OWNER, "X", "A@B.de")).isEqualTo("a@b.de");
    }

    @Test
    void everyContactProblemNamesLinePracticeAndTheContactsColumn() {
        String csv = HEADER
                + "P-1;Praxis A;a@example.org;;;;A;chef;x;;;B;owner;;email;fr;;\n"
                + "P-2;Praxis B;b@example.org;;;;A;owner;a@example.org;;a@example.org;B;doctor;b@example.org;;;;\n"
                + "P-3;Praxis C;c@example.org;;;;A;owner;;letter;;;;;;;;\n"
                + "P-4;Praxis D;d@example.org;;;;;;;;;;;;;;bad id;\n";

        List<RowProblem> problems = new ArrayList<>();
        List<PracticeRow> rows = readPractices(csv, problems);

        assertThat(rows).isEmpty();
        assertThat(problems)
                .extracting(RowProblem::line, RowProblem::practiceId, RowProblem::field)
                .containsExactly(
                        tuple(2L, "P-1", "contact1_role"),
                        tuple(2L, "P-1", "contact1_email"),
                        tuple(2L, "P-1", "contact2_email"),
                        tuple(2L, "P-1", "contact2_language"),
                        tuple(3L, "P-2", "contact2_id"),
                        tuple(4L, "P-3", "contact1_channel"),
                        tuple(5L, "P-4", "partner"));
        assertThat(problems.get(1).reason()).isEqualTo("malformed email address 'x'");
        assertThat(problems.get(0).reason()).contains("unknown role 'chef'");
    }

    @Test
    void jsonPracticesCarryContactsAndPartnersLikeColumns() {
        String json = """
                [{"practiceId": "P-1", "name": "A", "emails": ["a@example.org"],
                  "contacts": [{"contactId": "c1", "name": "Anna", "role": "data-protection", "email": "d@example.org"}],
                  "partners": [{"credentialId": "*", "partnerId": "IT-NORD"}]},
                 {"practiceId": "P-2", "name": "B", "emails": ["b@example.org"],
                  "contacts": [{"name": "X", "role": "owner", "fax": "1"}],
                  "partners": [{"credentialId": "*", "partnerId": "A"}, {"credentialId": "*", "partnerId": "B"}]},
                 {"practiceId": "P-3", "name": "C", "emails": ["c@example.org"]}]
                """;

        List<RowProblem> problems = new ArrayList<>();
        List<PracticeRow> rows = new ArrayList<>();
        try (DirectoryJsonReader reader = DirectoryJsonReader.open(in(json))) {
            rows.addAll(DirectoryReadersPropertiesTest.readAll(reader, problems));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }

        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).practice().contacts())
                .singleElement()
                .extracting(Contact::contactId, Contact::role)
                .containsExactly("c1", ContactRole.DATA_PROTECTION);
        assertThat(rows.get(0).practice().partners()).containsExactly(new PartnerAssignment("*", "IT-NORD"));
        assertThat(rows.get(1).contactsGiven()).isFalse();
        assertThat(problems)
                .extracting(RowProblem::line, RowProblem::field)
                .containsExactly(tuple(4L, "contact1_fax"), tuple(4L, "partners[1]"));
    }

    @Test
    void contactRowsAreReadWithTheirPracticeAndProblemsNameTheirField() {
        String csv = "practice_id,contact_id,name,role,email,channel,language\n"
                + "P-1,,Dr. Anna Weber,owner,anna@example.org,,\n"
                + "P-1,dsb,Datenschutz GmbH,data-protection,,letter,en\n"
                + "P-2,,Bernd,doctor,x,,\n"
                + ",,Carla,,c@example.org,fax,\n";

        List<RowProblem> problems = new ArrayList<>();
        List<ContactRow> rows = readContacts(csv, DirectoryImporter.Format.CSV, problems);

        assertThat(rows)
                .extracting(
                        ContactRow::line,
                        ContactRow::practiceId,
                        row -> row.contact().contactId())
                .containsExactly(tuple(2L, "P-1", "anna@example.org"), tuple(3L, "P-1", "dsb"));
        assertThat(problems)
                .extracting(RowProblem::line, RowProblem::practiceId, RowProblem::field)
                .containsExactly(
                        tuple(4L, "P-2", "email"),
                        tuple(5L, null, "practice_id"),
                        tuple(5L, null, "role"),
                        tuple(5L, null, "channel"));

        List<RowProblem> jsonProblems = new ArrayList<>();
        List<ContactRow> jsonRows = readContacts("""
                [{"practiceId": "P-1", "name": "A", "role": "OWNER", "email": "a@example.org"},
                 {"practiceId": "P-1", "name": "B", "role": "manager", "preferredChannel": "both"}]
                """, DirectoryImporter.Format.JSON, jsonProblems);
        assertThat(jsonRows).hasSize(1);
        assertThat(jsonProblems).extracting(RowProblem::line, RowProblem::field).containsExactly(tuple(2L, "email"));
    }

    @Test
    void partnerCsvRowsOfOnePartnerMergeAndJsonListsPractices() {
        String csv = "partner_id;name;language;contact_name;contact_email\n"
                + "IT-NORD;IT Nord GmbH;de;Jan;jan@it-nord.example\n"
                + "IT-SUED;IT Süd AG;en;Eva;eva@it-sued.example\n"
                + "IT-NORD;;;Ole;OLE@it-nord.example\n";

        List<RowProblem> problems = new ArrayList<>();
        List<PartnerRow> rows = readPartners(csv, DirectoryImporter.Format.CSV, problems);

        assertThat(problems).isEmpty();
        assertThat(rows).extracting(row -> row.partner().partnerId()).containsExactly("IT-NORD", "IT-SUED");
        assertThat(rows.get(0).partner().contacts())
                .containsExactly(
                        new PartnerContact("Jan", "jan@it-nord.example"),
                        new PartnerContact("Ole", "ole@it-nord.example"));
        assertThat(rows.get(0).practices()).isNull();

        List<PartnerRow> json = readPartners("""
                [{"partnerId": "IT-NORD", "name": "IT Nord", "contacts": [{"name": "Jan", "email": "jan@it-nord.example"}],
                  "practices": [{"practiceId": "P-1", "credentials": ["*"]}, {"practiceId": "P-2",
                  "credentials": ["ti-konnektor", "praxis-pc"]}, {"practiceId": "P-3"}]}]
                """, DirectoryImporter.Format.JSON, problems);
        assertThat(problems).isEmpty();
        assertThat(json.get(0).partner().language()).isEqualTo("de");
        assertThat(json.get(0).practices())
                .extracting(PartnerRow.Assignment::practiceId, PartnerRow.Assignment::credentials)
                .containsExactly(
                        tuple("P-1", List.of("*")),
                        tuple("P-2", List.of("ti-konnektor", "praxis-pc")),
                        tuple("P-3", List.of("*")));
    }

    @Test
    void partnerProblemsNameTheirLineAndField() {
        String csv = "partner_id;name;language;contact_name;contact_email\n"
                + "IT-NORD;IT Nord GmbH;de;Jan;jan@it-nord.example\n"
                + "IT-NORD;IT Nord AG;;Ole;ole@it-nord.example\n"
                + "IT-X;X;fr;A;nope\n"
                + "bad id;X;;;\n";

        List<RowProblem> problems = new ArrayList<>();
        List<PartnerRow> rows = readPartners(csv, DirectoryImporter.Format.CSV, problems);

        assertThat(rows).isEmpty();
        assertThat(problems)
                .extracting(RowProblem::line, RowProblem::field)
                .containsExactly(
                        tuple(3L, "name"),
                        tuple(4L, "contact_email"),
                        tuple(5L, "partner_id"),
                        tuple(4L, "language"),
                        tuple(4L, "contact_email"));

        List<RowProblem> jsonProblems = new ArrayList<>();
        readPartners("""
                [{"partnerId": "P", "name": "N", "contacts": [{"email": "p@example.org"}],
                  "practices": [{"practiceId": "P-1", "credentials": ["TI Konnektor"]}, {"practiceId": "P-1"}]},
                 {"partnerId": "P", "name": "N", "contacts": []}]
                """, DirectoryImporter.Format.JSON, jsonProblems);
        assertThat(jsonProblems)
                .extracting(RowProblem::line, RowProblem::field)
                .containsExactly(
                        tuple(1L, "practices[0].credentials"),
                        tuple(1L, "practices[1].practiceId"),
                        tuple(3L, "partnerId"),
                        tuple(3L, "contacts"));
    }

    @Test
    void aContactsOrPartnersFileWithAnUnknownColumnIsRefusedWhole() {
        assertThatThrownBy(
                        () -> ContactFileReader.open(in("practice_id;name;role;fax\n"), DirectoryImporter.Format.CSV))
                .isInstanceOf(DirectoryFileException.class)
                .hasMessageStartingWith("line 1: unknown column 'fax'");
        assertThatThrownBy(() -> PartnerFileReader.open(in("partner_id;contact_email\n"), DirectoryImporter.Format.CSV))
                .hasMessage("line 1: missing column 'name'");
        assertThatThrownBy(() -> PartnerFileReader.open(in("{}"), DirectoryImporter.Format.JSON))
                .hasMessageContaining("expected a JSON array of partners");
    }

    static List<PracticeRow> readPractices(String csv, List<RowProblem> problems) {
        try (DirectoryCsvReader reader = DirectoryCsvReader.open(in(csv))) {
            return DirectoryReadersPropertiesTest.readAll(reader, problems);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static List<ContactRow> readContacts(String text, DirectoryImporter.Format format, List<RowProblem> problems) {
        List<ContactRow> all = new ArrayList<>();
        try (ContactFileReader reader = ContactFileReader.open(in(text), format)) {
            List<ContactRow> batch;
            while (!(batch = reader.readBatch(2, problems::add)).isEmpty()) {
                all.addAll(batch);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return all;
    }

    static List<PartnerRow> readPartners(String text, DirectoryImporter.Format format, List<RowProblem> problems) {
        List<PartnerRow> all = new ArrayList<>();
        try (PartnerFileReader reader = PartnerFileReader.open(in(text), format)) {
            List<PartnerRow> batch;
            while (!(batch = reader.readBatch(2, problems::add)).isEmpty()) {
                all.addAll(batch);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return all;
    }

    private static ByteArrayInputStream in(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
