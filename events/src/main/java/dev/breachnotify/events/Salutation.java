package dev.breachnotify.events;

/**
 * The one salutation rule of mail, page and letter: the contact person if one is on file, otherwise the
 * practice. German uses the gender-neutral "Guten Tag" (the directory does not know how a person wishes to be
 * addressed, so "Sehr geehrte/r" would be a guess); English "Dear".
 */
public final class Salutation {

    private Salutation() {}

    /** Whom the texts address: the contact person if known, else the practice's name. */
    public static String addressee(String contactPerson, String practiceName) {
        if (contactPerson != null && !contactPerson.isBlank()) {
            return contactPerson.strip();
        }
        return practiceName == null ? "" : practiceName.strip();
    }

    /** The salutation line, with its comma: "Guten Tag Dr. Hannah Werner," or "Dear Dr. Hannah Werner,". */
    public static String line(String language, String contactPerson, String practiceName) {
        String addressee = addressee(contactPerson, practiceName);
        return ("en".equals(language) ? "Dear " : "Guten Tag ") + addressee + ",";
    }
}
