package io.gatehouse.config;

import io.gatehouse.tls.CertificateFiles;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads {@code listeners[i].tls}, resolving file paths against the config file's directory and
 * loading every certificate and key, so that a bad file is reported by {@code validate} and before
 * anything listens.
 */
final class TlsReader {

    private static final Set<String> PROTOCOLS = Set.of("TLSv1.2", "TLSv1.3");

    private TlsReader() {}

    static TlsConfig read(MapReader tls, Path directory) {
        List<TlsConfig.CertificateConfig> certificates = new ArrayList<>();
        boolean shorthand = tls.node("cert") != null || tls.node("key") != null;
        if (shorthand) {
            addPair(tls, directory, certificates);
        }
        List<YamlNode> items = tls.list("certificates");
        for (int i = 0; i < items.size(); i++) {
            MapReader item = MapReader.of(items.get(i), Problems.item(tls.pathOf("certificates"), i), tls.values());
            addPair(item, directory, certificates);
            item.finish();
        }
        if (certificates.isEmpty() && !shorthand && items.isEmpty()) {
            tls.report("cert", "a TLS listener needs a certificate: give cert and key, or certificates");
        }
        List<String> protocols = protocols(tls);
        // A client_ca alone asks for client certificates: a CA bundle that verified nobody would
        // leave a listener open that its operator believes closed.
        boolean caGiven = tls.node("client_ca") != null;
        TlsConfig.ClientAuth clientAuth = choice(tls, "client_auth",
                caGiven ? TlsConfig.ClientAuth.REQUIRE : TlsConfig.ClientAuth.NONE,
                TlsConfig.ClientAuth.class, "none, optional or require");
        TlsConfig.Provider provider = choice(tls, "provider", TlsConfig.Provider.AUTO,
                TlsConfig.Provider.class, "auto, openssl or jdk");
        Path clientCa = caBundle(tls, "client_ca", directory);
        if (clientAuth != TlsConfig.ClientAuth.NONE && !caGiven) {
            tls.report("client_auth", "client_auth " + clientAuth.name().toLowerCase(Locale.ROOT)
                    + " needs client_ca: the CA bundle client certificates must chain to");
        } else if (clientAuth == TlsConfig.ClientAuth.NONE && caGiven) {
            tls.report("client_ca", "has no effect with client_auth none: remove it, or set client_auth"
                    + " to optional or require");
        }
        tls.finish();
        return new TlsConfig(certificates, protocols, clientAuth, clientCa, provider);
    }

    private static void addPair(MapReader pair, Path directory, List<TlsConfig.CertificateConfig> out) {
        Path cert = file(pair, "cert", directory, true);
        Path key = file(pair, "key", directory, true);
        if (cert == null || key == null) {
            return;
        }
        if (isUsablePair(pair, cert, key)) {
            out.add(new TlsConfig.CertificateConfig(cert, key));
        }
    }

    /** Loads a certificate and its key; a problem is reported under {@code cert} or {@code key}. */
    static boolean isUsablePair(MapReader pair, Path cert, Path key) {
        try {
            CertificateFiles.load(cert, key);
            return true;
        } catch (CertificateFiles.TlsFileException e) {
            pair.report(e.part() == CertificateFiles.Part.CERT ? "cert" : "key", e.getMessage());
            return false;
        }
    }

    /** The optional CA bundle under {@code key}: a readable PEM file with at least one certificate. */
    static Path caBundle(MapReader map, String key, Path directory) {
        Path file = file(map, key, directory, false);
        if (file == null) {
            return null;
        }
        try {
            CertificateFiles.readChain(file, CertificateFiles.Part.CA);
            return file;
        } catch (CertificateFiles.TlsFileException e) {
            map.report(key, e.getMessage());
            return null;
        }
    }

    /** A file path under {@code key}, resolved against the config file's directory. */
    static Path file(MapReader map, String key, Path directory, boolean required) {
        YamlNode node = required ? map.required(key) : map.node(key);
        if (node == null) {
            return null;
        }
        String text = map.values().nonEmptyText(node, map.pathOf(key));
        if (text == null) {
            return null;
        }
        try {
            Path path = Path.of(text);
            return directory == null || path.isAbsolute() ? path : directory.resolve(path);
        } catch (InvalidPathException e) {
            map.report(key, '"' + text + "\" is not a valid file path");
            return null;
        }
    }

    private static List<String> protocols(MapReader tls) {
        List<YamlNode> items = tls.list("protocols");
        if (items.isEmpty()) {
            return TlsConfig.DEFAULT_PROTOCOLS;
        }
        List<String> protocols = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String text = tls.values().text(items.get(i), Problems.item(tls.pathOf("protocols"), i));
            if (text != null && PROTOCOLS.contains(text)) {
                protocols.add(text);
            } else if (text != null) {
                tls.values().report(items.get(i), Problems.item(tls.pathOf("protocols"), i),
                        '"' + text + "\" is not supported; use TLSv1.3 and/or TLSv1.2");
            }
        }
        return protocols.isEmpty() ? TlsConfig.DEFAULT_PROTOCOLS : protocols;
    }

    /** One of the enum's constants, written in lower case. */
    static <E extends Enum<E>> E choice(MapReader map, String key, E fallback, Class<E> type, String allowed) {
        String text = map.text(key, null);
        if (text == null) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            map.report(key, '"' + text + "\" is not valid; use " + allowed);
            return fallback;
        }
    }
}
