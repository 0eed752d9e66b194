package io.ghostwatch.core.trend;

import io.ghostwatch.core.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Reads a connection-count series from CSV: a header naming {@code timestamp} (ISO-8601 with offset, or epoch
 * seconds) and {@code connected_clients}, in any order, other columns ignored; comma separated, optional
 * double quotes around fields. Every error names the file, line, column and value.
 */
public final class ConnectionCsv {
    static final String TIMESTAMP = "timestamp";
    static final String CLIENTS = "connected_clients";

    private ConnectionCsv() {
    }

    public static List<ConnectionPoint> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such CSV file");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read the CSV file (" + e.getMessage() + ")", e);
        }
        return parse(lines, file.toString());
    }

    static List<ConnectionPoint> parse(List<String> lines, String name) {
        int headerLine = 0;
        while (headerLine < lines.size() && lines.get(headerLine).isBlank()) {
            headerLine++;
        }
        if (headerLine == lines.size()) {
            throw new ConfigException(name + ": the CSV is empty; it needs a header with columns " + TIMESTAMP + " and " + CLIENTS);
        }
        List<String> header = fields(lines.get(headerLine)).stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
        int time = header.indexOf(TIMESTAMP);
        int clients = header.indexOf(CLIENTS);
        if (time < 0 || clients < 0) {
            throw new ConfigException(name + ":" + (headerLine + 1) + ": the header must name the columns " + TIMESTAMP
                    + " and " + CLIENTS + "; found: " + String.join(", ", header));
        }
        List<ConnectionPoint> points = new ArrayList<>();
        for (int i = headerLine + 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            List<String> f = fields(line);
            String where = name + ":" + (i + 1);
            if (f.size() <= Math.max(time, clients)) {
                throw new ConfigException(where + ": " + f.size() + " column(s), expected at least " + (Math.max(time, clients) + 1));
            }
            points.add(new ConnectionPoint(instant(f.get(time).strip(), where + ": column " + TIMESTAMP),
                    count(f.get(clients).strip(), where + ": column " + CLIENTS)));
        }
        points.sort(Comparator.comparing(ConnectionPoint::time));
        return points;
    }

    private static Instant instant(String text, String where) {
        if (text.matches("\\d{1,12}(\\.\\d+)?")) {
            return Instant.ofEpochMilli(Math.round(Double.parseDouble(text) * 1000));
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e2) {
                throw new ConfigException(where + ": '" + text + "' is not a time (valid: ISO-8601 such as"
                        + " 2026-11-21T10:00:00Z, or epoch seconds)");
            }
        }
    }

    private static long count(String text, String where) {
        try {
            long n = Long.parseLong(text);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ConfigException(where + ": '" + text + "' is not a count (valid: a whole number >= 0)");
        }
    }

    /** Splits one CSV line; double quotes protect commas, "" is a literal quote. */
    static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
