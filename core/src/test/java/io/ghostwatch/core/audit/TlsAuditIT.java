package io.ghostwatch.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostwatch.core.check.IdleTimeoutCheck;
import io.ghostwatch.core.check.NetworkAccessAuthenticatedCheck;
import io.ghostwatch.core.config.SecretRef;
import io.ghostwatch.core.config.Secrets;
import io.ghostwatch.core.config.TargetSpec;
import io.ghostwatch.core.model.CheckStatus;
import io.ghostwatch.core.policy.Policy;
import io.ghostwatch.core.testing.RedisServerProcess;
import io.ghostwatch.core.testing.TestCertificates;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** rediss:// against a real redis-server serving TLS only, with a private CA. */
class TlsAuditIT {

    @TempDir
    Path certs;

    private static TargetReport audit(TargetSpec spec) {
        return new TargetAuditor(Policy.defaults(), Secrets.environmentOnly(Map.of("PW", "tls-pw")), Clock.systemUTC())
                .audit(spec, Instant.now().plusSeconds(10));
    }

    @Test
    void auditsOverTlsWhenTheCaIsTrustedAndRefusesWhenItIsNot() throws Exception {
        TestCertificates tls = TestCertificates.generate(certs);
        try (RedisServerProcess redis = RedisServerProcess.builder().tls(tls)
                .config("timeout 0", "requirepass tls-pw").admin(null, "tls-pw").start()) {
            TargetSpec spec = TargetSpec.fromUri("tls-lab", redis.uri(), new SecretRef.Env("PW"), Map.of(), "test");
            assertThat(spec.tls()).isTrue();

            TargetReport trusted = audit(spec.withTlsCaFile(tls.caCert()));
            assertThat(trusted.status()).as(String.valueOf(trusted.error())).isEqualTo(AuditStatus.AUDITED);
            assertThat(trusted.findings()).filteredOn(f -> f.checkId().equals(IdleTimeoutCheck.ID))
                    .singleElement().extracting(f -> f.status()).isEqualTo(CheckStatus.FAIL);
            // The unauthenticated probe also spoke TLS, and was refused for want of a password.
            assertThat(trusted.findings()).filteredOn(f -> f.checkId().equals(NetworkAccessAuthenticatedCheck.ID))
                    .singleElement().satisfies(f -> {
                        assertThat(f.status()).isEqualTo(CheckStatus.PASS);
                        assertThat(f.evidence().get("unauthenticated_probe")).startsWith("NOAUTH");
                    });

            TargetReport untrusted = audit(spec);
            assertThat(untrusted.status()).isEqualTo(AuditStatus.ERROR);
            assertThat(untrusted.error()).startsWith("TLS handshake failed");
        }
    }

    @Test
    void aCertificateForAnotherHostIsRefused() throws Exception {
        TestCertificates tls = TestCertificates.generate(certs);
        try (RedisServerProcess redis = RedisServerProcess.builder().tls(tls).config("bind 127.0.0.1 127.0.0.2").start()) {
            // The certificate names 127.0.0.1 and localhost; dial it by another loopback address.
            TargetSpec spec = TargetSpec.fromUri("wrong-name", "rediss://127.0.0.2:" + redis.port(), null, Map.of(), "test")
                    .withTlsCaFile(tls.caCert());
            TargetReport r = audit(spec);
            assertThat(r.status()).isEqualTo(AuditStatus.ERROR);
            assertThat(r.error()).startsWith("TLS handshake failed").contains("127.0.0.2");
        }
    }
}
