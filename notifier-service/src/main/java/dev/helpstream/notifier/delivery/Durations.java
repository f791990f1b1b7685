package dev.helpstream.notifier.delivery;

import java.time.Duration;

/** Durations in messages the way the settings write them, so an error names the setting's value. */
final class Durations {

    private Durations() {}

    /** {@code 3d}, {@code 12h}, {@code 90m}, {@code 45s}; anything finer in ISO form ({@code PT1.5S}). */
    static String text(Duration duration) {
        long seconds = duration.getSeconds();
        if (duration.getNano() != 0 || seconds <= 0) {
            return duration.toString();
        }
        if (seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds % 3_600 == 0) {
            return seconds / 3_600 + "h";
        }
        if (seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }
}
