package io.vlaarena.http.internal;

import io.vlaarena.http.internal.JsonServer.Request;
import io.vlaarena.http.internal.JsonServer.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The web arena's pages and static assets, served from the jar: the battle page at {@code /}, the
 * leaderboard at {@code /leaderboard}, the page's scripts and styles under {@code /assets/app/},
 * and three.js from its WebJar under {@code /assets/three/} (when the WebJar is on the class
 * path; without it the page falls back to rendered frames). Nothing is fetched from elsewhere: the
 * pages' Content-Security-Policy allows this origin only. Assets carry an {@code ETag} (304 on a
 * match) and are sent gzip-compressed to clients that accept it. Immutable and thread-safe.
 */
public final class WebAssets {
    private static final String BASE = "/io/vlaarena/http/web/";
    private static final String[] APP_FILES = {"arena.css", "common.js", "battle.js", "replay.js", "viewer3d.js",
        "leaderboard.js", "favicon.svg"};
    private static final Pattern IMPORT_MAP = Pattern.compile("<script type=\"importmap\">(.*?)</script>", Pattern.DOTALL);

    /** One file, ready to send. */
    private record Asset(String contentType, byte[] bytes, byte[] gzipped, String etag, Map<String, String> headers) {}

    private final Map<String, Asset> pages = new LinkedHashMap<>();
    private final Map<String, Asset> app = new LinkedHashMap<>();
    private final Map<String, Asset> three = new LinkedHashMap<>();
    private final String threeVersion;

    private WebAssets() {
        for (String f : APP_FILES) {
            app.put(f, asset(f, read(BASE + f), Map.of("Cache-Control", "no-cache")));
        }
        pages.put("/", page("battle.html"));
        pages.put("/leaderboard", page("leaderboard.html"));
        threeVersion = webJarVersion("three");
        if (threeVersion != null) {
            String root = "/META-INF/resources/webjars/three/" + threeVersion + "/";
            Map<String, String> cache = Map.of("Cache-Control", "public, max-age=86400");
            three.put("three.module.min.js", asset("x.js", read(root + "build/three.module.min.js"), cache));
            three.put("three.core.min.js", asset("x.js", read(root + "build/three.core.min.js"), cache));
            three.put("OrbitControls.js", asset("x.js", read(root + "examples/jsm/controls/OrbitControls.js"), cache));
        }
    }

    /** Loads every asset from the class path. */
    public static WebAssets load() {
        return new WebAssets();
    }

    /** The served three.js version, or null when its WebJar is not on the class path. */
    public String threeVersion() {
        return threeVersion;
    }

    /** Adds the page and asset routes. */
    public JsonServer register(JsonServer server) {
        pages.forEach((path, asset) -> server.route("GET", path, r -> send(r, asset)));
        return server.route("GET", "/favicon.ico", r -> send(r, app.get("favicon.svg")))
                .route("GET", "/assets/app/{file}", r -> send(r, find(app, r.param(0))))
                .route("GET", "/assets/three/{file}", r -> send(r, find(three, r.param(0))));
    }

    private static Asset find(Map<String, Asset> assets, String name) {
        Asset a = assets.get(name);
        if (a == null) {
            throw new HttpError(404, "Not found: no asset '" + name + "'");
        }
        return a;
    }

    private static Response send(Request r, Asset a) {
        Map<String, String> headers = new LinkedHashMap<>(a.headers());
        headers.put("ETag", a.etag());
        headers.put("Vary", "Accept-Encoding");
        headers.put("X-Content-Type-Options", "nosniff");
        String match = r.header("If-None-Match");
        if (match != null && match.contains(a.etag())) {
            return new Response(304, a.contentType(), new byte[0], headers);
        }
        if (a.gzipped() != null && WebResponses.acceptsGzip(r)) {
            headers.put("Content-Encoding", "gzip");
            return new Response(200, a.contentType(), a.gzipped(), headers);
        }
        return new Response(200, a.contentType(), a.bytes(), headers);
    }

    private Asset page(String file) {
        byte[] html = read(BASE + file);
        // The import map is the page's one inline script: allowed by its hash, nothing else inline.
        Matcher m = IMPORT_MAP.matcher(new String(html, StandardCharsets.UTF_8));
        String scripts = "'self'" + (m.find() ? " 'sha256-" + Base64.getEncoder().encodeToString(
                sha256(m.group(1).getBytes(StandardCharsets.UTF_8))) + "'" : "");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Cache-Control", "no-cache");
        headers.put("Content-Security-Policy", "default-src 'self'; script-src " + scripts + "; style-src 'self'; "
                + "img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
                + "form-action 'self'; frame-ancestors 'none'");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("X-Frame-Options", "DENY");
        return asset(file, html, headers);
    }

    private static Asset asset(String name, byte[] bytes, Map<String, String> headers) {
        String type = contentType(name);
        byte[] gz = type.startsWith("image/png") ? null : WebResponses.gzip(bytes);
        String etag = "\"" + HexFormat.of().formatHex(sha256(bytes), 0, 12) + "\"";
        return new Asset(type, bytes, gz != null && gz.length < bytes.length ? gz : null, etag, Map.copyOf(headers));
    }

    private static String contentType(String name) {
        if (name.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        if (name.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        if (name.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        if (name.endsWith(".svg")) {
            return "image/svg+xml";
        }
        return "application/octet-stream";
    }

    private static String webJarVersion(String artifact) {
        try (InputStream in = WebAssets.class.getResourceAsStream("/META-INF/maven/org.webjars.npm/" + artifact
                + "/pom.properties")) {
            if (in == null) {
                return null;
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            return null;
        }
    }

    private static byte[] read(String resource) {
        try (InputStream in = WebAssets.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("The web arena's resource '" + resource + "' is missing from the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Reading the web arena's resource '" + resource + "' failed", e);
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }
}
