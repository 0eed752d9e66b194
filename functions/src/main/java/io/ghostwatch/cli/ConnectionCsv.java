package io.ghostwatch.cli;

import io.ghostwatch.core.config.ConfigException;
import io.ghostwatch.core.trend.ConnectionPoint;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a {@code connected_clients} series from CSV: a header, then one sample per line. Columns
 * {@code timestamp} (ISO-8601 with a zone or offset, or epoch seconds) and {@code connected_clients} (a whole
 * number); other columns are ignored and the order is free; names are matched case-insensitively. Fields may be
 * quoted ("a,b", "" for a quote). Blank lines are skipped. Every error names the file, line, column and value.
 */
final class ConnectionCsv {

    static final String TIMESTAMP = "timestamp";
    static final String CLIENTS = "connected_clients";
    /** Epoch values at or above this are milliseconds, not seconds (it is the year 5138 in seconds). */
    private static final double EPOCH_MILLIS_FROM = 1e11;

    private ConnectionCsv() {
    }

    static List<ConnectionPoint> read(Path file) {
        List<String> lines = lines(file);
        int headerLine = 0;
        while (headerLine < lines.size() && lines.get(headerLine).isBlank()) {
            headerLine++;
        }
        if (headerLine == lines.size()) {
            throw new ConfigException(file + ": empty; expected a header with the columns " + TIMESTAMP + " and "
                    + CLIENTS);
        }
        List<String> header = fields(lines.get(headerLine).replaceFirst("^\uFEFF", ""), file, headerLine + 1);
        int timeColumn = column(header, TIMESTAMP, file, headerLine + 1);
        int clientsColumn = column(header, CLIENTS, file, headerLine + 1);
        List<ConnectionPoint> points = new ArrayList<>();
        for (int i = headerLine + 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            int lineNo = i + 1;
            List<String> row = fields(lines.get(i), file, lineNo);
            if (row.size() != header.size()) {
                throw new ConfigException(file + ":" + lineNo + ": " + row.size() + " field(s), the header has "
                        + header.size());
            }
            Instant time = timestamp(row.get(timeColumn), file, lineNo, timeColumn);
            long clients = clients(row.get(clientsColumn), file, lineNo, clientsColumn);
            points.add(new ConnectionPoint(time, clients));
        }
        return points;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException("cannot read " + file + ": no such file", e);
        } catch (CharacterCodingException e) {
            throw new ConfigException("cannot read " + file + ": not UTF-8 text", e);
        } catch (IOException e) {
            throw new ConfigException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static int column(List<String> header, String name, Path file, int lineNo) {
        int found = -1;
        for (int c = 0; c < header.size(); c++) {
            if (header.get(c).trim().equalsIgnoreCase(name)) {
                if (found >= 0) {
                    throw new ConfigException(file + ":" + lineNo + ": column '" + name + "' appears twice (columns "
                            + (found + 1) + " and " + (c + 1) + ")");
                }
                found = c;
            }
        }
        if (found < 0) {
            throw new ConfigException(file + ":" + lineNo + ": no '" + name + "' column in the header (columns: "
                    + String.join(", ", header.stream().map(String::trim).toList()) + "); need " + TIMESTAMP + " and "
                    + CLIENTS);
        }
        return found;
    }

    private static Instant timestamp(String raw, Path file, int lineNo, int column) {
        String v = raw.trim();
        if (v.matches("-?\\d+(\\.\\d+)?")) {
            double seconds = Double.parseDouble(v);
            if (Math.abs(seconds) >= EPOCH_MILLIS_FROM) {
                throw bad(file, lineNo, column, TIMESTAMP, raw, "looks like epoch milliseconds; give epoch seconds");
            }
            long whole = (long) Math.floor(seconds);
            return Instant.ofEpochSecond(whole, Math.round((seconds - whole) * 1e9));
        }
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeException notWithOffset) {
            try {
                LocalDateTime.parse(v);
                throw bad(file, lineNo, column, TIMESTAMP, raw, "has no time zone; add Z (UTC) or an offset like +08:00");
            } catch (DateTimeException notLocal) {
                throw bad(file, lineNo, column, TIMESTAMP, raw,
                        "is not an ISO-8601 time (like 2024-12-25T10:00:00Z) or epoch seconds");
            }
        }
    }

    private static long clients(String raw, Path file, int lineNo, int column) {
        String v = raw.trim();
        try {
            long n = Long.parseLong(v);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad(file, lineNo, column, CLIENTS, raw, "is not a whole number >= 0");
    }

    private static ConfigException bad(Path file, int lineNo, int column, String name, String value, String why) {
        return new ConfigException(String.format(Locale.ROOT, "%s:%d: column %d (%s): '%s' %s", file, lineNo, column + 1,
                name, value, why));
    }

    /** One CSV line's fields: commas separate, double quotes enclose, a doubled quote inside is one quote. */
    static List<String> fields(String line, Path file, int lineNo) {
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new ConfigException(file + ":" + lineNo + ": a quote is opened and never closed");
        }
        out.add(field.toString());
        return out;
    }
}
