package io.ghostwatch.core.testing.aws;

import java.util.Map;

/** An HTTP answer ready to send: status, content type, extra headers and body. */
record WireReply(int status, String contentType, Map<String, String> headers, byte[] body) {

    WireReply {
        headers = Map.copyOf(headers);
    }
}
