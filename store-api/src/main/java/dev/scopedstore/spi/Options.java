package dev.scopedstore.spi;

import dev.scopedstore.StoreConfigurationException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one grammar of backend options, for every backend: booleans {@code true/yes/on/1} and
 * {@code false/no/off/0} (any case), whole numbers, and durations {@code 500ms}, {@code 30s},
 * {@code 5m}, {@code 1h} or ISO-8601 ({@code PT30S}). A malformed value is a
 * {@link StoreConfigurationException} naming the option and what it should look like.
 */
public final class Options {
    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

    private Options() {
    }

    /**
     * @param name the option, for the message
     * @param text its value, or {@code null} if absent
     * @param fallback the value when absent
     * @return the boolean
     */
    public static boolean bool(String name, String text, boolean fallback) {
        if (text == null) {
            return fallback;
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new StoreConfigurationException("option " + name + "=" + text
                    + " is not a boolean; write true or false");
        };
    }

    /**
     * @param name the option, for the message
     * @param text its value, or {@code null} if absent
     * @param fallback the value when absent
     * @return the whole number
     */
    public static int integer(String name, String text, int fallback) {
        try {
            return text == null ? fallback : Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new StoreConfigurationException("option " + name + "=" + text + " is not a whole number");
        }
    }

    /**
     * @param name the option, for the message
     * @param text its value, or {@code null} if absent
     * @param fallback the value when absent
     * @return the duration, never negative
     */
    public static Duration duration(String name, String text, Duration fallback) {
        if (text == null) {
            return fallback;
        }
        Matcher m = SIMPLE_DURATION.matcher(text.trim());
        try {
            Duration d;
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                d = switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofHours(n);
                };
            } else {
                d = Duration.parse(text.trim());
            }
            if (d.isNegative()) {
                throw new DateTimeParseException("negative", text, 0);
            }
            return d;
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new StoreConfigurationException("option " + name + "=" + text
                    + " is not a duration; write e.g. 500ms, 30s, 5m, 1h or PT30S");
        }
    }
}
