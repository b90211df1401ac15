package io.gatehouse.http;

import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Shared constants for the header names that nearly every HTTP/1.x message carries, for the
 * decoders to use in place of a new name per field. A decoded name is otherwise a fresh byte
 * array and {@link AsciiString} whose case-insensitive hash the header map computes again for
 * every field; a constant is allocated once and keeps its hash. Only a byte-for-byte match is
 * replaced, so every name goes on exactly as it arrived.
 */
public final class KnownHeaderNames {

    /** The usual spellings; each is also known in lower case (as HTTP/2-minded clients write them). */
    private static final String[] NAMES = {
        // requests
        "Host", "User-Agent", "Accept", "Accept-Encoding", "Accept-Language", "Accept-Charset", "Cookie",
        "Referer", "Origin", "Authorization", "If-None-Match", "If-Modified-Since", "If-Match",
        "If-Unmodified-Since", "If-Range", "Range", "Upgrade-Insecure-Requests", "DNT", "TE", "Expect",
        "Sec-Fetch-Site", "Sec-Fetch-Mode", "Sec-Fetch-Dest", "Sec-Fetch-User", "Sec-CH-UA",
        "Sec-CH-UA-Mobile", "Sec-CH-UA-Platform", "Priority", "X-Forwarded-For", "X-Forwarded-Proto",
        "X-Forwarded-Host", "X-Forwarded-Port", "X-Real-IP", "X-Request-Id", "X-Requested-With",
        "Forwarded", "Via",
        // both
        "Connection", "Keep-Alive", "Content-Type", "Content-Length", "Content-Encoding",
        "Transfer-Encoding", "Cache-Control", "Pragma", "Upgrade", "Date",
        // responses
        "Server", "Last-Modified", "ETag", "Accept-Ranges", "Expires", "Vary", "Set-Cookie", "Location",
        "Age", "Content-Language", "Content-Disposition", "Content-Range", "Content-Security-Policy",
        "Strict-Transport-Security", "X-Content-Type-Options", "X-Frame-Options", "X-XSS-Protection",
        "Referrer-Policy", "Access-Control-Allow-Origin", "Access-Control-Allow-Credentials",
        "Access-Control-Allow-Methods", "Access-Control-Allow-Headers", "Access-Control-Expose-Headers",
        "Access-Control-Max-Age", "WWW-Authenticate", "Retry-After", "Alt-Svc", "Link", "Trailer",
        "X-Powered-By",
    };

    /** The constants by length; each group holds the few names of that length. */
    private static final AsciiString[][] BY_LENGTH = byLength();

    private KnownHeaderNames() {
    }

    /** The constant spelled exactly as {@code bytes[start, start + length)}, or {@code null}. */
    public static AsciiString find(byte[] bytes, int start, int length) {
        if (length == 0 || length >= BY_LENGTH.length) {
            return null;
        }
        byte first = bytes[start];
        byte last = bytes[start + length - 1];
        for (AsciiString name : BY_LENGTH[length]) {
            byte[] known = name.array();
            // The first and last bytes tell most names of one length apart without a full compare.
            if (known[0] == first && known[length - 1] == last
                    && Arrays.equals(known, 0, length, bytes, start, start + length)) {
                return name;
            }
        }
        return null;
    }

    private static AsciiString[][] byLength() {
        int longest = Arrays.stream(NAMES).mapToInt(String::length).max().orElseThrow();
        List<List<AsciiString>> groups = new ArrayList<>();
        for (int i = 0; i <= longest; i++) {
            groups.add(new ArrayList<>());
        }
        for (String name : NAMES) {
            groups.get(name.length()).add(AsciiString.cached(name));
        }
        for (String name : NAMES) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!lower.equals(name)) {
                groups.get(name.length()).add(AsciiString.cached(lower));
            }
        }
        AsciiString[][] table = new AsciiString[longest + 1][];
        for (int i = 0; i <= longest; i++) {
            table[i] = groups.get(i).toArray(new AsciiString[0]);
        }
        return table;
    }
}
