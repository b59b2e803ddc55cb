package dev.breachnotify.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdvisoryRecipientsTest {

    @Test
    void theFlagsWinOverTheFilesRecipientsAndLeaveTheRestAsTheFileSaysIt() throws Exception {
        ObjectNode json = (ObjectNode)
                ApiClient.JSON.readTree("{\"title\":\"T\",\"recipients\":{\"roles\":[\"owner\"],\"partners\":true}}");

        AdvisoryCommand.Create.recipients(json, List.of("owner", " data-protection "), null);
        assertThat(json.at("/recipients").toString())
                .isEqualTo("{\"roles\":[\"owner\",\"data-protection\"],\"partners\":true}");

        AdvisoryCommand.Create.recipients(json, null, false);
        assertThat(json.at("/recipients/partners").asBoolean()).isFalse();
    }

    @Test
    void withoutFlagsTheFileIsSentAsItIs() throws Exception {
        ObjectNode json = (ObjectNode) ApiClient.JSON.readTree("{\"title\":\"T\"}");

        AdvisoryCommand.Create.recipients(json, null, null);

        assertThat(json.has("recipients")).isFalse();
    }
}
