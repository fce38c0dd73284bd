package dev.scopedstore.spi;

/** Keeps passwords out of everything a store or backend prints. */
public final class Urls {
    private Urls() {
    }

    /**
     * @param url a store URL, possibly with {@code user:password@}; may be {@code null}
     * @return the URL with the password replaced by {@code ****}
     */
    public static String redact(String url) {
        if (url == null) {
            return null;
        }
        int scheme = url.indexOf("://");
        int at = url.lastIndexOf('@');
        if (scheme < 0 || at < scheme) {
            return url;
        }
        int colon = url.indexOf(':', scheme + 3);
        return colon < 0 || colon > at ? url : url.substring(0, colon + 1) + "****" + url.substring(at);
    }
}
