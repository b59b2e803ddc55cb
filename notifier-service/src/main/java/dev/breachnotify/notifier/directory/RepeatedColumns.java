package dev.breachnotify.notifier.directory;

import dev.breachnotify.events.Contact;
import dev.breachnotify.events.PartnerAssignment;
import dev.breachnotify.events.PreferredChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * A practice row's contacts ({@code contact1_name, contact1_role, ...}) and partner assignments ({@code partner},
 * {@code partner.<credential-id>}) from its fields. Pure: no I/O.
 */
final class RepeatedColumns {

    /** The most contacts one practice may have (an MVZ has many doctors). */
    static final int MAX_CONTACTS = 200;

    private RepeatedColumns() {}

    /**
     * The contacts of a row in column order, skipping sets of columns left blank.
     *
     * @param hasAddress whether the practice has a postal address (letters to a contact go there)
     * @param problem    receives (field, reason) per fault
     */
    static List<Contact> contacts(Map<String, String> fields, boolean hasAddress, BiConsumer<String, String> problem) {
        TreeSet<Integer> numbers = new TreeSet<>();
        for (String column : fields.keySet()) {
            if (DirectoryColumns.isContactColumn(column)) {
                numbers.add(Integer.parseInt(column.substring("contact".length(), column.indexOf('_'))));
            }
        }
        List<Contact> contacts = new ArrayList<>();
        Map<String, Integer> ids = new HashMap<>();
        for (int number : numbers) {
            Map<String, String> parts = new LinkedHashMap<>();
            for (String part : DirectoryColumns.CONTACT_PARTS) {
                String value = fields.get(DirectoryColumns.contactColumn(number, part));
                if (value != null) {
                    parts.put(part, value);
                }
            }
            if (ContactValidator.isBlank(parts)) {
                continue;
            }
            Contact contact =
                    ContactValidator.validate(parts, part -> DirectoryColumns.contactColumn(number, part), problem);
            if (contact == null) {
                continue;
            }
            Integer earlier = ids.putIfAbsent(contact.contactId(), number);
            if (earlier != null) {
                problem.accept(
                        DirectoryColumns.contactColumn(number, "id"),
                        "duplicate contact id '" + contact.contactId() + "' in the practice (also contact" + earlier
                                + "); give the contacts distinct ids");
            } else if (contact.preferredChannel() != PreferredChannel.EMAIL && !hasAddress) {
                problem.accept(
                        DirectoryColumns.contactColumn(number, "channel"),
                        "a letter to the contact needs the practice's postal address (street, postcode, city)");
            } else {
                contacts.add(contact);
            }
        }
        if (contacts.size() > MAX_CONTACTS) {
            problem.accept("contact" + (MAX_CONTACTS + 1) + "_name", "at most " + MAX_CONTACTS + " contacts");
        }
        return contacts;
    }

    /**
     * The partner assignments of a row: {@code partner} for every credential, {@code partner.<credential-id>} for
     * one. Whether the partners exist is the importer's check.
     */
    static List<PartnerAssignment> partners(Map<String, String> fields, BiConsumer<String, String> problem) {
        List<PartnerAssignment> partners = new ArrayList<>();
        for (Map.Entry<String, String> field : new java.util.TreeMap<>(fields).entrySet()) {
            String column = field.getKey();
            if (!DirectoryColumns.isPartnerColumn(column)) {
                continue;
            }
            String partnerId = field.getValue() == null ? "" : field.getValue().strip();
            if (partnerId.isEmpty()) {
                continue;
            }
            if (!PracticeValidator.PRACTICE_ID.matcher(partnerId).matches()) {
                problem.accept(
                        column,
                        "a partner id must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
                continue;
            }
            String credential = column.equals(DirectoryColumns.PARTNER)
                    ? PartnerAssignment.ALL_CREDENTIALS
                    : column.substring(DirectoryColumns.PARTNER_FOR.length());
            partners.add(new PartnerAssignment(credential, partnerId));
        }
        return partners;
    }

    /** The field that names an assignment in a practices file. */
    static String column(PartnerAssignment assignment) {
        return PartnerAssignment.ALL_CREDENTIALS.equals(assignment.credentialId())
                ? DirectoryColumns.PARTNER
                : DirectoryColumns.PARTNER_FOR + assignment.credentialId();
    }
}
