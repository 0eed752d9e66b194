package io.ghostwatch.core.testing.aws;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;

/** Writes the compact XML of the awsQuery and EC2 protocols: nested elements, text escaped, null values left out. */
final class XmlWriter {

    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    private final Deque<String> open = new ArrayDeque<>();

    XmlWriter start(String name) {
        out.append('<').append(name).append('>');
        open.push(name);
        return this;
    }

    /** The root element, with its namespace. */
    XmlWriter start(String name, String xmlns) {
        out.append('<').append(name).append(" xmlns=\"").append(xmlns).append("\">");
        open.push(name);
        return this;
    }

    XmlWriter end() {
        out.append("</").append(open.pop()).append('>');
        return this;
    }

    /** {@code <name>value</name>}; nothing for null. Instants as ISO-8601 with milliseconds, as AWS writes them. */
    XmlWriter leaf(String name, Object value) {
        if (value == null) {
            return this;
        }
        String text = value instanceof Instant i ? ISO_MILLIS.format(i.truncatedTo(ChronoUnit.MILLIS))
                : value.toString();
        out.append('<').append(name).append('>').append(escape(text)).append("</").append(name).append('>');
        return this;
    }

    /** {@code <name><member>v1</member>...</name>}. */
    XmlWriter list(String name, String memberName, Collection<String> items) {
        start(name);
        items.forEach(item -> leaf(memberName, item));
        return end();
    }

    /** An endpoint element ({@code Address}, {@code Port}); nothing for null. */
    XmlWriter endpoint(String name, Endpoint endpoint) {
        if (endpoint == null) {
            return this;
        }
        return start(name).leaf("Address", endpoint.address()).leaf("Port", endpoint.port()).end();
    }

    byte[] bytes() {
        if (!open.isEmpty()) {
            throw new IllegalStateException("unclosed elements " + open);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String escape(String text) {
        StringBuilder s = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> s.append("&lt;");
                case '>' -> s.append("&gt;");
                case '&' -> s.append("&amp;");
                case '"' -> s.append("&quot;");
                case '\'' -> s.append("&apos;");
                default -> s.append(c);
            }
        }
        return s.toString();
    }
}
