package io.ghostwatch.core.audit;

/**
 * AUDITED: the server answered and every check ran. UNREACHABLE: no connection could be made.
 * ERROR: a connection was made but the server would not be audited (wrong password, not Redis, no reply).
 */
public enum AuditStatus {
    AUDITED, UNREACHABLE, ERROR
}
