package dev.breachnotify.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.context.IExpressionContext;
import org.thymeleaf.linkbuilder.StandardLinkBuilder;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * The progress page's tables per contact role and per IT service partner, rendered from the view as the console
 * renders it, with a progress answer as ack-service gives it, read back with jsoup.
 */
class ProgressPageHtmlTest {

    private static final String PROGRESS = """
            {"advisoryId":"ADV-1","targeted":3,"emailsSent":2,"emailsDeferred":0,"emailsFailed":1,"bounced":1,
             "letters":1,"acknowledged":1,"fullyConfirmed":1,"fullyRotated":1,"suspectedAutomated":0,
             "credentials":[],"acknowledgementsPerHour":[],"rotationsPerHour":[],
             "byRole":[
               {"role":"OWNER","contactsNotified":2,"contactsAcknowledged":1,"practices":2,"confirmed":1,"outstanding":1},
               {"role":"DOCTOR","contactsNotified":0,"contactsAcknowledged":0,"practices":0,"confirmed":0,"outstanding":0},
               {"role":"MANAGER","contactsNotified":1,"contactsAcknowledged":0,"practices":1,"confirmed":1,"outstanding":0},
               {"role":"DATA_PROTECTION","contactsNotified":0,"contactsAcknowledged":0,"practices":0,"confirmed":0,
                "outstanding":0}],
             "byPartner":[
               {"partnerId":"IT-A","name":"Systemhaus <b>Nord</b>","practices":2,"confirmed":2,"outstanding":0,
                "confirmedByPartner":1,"declined":0},
               {"partnerId":"IT-B","name":"IT-B","practices":1,"confirmed":0,"outstanding":1,
                "confirmedByPartner":0,"declined":1}]}""";

    @Test
    void tablesPerRoleAndPartnerInGerman() throws Exception {
        Document page = render("de", PROGRESS);

        assertThat(rows(page.getElementById("roles")))
                .containsExactly(
                        List.of(
                                "Rolle",
                                "Kontakte angeschrieben",
                                "davon Erhalt bestätigt",
                                "Praxen",
                                "Alles beantwortet",
                                "Offen"),
                        List.of("Inhaber/in", "2", "1", "2", "1", "1"),
                        List.of("Ärztin/Arzt", "0", "0", "0", "0", "0"),
                        List.of("Praxismanagement", "1", "0", "1", "1", "0"),
                        List.of("Datenschutz", "0", "0", "0", "0", "0"));
        assertThat(rows(page.getElementById("partners")))
                .containsExactly(
                        List.of(
                                "IT-Dienstleister",
                                "Betreute Praxen",
                                "Alles beantwortet",
                                "Offen",
                                "Selbst bestätigt",
                                "Nicht zuständig erklärt"),
                        List.of("Systemhaus <b>Nord</b> (IT-A)", "2", "2", "0", "1", "0"),
                        List.of("IT-B (IT-B)", "1", "0", "1", "0", "1"));
        // a partner's name is text, never markup
        assertThat(page.select("#partners b")).isEmpty();
        assertThat(page.getElementById("partners-none")).isNull();
    }

    @Test
    void inEnglishAndWithoutPartners() throws Exception {
        Document page = render("en", PROGRESS.replaceAll("\"byPartner\":\\[[\\s\\S]*]}$", "\"byPartner\":[]}"));

        assertThat(page.getElementById("roles").select("tbody th").eachText())
                .containsExactly("Owner", "Doctor", "Practice manager", "Data protection");
        assertThat(page.getElementById("partners")).isNull();
        assertThat(page.getElementById("partners-none").text()).startsWith("No IT service partner");
    }

    @Test
    void anOlderAckServiceWithoutTheTablesStillRenders() throws Exception {
        Document page = render("de", "{\"advisoryId\":\"ADV-1\",\"targeted\":1,\"credentials\":[]}");

        assertThat(page.select("#roles tbody tr")).isEmpty();
        assertThat(page.getElementById("partners-none")).isNotNull();
    }

    private static Document render(String language, String progressJson) throws Exception {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
        resolver.setPrefix("views/");
        resolver.setSuffix(".html");
        resolver.setTemplateMode(TemplateMode.HTML);
        resolver.setCharacterEncoding("UTF-8");
        TemplateEngine engine = new TemplateEngine();
        engine.setTemplateResolver(resolver);
        // outside a web request: links relative to the server's root, as the console serves them
        engine.setLinkBuilder(new StandardLinkBuilder() {
            @Override
            protected String computeContextPath(
                    IExpressionContext context, String base, Map<String, Object> parameters) {
                return "";
            }
        });
        Map<String, Object> model = new HashMap<>();
        model.put("t", Texts.of(language));
        model.put("lang", language);
        model.put("otherLang", language.equals("de") ? "en" : "de");
        model.put("user", "comms");
        model.put("comms", true);
        model.put("id", "ADV-1");
        model.put("q", "");
        model.put("chart", "");
        model.put("progress", new ObjectMapper().readValue(progressJson, new TypeReference<Map<String, Object>>() {}));
        return Jsoup.parse(engine.process("progress", new Context(null, model)));
    }

    private static List<List<String>> rows(Element table) {
        assertThat(table).as("the table").isNotNull();
        return table.select("tr").stream()
                .map(row -> row.select("th, td").eachText())
                .toList();
    }
}
