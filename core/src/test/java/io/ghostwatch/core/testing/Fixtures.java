package io.ghostwatch.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the server replies kept under {@code src/test/resources/fixtures/} (see the README there). */
public final class Fixtures {
    private Fixtures() {
    }

    /** The fixture's text exactly as captured (INFO keeps its CRLF line ends). */
    public static String text(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A CONFIG GET reply kept one key or value per line, turned into the map Jedis's {@code configGet} returns.
     */
    public static Map<String, String> configGet(String name) {
        List<String> lines = text(name).lines().toList();
        if (lines.size() % 2 != 0) {
            throw new IllegalArgumentException(name + " has an odd number of lines: not key/value pairs");
        }
        Map<String, String> reply = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i += 2) {
            reply.put(lines.get(i), lines.get(i + 1));
        }
        return reply;
    }

    /** The error replies of an errors fixture, in file order ({@code #} lines say what each one is). */
    public static List<String> errors(String name) {
        return text(name).lines().filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
    }
}
