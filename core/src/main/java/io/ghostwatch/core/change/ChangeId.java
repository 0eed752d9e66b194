package io.ghostwatch.core.change;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A change's identity: {@code chg-} and 10 characters of lower-case Crockford base32 (digits and letters without
 * i, l, o, u), 50 random bits from {@link SecureRandom}, e.g. {@code chg-7k2m9x4d1q}. Short enough to type into a
 * slash command, safe in a URL, a Slack button value and a file name, and not guessable: a button value names the
 * change it acts on, so an ID must not be derivable from another.
 */
public record ChangeId(String value) implements Comparable<ChangeId> {

    public static final String PREFIX = "chg-";
    public static final int RANDOM_CHARS = 10;
    static final String ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
    private static final Pattern FORM = Pattern.compile("chg-[0-9abcdefghjkmnpqrstvwxyz]{10}");
    private static final SecureRandom RANDOM = new SecureRandom();

    public ChangeId {
        Objects.requireNonNull(value, "value");
        if (!FORM.matcher(value).matches()) {
            throw new IllegalArgumentException("'" + value + "' is not a change ID; valid form: chg- and "
                    + RANDOM_CHARS + " of " + ALPHABET + " (e.g. chg-7k2m9x4d1q)");
        }
    }

    /** A new random ID. */
    public static ChangeId random() {
        return random(RANDOM);
    }

    static ChangeId random(SecureRandom random) {
        long bits = random.nextLong();
        char[] chars = new char[RANDOM_CHARS];
        for (int i = 0; i < RANDOM_CHARS; i++) {
            chars[i] = ALPHABET.charAt((int) (bits & 31));
            bits >>>= 5;
        }
        return new ChangeId(PREFIX + new String(chars));
    }

    /** Parses an ID as a person may type it: surrounding blanks and upper case are accepted. */
    public static ChangeId parse(String text) {
        Objects.requireNonNull(text, "change ID");
        return new ChangeId(text.strip().toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return value;
    }

    @Override
    public int compareTo(ChangeId o) {
        return value.compareTo(o.value);
    }
}
