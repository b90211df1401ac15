package io.gatehouse.config;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Reads {@code upstreams.<name>.tls}, loading the CA bundle and the client certificate so that a
 * bad file is reported by {@code validate} and before anything listens.
 */
final class UpstreamTlsReader {

    private static final Pattern DNS_NAME = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*\\.?");
    private static final Pattern IPV4_ADDRESS = Pattern.compile("[0-9.]+");

    private UpstreamTlsReader() {}

    static UpstreamTlsConfig read(MapReader tls, Path directory) {
        boolean verify = tls.bool("verify", true);
        Path ca = TlsReader.caBundle(tls, "ca", directory);
        if (!verify && tls.node("ca") != null) {
            tls.report("ca", "has no effect with verify: false; remove ca, or verify the servers");
        }
        String sni = tls.text("sni", null);
        if (sni != null && (!DNS_NAME.matcher(sni).matches() || IPV4_ADDRESS.matcher(sni).matches())) {
            tls.report("sni", '"' + sni + "\" is not a DNS name;"
                    + " write a host name without port, e.g. backend.internal");
            sni = null;
        }
        Path cert = null;
        Path key = null;
        if (tls.node("cert") != null || tls.node("key") != null) {
            cert = TlsReader.file(tls, "cert", directory, true);
            key = TlsReader.file(tls, "key", directory, true);
            if (cert == null || key == null || !TlsReader.isUsablePair(tls, cert, key)) {
                cert = null;
                key = null;
            }
        }
        TlsConfig.Provider provider = TlsReader.choice(tls, "provider", TlsConfig.Provider.AUTO,
                TlsConfig.Provider.class, "auto, openssl or jdk");
        tls.finish();
        return new UpstreamTlsConfig(verify, ca, sni, cert, key, provider);
    }
}
