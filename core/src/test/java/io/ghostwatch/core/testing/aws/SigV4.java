package io.ghostwatch.core.testing.aws;

import com.sun.net.httpserver.Headers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.InvalidKeyException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4, as a service checks it: parses the {@code Authorization} header and recomputes the
 * signature from the canonical request (method, double-encoded path, sorted query, the signed headers' trimmed
 * values, the body's SHA-256), the string to sign and the HMAC-SHA256 key chain
 * ({@code AWS4<secret>} / date / region / service / {@code aws4_request}).
 */
final class SigV4 {

    private static final Pattern HEADER = Pattern.compile(
            "AWS4-HMAC-SHA256\\s+Credential=([^/,\\s]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request\\s*,\\s*"
                    + "SignedHeaders=([^,\\s]+)\\s*,\\s*Signature=([0-9a-f]{64})\\s*");

    private SigV4() {
    }

    /** What the {@code Authorization} header says: the access key, the credential scope, what was signed. */
    record Authorization(String accessKeyId, String date, String region, String service, List<String> signedHeaders,
                         String signature) {

        String scope() {
            return date + "/" + region + "/" + service + "/aws4_request";
        }

        /** The header's parts, or empty when it is missing or not SigV4. */
        static Optional<Authorization> parse(String header) {
            if (header == null) {
                return Optional.empty();
            }
            Matcher m = HEADER.matcher(header.trim());
            if (!m.matches()) {
                return Optional.empty();
            }
            return Optional.of(new Authorization(m.group(1), m.group(2), m.group(3), m.group(4),
                    List.of(m.group(5).split(";")), m.group(6)));
        }
    }

    /** Whether the request carries {@code auth}'s signature when signed with {@code secretAccessKey}. */
    static boolean verify(Authorization auth, String secretAccessKey, String method, String rawPath, String rawQuery,
                          Headers headers, byte[] body) {
        String amzDate = headers.getFirst("X-Amz-Date");
        if (amzDate == null || !amzDate.startsWith(auth.date()) || !auth.signedHeaders().contains("host")) {
            return false;
        }
        String canonicalRequest = canonicalRequest(auth, method, rawPath, rawQuery, headers, body);
        String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + auth.scope() + "\n"
                + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8), auth.date());
        key = hmac(key, auth.region());
        key = hmac(key, auth.service());
        key = hmac(key, "aws4_request");
        String expected = hex(hmac(key, stringToSign));
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                auth.signature().getBytes(StandardCharsets.US_ASCII));
    }

    static String canonicalRequest(Authorization auth, String method, String rawPath, String rawQuery,
                                   Headers headers, byte[] body) {
        StringBuilder canonical = new StringBuilder();
        canonical.append(method).append('\n');
        canonical.append(canonicalPath(rawPath)).append('\n');
        canonical.append(canonicalQuery(rawQuery)).append('\n');
        for (String name : auth.signedHeaders()) {
            List<String> values = headers.get(name);
            String value = values == null ? "" : String.join(",", values);
            canonical.append(name).append(':').append(value.trim().replaceAll("\\s+", " ")).append('\n');
        }
        canonical.append('\n');
        canonical.append(String.join(";", auth.signedHeaders())).append('\n');
        canonical.append(hex(sha256(body)));
        return canonical.toString();
    }

    /** Each segment of the path as sent, URI-encoded again (the SDK double-encodes for every service but S3). */
    private static String canonicalPath(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        List<String> segments = new ArrayList<>();
        for (String segment : rawPath.split("/", -1)) {
            segments.add(uriEncode(segment));
        }
        return String.join("/", segments);
    }

    private static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> pairs = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String k = decode(eq < 0 ? pair : pair.substring(0, eq));
            String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
            pairs.add(new String[] {uriEncode(k), uriEncode(v)});
        }
        pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
        List<String> out = new ArrayList<>();
        for (String[] p : pairs) {
            out.add(p[0] + "=" + p[1]);
        }
        return String.join("&", out);
    }

    private static String decode(String s) {
        return java.net.URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** RFC 3986 encoding: unreserved characters kept, everything else as %XX (upper-case hex) of its UTF-8 bytes. */
    static String uriEncode(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("the JDK cannot compute HmacSHA256", e);
        }
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
