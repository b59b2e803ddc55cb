package dev.breachnotify.notifier.advisory;

import dev.breachnotify.events.AdvisoryPublished.Recipients;
import dev.breachnotify.events.ContactRole;
import java.util.ArrayList;
import java.util.List;

/**
 * Who at a targeted practice receives an advisory, as the draft says it: {@code roles} as files and forms write
 * them ({@code owner}, {@code data-protection}; see {@link ContactRole#parse}) and whether the IT service partners
 * are told. Default: owner and manager, and the partners ({@link Recipients#DEFAULT}).
 */
public record RecipientChoice(List<String> roles, Boolean partners) {

    /** What a new draft addresses unless told otherwise. */
    public static final RecipientChoice DEFAULT = new RecipientChoice(
            Recipients.DEFAULT.roles().stream().map(ContactRole::wireName).toList(), Recipients.DEFAULT.partners());

    /** The choice with defaults filled in: the default roles when none are named, partners told unless refused. */
    RecipientChoice withDefaults() {
        List<String> named = roles == null
                ? DEFAULT.roles()
                : roles.stream().map(RecipientChoice::wireName).toList();
        return new RecipientChoice(named, partners == null || partners);
    }

    /** A role as the API writes it ({@code Manager} becomes {@code manager}); an unknown one as given. */
    private static String wireName(String role) {
        try {
            return ContactRole.parse(role).wireName();
        } catch (IllegalArgumentException unknown) {
            return role;
        }
    }

    /** Every problem as "field: reason". */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (roles == null || roles.isEmpty()) {
            problems.add("recipients.roles: name at least one role (owner, doctor, manager, data-protection)");
            return problems;
        }
        for (int i = 0; i < roles.size(); i++) {
            try {
                ContactRole.parse(roles.get(i));
            } catch (IllegalArgumentException e) {
                problems.add("recipients.roles[" + i + "]: " + e.getMessage());
            }
        }
        return problems;
    }

    /** As the event says it; call after {@link #problems()} found none. */
    Recipients toRecipients() {
        return new Recipients(roles.stream().map(ContactRole::parse).distinct().toList(), partners == null || partners);
    }
}
