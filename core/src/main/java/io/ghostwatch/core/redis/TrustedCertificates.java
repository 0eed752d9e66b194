package io.ghostwatch.core.redis;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.SslVerifyMode;

/**
 * Jedis TLS options with full verification (trusted chain and matching host name). With a PEM CA file the
 * certificates in it are the trust anchors (private CAs); without one the JVM's trust store is used.
 * Trust stores are built once per file.
 */
final class TrustedCertificates {
    private static final char[] NO_PASSWORD = new char[0];
    private static final ConcurrentMap<Path, byte[]> TRUST_STORES = new ConcurrentHashMap<>();

    private TrustedCertificates() {
    }

    static SslOptions sslOptions(Path caFile) throws IOException, GeneralSecurityException {
        SslOptions.Builder options = SslOptions.builder().sslVerifyMode(SslVerifyMode.FULL);
        if (caFile != null) {
            byte[] store = trustStore(caFile);
            options.truststore(() -> new ByteArrayInputStream(store), NO_PASSWORD).trustStoreType("PKCS12");
        }
        return options.build();
    }

    /** The PEM file's certificates as a PKCS#12 trust store. */
    private static byte[] trustStore(Path caFile) throws IOException, GeneralSecurityException {
        byte[] cached = TRUST_STORES.get(caFile);
        if (cached != null) {
            return cached;
        }
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(caFile)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
        if (certificates.isEmpty()) {
            throw new GeneralSecurityException("no PEM certificate in the file");
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        int i = 0;
        for (Certificate c : certificates) {
            trust.setCertificateEntry("ca-" + i++, c);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        trust.store(out, NO_PASSWORD);
        byte[] bytes = out.toByteArray();
        TRUST_STORES.put(caFile, bytes);
        return bytes;
    }
}
