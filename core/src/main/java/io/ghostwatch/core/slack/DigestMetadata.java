package io.ghostwatch.core.slack;

import com.slack.api.model.Message;
import io.ghostwatch.core.model.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The digest's message metadata, for other apps and for Ghostwatch's own bot: event type
 * {@value DigestRenderer#EVENT_TYPE}, and a payload with the new, open and resolved finding keys and the counts by
 * severity. Lists hold flat objects ({@code {"key": ..., "severity": ...}}), the shape Slack documents for arrays
 * in a payload. {@code open} lists the findings open before this run and still open: all open now = new + open.
 * Each list is capped at {@value #MAX_KEYS_PER_LIST} entries ({@code keys_truncated} says so); the counts are
 * always complete.
 */
final class DigestMetadata {
    static final int SCHEMA_VERSION = 1;
    static final int MAX_KEYS_PER_LIST = 100;

    private DigestMetadata() {
    }

    static Message.Metadata of(Instant startedAt, DigestParts parts) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("schema_version", SCHEMA_VERSION);
        payload.put("run_started_at", startedAt.toString());
        payload.put("targets_total", parts.targets());
        payload.put("targets_audited", parts.auditedTargets());
        Map<String, Object> counts = new LinkedHashMap<>();
        parts.countsBySeverity().forEach((s, n) -> counts.put(s.name().toLowerCase(Locale.ROOT), n));
        payload.put("counts_by_severity", counts);
        List<DigestPart.Listed> fresh = parts.listed(FindingState.NEW);
        List<DigestPart.Listed> open = parts.listed(FindingState.STILL_OPEN);
        List<StoredFinding> resolved = parts.resolved();
        payload.put("new_count", fresh.size());
        payload.put("open_count", open.size());
        payload.put("resolved_count", resolved.size());
        payload.put("muted_count", parts.muted());
        payload.put("expired_mutes_count", parts.expiredMutes().size());
        payload.put("unchecked_count", parts.unchecked().size());
        payload.put("new", entries(fresh.stream().map(l -> entry(l.key(), l.severity())).toList()));
        payload.put("open", entries(open.stream().map(l -> entry(l.key(), l.severity())).toList()));
        payload.put("resolved", entries(resolved.stream().map(r -> entry(r.key(), r.severity())).toList()));
        payload.put("keys_truncated", fresh.size() > MAX_KEYS_PER_LIST || open.size() > MAX_KEYS_PER_LIST
                || resolved.size() > MAX_KEYS_PER_LIST);
        Message.Metadata metadata = new Message.Metadata();
        metadata.setEventType(DigestRenderer.EVENT_TYPE);
        metadata.setEventPayload(payload);
        return metadata;
    }

    private static Map<String, Object> entry(FindingKey key, Severity severity) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("key", key.value());
        e.put("severity", severity.name().toLowerCase(Locale.ROOT));
        return e;
    }

    private static List<Map<String, Object>> entries(List<Map<String, Object>> all) {
        return new ArrayList<>(all.subList(0, Math.min(all.size(), MAX_KEYS_PER_LIST)));
    }
}
