package dev.scopedstore.redis;

import dev.scopedstore.StoreConfigurationException;
import dev.scopedstore.spi.BackendContext;
import dev.scopedstore.spi.Options;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Locale;

/**
 * The TLS options of a Redis URL, read and checked before anything connects:
 * {@code tlsCaCertFile}, a PEM file of the certificates to trust instead of the JDK's (for a
 * server whose certificate a private CA signed), and {@code tlsVerify}: {@code full} (the
 * default: the chain and the host name), {@code ca} (the chain only) or {@code none}. Both
 * need TLS ({@code rediss://}, or {@code ?tls=true} on a cluster URL).
 *
 * @param enabled whether the connection uses TLS
 * @param verify how the server's certificate is checked
 * @param caCertFile the certificates to trust, or null for the JDK's
 */
record RedisTls(boolean enabled, SslVerifyMode verify, File caCertFile) {
    static final String CA_CERT_FILE = "tlsCaCertFile";
    static final String VERIFY = "tlsVerify";

    /**
     * @param context the store's URL and options
     * @param enabled whether the URL asks for TLS
     * @return the checked options
     * @throws StoreConfigurationException naming the option that is malformed, names a file
     *     that cannot be read, or is set on a URL without TLS
     */
    static RedisTls of(BackendContext context, boolean enabled) {
        String verifyText = context.option(VERIFY, null);
        String caText = context.option(CA_CERT_FILE, null);
        if (!enabled && (verifyText != null || caText != null)) {
            throw new StoreConfigurationException("option " + (caText != null ? CA_CERT_FILE : VERIFY)
                    + " needs TLS, but the URL does not use it: use rediss://, or ?tls=true on a"
                    + " redis-cluster:// URL");
        }
        return new RedisTls(enabled, verifyMode(verifyText), caCertFile(caText));
    }

    /**
     * @param text the {@code tls} option of a cluster URL, or null
     * @return whether it asks for TLS
     * @throws StoreConfigurationException if it is no boolean ({@link Options})
     */
    static boolean flag(String text) {
        return Options.bool("tls", text, false);
    }

    /** @return Lettuce's options trusting {@link #caCertFile}, or null to keep the JDK's trust */
    SslOptions sslOptions() {
        return caCertFile == null ? null : SslOptions.builder().jdkSslProvider().trustManager(caCertFile).build();
    }

    private static SslVerifyMode verifyMode(String text) {
        if (text == null) {
            return SslVerifyMode.FULL;
        }
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "full" -> SslVerifyMode.FULL;
            case "ca" -> SslVerifyMode.CA;
            case "none" -> SslVerifyMode.NONE;
            default -> throw new StoreConfigurationException("option " + VERIFY + "=" + text
                    + " must be full (chain and host name), ca (chain only) or none");
        };
    }

    private static File caCertFile(String text) {
        if (text == null) {
            return null;
        }
        Path path;
        try {
            path = Path.of(text);
        } catch (InvalidPathException e) {
            throw new StoreConfigurationException("option " + CA_CERT_FILE + "=" + text + " is not a path", e);
        }
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new StoreConfigurationException("option " + CA_CERT_FILE + "=" + text
                    + " names no readable file (a PEM file of the certificates to trust)");
        }
        try (InputStream in = Files.newInputStream(path)) {
            if (CertificateFactory.getInstance("X.509").generateCertificates(in).isEmpty()) {
                throw new CertificateException("no certificate in it");
            }
        } catch (IOException | CertificateException e) {
            throw new StoreConfigurationException("option " + CA_CERT_FILE + "=" + text
                    + " holds no readable PEM certificate: " + e.getMessage(), e);
        }
        return path.toFile();
    }
}
