package io.ghostwatch.core.redis;

/**
 * The settings Ghostwatch reads with {@code CONFIG GET}. Never {@code requirepass} or {@code masterauth}.
 *
 * @param bind the raw space-joined value; 7.0+ reports the effective value ("* -::*" for no bind line)
 */
public record ConfigValues(Readout<Long> timeout, Readout<Long> tcpKeepalive, Readout<String> bind,
                           Readout<Boolean> protectedMode, Readout<Long> maxclients) {

    /** The parameters read, in the order they are requested. */
    public static final java.util.List<String> PARAMETERS =
            java.util.List.of("timeout", "tcp-keepalive", "bind", "protected-mode", "maxclients");

    public static ConfigValues allUnreadable(String reason) {
        return new ConfigValues(Readout.unreadable(reason), Readout.unreadable(reason), Readout.unreadable(reason),
                Readout.unreadable(reason), Readout.unreadable(reason));
    }

    /** Builds the record from a CONFIG GET reply; a parameter the server did not return is unreadable. */
    public static ConfigValues fromReply(java.util.Map<String, String> reply) {
        return new ConfigValues(number(reply, "timeout"), number(reply, "tcp-keepalive"),
                text(reply, "bind"), yesNo(reply, "protected-mode"), number(reply, "maxclients"));
    }

    private static Readout<String> text(java.util.Map<String, String> reply, String key) {
        String v = reply.get(key);
        return v == null ? Readout.unreadable("CONFIG GET " + key + " returned nothing (unknown to this server)")
                : Readout.known(v);
    }

    private static Readout<Long> number(java.util.Map<String, String> reply, String key) {
        return switch (text(reply, key)) {
            case Readout.Unreadable<String> u -> Readout.unreadable(u.reason());
            case Readout.Known<String> k -> {
                try {
                    yield Readout.known(Long.parseLong(k.value().trim()));
                } catch (NumberFormatException e) {
                    yield Readout.unreadable("CONFIG GET " + key + " returned '" + k.value() + "', not a number");
                }
            }
        };
    }

    private static Readout<Boolean> yesNo(java.util.Map<String, String> reply, String key) {
        return switch (text(reply, key)) {
            case Readout.Unreadable<String> u -> Readout.unreadable(u.reason());
            case Readout.Known<String> k when k.value().equalsIgnoreCase("yes") -> Readout.known(true);
            case Readout.Known<String> k when k.value().equalsIgnoreCase("no") -> Readout.known(false);
            case Readout.Known<String> k ->
                    Readout.unreadable("CONFIG GET " + key + " returned '" + k.value() + "', not yes/no");
        };
    }
}
