package dev.breachnotify.notifier.letter;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * The letter's own settings ({@code breachnotify.notifier.letter.*}). The letterhead, return address, footer and
 * signature come from the vendor's identity ({@code breachnotify.vendor.*}).
 */
@ConfigurationProperties("breachnotify.notifier.letter")
public class LetterSettings {

    /** The place before the date line. Default Berlin. */
    private String place = "Berlin";

    public String getPlace() {
        return place;
    }

    public void setPlace(String place) {
        this.place = place;
    }
}
