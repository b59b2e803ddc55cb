package dev.breachnotify.notifier.email;

/** An address no relay will ever take: sending to it is a permanent failure, never a retry. */
final class UndeliverableAddressException extends Exception {

    UndeliverableAddressException(String address, String why) {
        super("undeliverable address '" + address + "': " + why);
    }
}
