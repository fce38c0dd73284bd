package dev.scopedstore.spi;

import java.util.regex.Pattern;

/** Keeps passwords out of everything a store or backend prints. */
public final class Urls {
    /**
     * A query option that holds a secret: any whose name says password, secret, token or
     * credential ({@code password=} as JDBC URLs carry it, {@code secretAccessKey=},
     * {@code sessionToken=}).
     */
    private static final Pattern SECRET_OPTION = Pattern.compile(
            "([?&;][^=&;#]*(?:password|secret|token|credential)[^=&;#]*=)[^&;#]*", Pattern.CASE_INSENSITIVE);

    private Urls() {
    }

    /**
     * @param url a store URL, possibly with {@code user:password@} or query options named for a
     *     password, secret, token or credential; may be {@code null}
     * @return the URL with each password and secret replaced by {@code ****}
     */
    public static String redact(String url) {
        if (url == null) {
            return null;
        }
        String shown = SECRET_OPTION.matcher(url).replaceAll("$1****");
        int scheme = shown.indexOf("://");
        int at = shown.lastIndexOf('@');
        if (scheme < 0 || at < scheme) {
            return shown;
        }
        int colon = shown.indexOf(':', scheme + 3);
        return colon < 0 || colon > at ? shown : shown.substring(0, colon + 1) + "****" + shown.substring(at);
    }
}
