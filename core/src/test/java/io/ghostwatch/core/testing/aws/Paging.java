package io.ghostwatch.core.testing.aws;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Pages of a list with opaque continuation tokens (ElastiCache's Marker, EC2's and CloudWatch's NextToken): a token
 * holds the offset of the next page, base64-encoded.
 */
final class Paging {

    private static final String PREFIX = "gw-standin-page:";

    private Paging() {
    }

    /**
     * One page of results.
     *
     * @param next the token for the next page; null on the last page
     */
    record Page<T>(List<T> items, String next) {
    }

    /**
     * The page starting at {@code token}'s offset (the first page for null).
     *
     * @param invalidToken thrown when the token is not one this class made
     */
    static <T> Page<T> page(List<T> all, String token, int limit, ServiceFault invalidToken) {
        int from = offset(token, invalidToken);
        if (from > all.size()) {
            throw invalidToken;
        }
        int to = Math.min(all.size(), from + limit);
        return new Page<>(List.copyOf(all.subList(from, to)), to < all.size() ? token(to) : null);
    }

    /** The offset a token stands for; 0 for null or empty. */
    static int offset(String token, ServiceFault invalidToken) {
        if (token == null || token.isEmpty()) {
            return 0;
        }
        String decoded;
        try {
            decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalidToken;
        }
        if (!decoded.startsWith(PREFIX) || !decoded.substring(PREFIX.length()).matches("\\d{1,9}")) {
            throw invalidToken;
        }
        return Integer.parseInt(decoded.substring(PREFIX.length()));
    }

    static String token(int offset) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((PREFIX + offset).getBytes(StandardCharsets.UTF_8));
    }
}
