package io.vlaarena.storage.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Connection strings as they may appear in messages: with the password masked. */
public final class Uris {
    private static final Pattern USERINFO = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*://)([^@/?#]*)@(.*)$", Pattern.DOTALL);

    private Uris() {}

    /** {@code mongodb://user:secret@host} → {@code mongodb://user:****@host}; others unchanged. */
    public static String mask(String uri) {
        if (uri == null) {
            return null;
        }
        Matcher m = USERINFO.matcher(uri);
        if (!m.matches()) {
            return uri;
        }
        String userInfo = m.group(2);
        int colon = userInfo.indexOf(':');
        String masked = colon < 0 ? userInfo : userInfo.substring(0, colon) + ":****";
        return m.group(1) + masked + "@" + m.group(3);
    }

    /**
     * {@code text} with every occurrence of the password of {@code uri} (raw and URL-decoded)
     * replaced by {@code ****}, for messages that quote a driver's error.
     */
    public static String scrub(String text, String uri) {
        if (text == null || uri == null) {
            return text;
        }
        Matcher m = USERINFO.matcher(uri);
        if (!m.matches()) {
            return text;
        }
        String userInfo = m.group(2);
        int colon = userInfo.indexOf(':');
        if (colon < 0 || colon == userInfo.length() - 1) {
            return text;
        }
        String raw = userInfo.substring(colon + 1);
        String out = text.replace(uri, mask(uri)).replace(raw, "****");
        try {
            String decoded = URLDecoder.decode(raw, StandardCharsets.UTF_8);
            if (!decoded.isEmpty()) {
                out = out.replace(decoded, "****");
            }
        } catch (IllegalArgumentException ignored) {
            // not URL-encoded: the raw form was replaced already
        }
        return out;
    }
}
