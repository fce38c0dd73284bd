package dev.scopedstore.spi;

import java.util.regex.Pattern;

/** Keeps passwords out of everything a store or backend prints. */
public final class Urls {
    /** A {@code password=} query option, as JDBC URLs carry it. */
    private static final Pattern PASSWORD_OPTION = Pattern.compile("([?&;]password=)[^&;#]*",
            Pattern.CASE_INSENSITIVE);

    private Urls() {
    }

    /**
     * @param url a store URL, possibly with {@code user:password@} or a {@code password=} query
     *     option; may be {@code null}
     * @return the URL with the password replaced by {@code ****}
     */
    public static String redact(String url) {
        if (url == null) {
            return null;
        }
        String shown = PASSWORD_OPTION.matcher(url).replaceAll("$1****");
        int scheme = shown.indexOf("://");
        int at = shown.lastIndexOf('@');
        if (scheme < 0 || at < scheme) {
            return shown;
        }
        int colon = shown.indexOf(':', scheme + 3);
        return colon < 0 || colon > at ? shown : shown.substring(0, colon + 1) + "****" + shown.substring(at);
    }
}
