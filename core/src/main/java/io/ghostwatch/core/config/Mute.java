package io.ghostwatch.core.config;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One {@code mutes:} entry: a check's failures on a target (or on every target with a tag) are counted in the digest
 * but not listed, until {@code expires}. A mute always says why and always ends: an expired one is ignored, and the
 * digest says so.
 *
 * @param checkId the check muted, a known check ID
 * @param scope   which targets: one by name, or every target carrying a tag
 * @param reason  why, as written in the config (shown in the digest when it expires; escaped there)
 * @param expires the first instant the mute no longer holds
 * @param source  where it was written, {@code ghostwatch.yaml:31: mutes[0]}, for messages
 */
public record Mute(String checkId, Scope scope, String reason, Instant expires, String source) {

    /** Which targets a mute covers. */
    public sealed interface Scope {
        boolean covers(String target, Map<String, String> tags);

        /** A target by its inventory name. */
        record Target(String name) implements Scope {
            public Target {
                Objects.requireNonNull(name, "name");
            }

            @Override
            public boolean covers(String target, Map<String, String> tags) {
                return name.equals(target);
            }

            @Override
            public String toString() {
                return "target " + name;
            }
        }

        /** Every target whose tag {@code key} has exactly {@code value}. */
        record Tag(String key, String value) implements Scope {
            public Tag {
                Objects.requireNonNull(key, "key");
                Objects.requireNonNull(value, "value");
            }

            @Override
            public boolean covers(String target, Map<String, String> tags) {
                return value.equals(tags.get(key));
            }

            @Override
            public String toString() {
                return "tag " + key + "=" + value;
            }
        }
    }

    public Mute {
        Objects.requireNonNull(checkId, "checkId");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(expires, "expires");
        Objects.requireNonNull(source, "source");
    }

    /** True when this mute, expired or not, names this check on this target. */
    public boolean covers(String target, Map<String, String> tags, String check) {
        return checkId.equals(check) && scope.covers(target, tags);
    }

    /** True from {@code expires} on. */
    public boolean expiredAt(Instant now) {
        return !now.isBefore(expires);
    }

    /** "redis_bind_restricted on tag team=payments". */
    public String describe() {
        return checkId + " on " + scope;
    }
}
