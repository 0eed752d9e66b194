package io.ghostwatch.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away CA and a server certificate for 127.0.0.1 / localhost, made with the openssl command line,
 * for TLS tests against redis-server's {@code tls-port}.
 */
public record TestCertificates(Path dir, Path caCert, Path serverCert, Path serverKey) {

    public static TestCertificates generate(Path dir) throws IOException, InterruptedException {
        Path caKey = dir.resolve("ca.key");
        Path caCert = dir.resolve("ca.crt");
        Path key = dir.resolve("server.key");
        Path csr = dir.resolve("server.csr");
        Path cert = dir.resolve("server.crt");
        Path ext = dir.resolve("server.ext");
        Files.writeString(ext, "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
        openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", caKey.toString(), "-out",
                caCert.toString(), "-days", "2", "-subj", "/CN=ghostwatch-test-ca");
        openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out", csr.toString(),
                "-subj", "/CN=localhost");
        openssl(dir, "x509", "-req", "-in", csr.toString(), "-CA", caCert.toString(), "-CAkey", caKey.toString(),
                "-CAcreateserial", "-out", cert.toString(), "-days", "2", "-extfile", ext.toString());
        return new TestCertificates(dir, caCert, cert, key);
    }

    private static void openssl(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add("openssl");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("openssl " + String.join(" ", args) + " failed: " + out);
        }
    }

    /** redis.conf lines serving TLS on {@code tlsPort} only (no plaintext port). */
    public String[] redisConfig(int tlsPort) {
        return new String[] {"tls-port " + tlsPort, "tls-cert-file " + serverCert, "tls-key-file " + serverKey,
                "tls-ca-cert-file " + caCert, "tls-auth-clients no"};
    }

    /** Jedis TLS options trusting only this CA, for the harness's own connections. */
    public redis.clients.jedis.SslOptions sslOptions() {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            try (InputStream in = Files.newInputStream(caCert)) {
                ks.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
            }
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            ks.store(out, new char[0]);
            byte[] bytes = out.toByteArray();
            return redis.clients.jedis.SslOptions.builder().trustStoreType("PKCS12")
                    .truststore(() -> new java.io.ByteArrayInputStream(bytes), new char[0])
                    .sslVerifyMode(redis.clients.jedis.SslVerifyMode.FULL).build();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot load test CA " + caCert, e);
        }
    }
}
