package dev.breachnotify.notifier.advisory;

import dev.breachnotify.events.Credential;
import java.util.List;
import java.util.Map;

/** The credentials an advisory asks to rotate when its author names none. */
public final class DefaultCredentials {

    public static final List<Credential> ALL = List.of(
            new Credential(
                    "practice-software",
                    Map.of("de", "Passwörter der Praxissoftware", "en", "Practice software passwords")),
            new Credential(
                    "windows-workstations",
                    Map.of("de", "Windows-Anmeldungen der Arbeitsplätze", "en", "Windows logins of workstations")),
            new Credential(
                    "windows-servers",
                    Map.of("de", "Windows-Anmeldungen der Server", "en", "Windows logins of servers")),
            new Credential(
                    "ti-konnektor", Map.of("de", "Zugang zum TI-Konnektor", "en", "TI connector (Konnektor) access")));

    private DefaultCredentials() {}
}
