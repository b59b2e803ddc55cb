/**
 * What every breach-notify service shares that is not domain logic: configured users and roles
 * ({@code security}), topic creation and the no-loss event publisher ({@code kafka}). Services depend on this
 * module and on the event contracts, never on each other.
 */
package dev.breachnotify.platform;
