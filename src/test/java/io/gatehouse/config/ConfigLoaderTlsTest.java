package io.gatehouse.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gatehouse.testing.TestCertificates;
import io.gatehouse.testing.TestCertificates.Issued;
import io.gatehouse.testing.TestCertificates.KeyFormat;
import io.gatehouse.testing.TestCertificates.KeyType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS in the config: listener and upstream {@code tls} blocks and https:// servers, read with
 * relative file paths, and every file problem reported with FILE:LINE:COL and the key.
 */
class ConfigLoaderTlsTest {

    @TempDir
    static Path dir;

    /** Two lines that make a valid file on their own. */
    private static final String LISTENER = "listeners:\n  - address: :8080\n";

    @BeforeAll
    static void writeFiles() throws Exception {
        TestCertificates ca = TestCertificates.newCa("Config CA");
        ca.writeCert(dir.resolve("ca.pem"));
        Issued site = ca.server("localhost");
        site.writeCert(dir.resolve("site.pem"));
        site.writeKey(dir.resolve("site.key"), KeyFormat.TRADITIONAL);
        ca.server("other").writeKey(dir.resolve("other.key"), KeyFormat.PKCS8);
        Issued old = ca.issue("CN=old", KeyType.EC, Instant.parse("2020-01-01T00:00:00Z"),
                Instant.parse("2021-01-01T00:00:00Z"), "old.test");
        old.writeCert(dir.resolve("old.pem"));
        old.writeKey(dir.resolve("old.key"), KeyFormat.PKCS8);
        Files.writeString(dir.resolve("garbage.pem"), "hello\n");
    }

    private static GatehouseConfig parse(String yaml) throws ConfigException {
        return ConfigLoader.parse(yaml, dir.resolve("gatehouse.yaml"));
    }

    /** The problems, with the directory written as "$". */
    private static List<String> problems(String yaml) {
        return assertThrows(ConfigException.class, () -> parse(yaml)).problems().stream()
                .map(p -> p.replace(dir.toString(), "$")).toList();
    }

    @Test
    void listenerTlsIsReadWithPathsRelativeToTheFile() throws Exception {
        TlsConfig tls = parse("""
                listeners:
                  - address: :8443
                    tls:
                      certificates: [{cert: site.pem, key: site.key}]
                      protocols: [TLSv1.3]
                      client_auth: optional
                      client_ca: ca.pem
                      provider: jdk
                """).listeners().get(0).tls();

        assertEquals(new TlsConfig(List.of(new TlsConfig.CertificateConfig(dir.resolve("site.pem"),
                dir.resolve("site.key"))), List.of("TLSv1.3"), TlsConfig.ClientAuth.OPTIONAL, dir.resolve("ca.pem"),
                TlsConfig.Provider.JDK), tls);
    }

    @Test
    void httpsServersAndUpstreamTlsAreRead() throws Exception {
        UpstreamConfig upstream = parse(LISTENER + """
                upstreams:
                  secure:
                    servers:
                      - https://backend.internal
                      - address: "https://10.0.0.7:8443/"
                        weight: 2
                      - http://plain.internal
                      - 10.0.0.9:8080
                    tls: {verify: true, ca: ca.pem, sni: backend.internal, cert: site.pem, key: site.key,
                          provider: openssl}
                """).upstreams().get("secure");

        assertEquals(List.of(new ServerConfig(new HostPort("backend.internal", 443), 1, true),
                new ServerConfig(new HostPort("10.0.0.7", 8443), 2, true),
                new ServerConfig(new HostPort("plain.internal", 80), 1, false),
                new ServerConfig(new HostPort("10.0.0.9", 8080), 1, false)), upstream.servers());
        assertEquals(new UpstreamTlsConfig(true, dir.resolve("ca.pem"), "backend.internal", dir.resolve("site.pem"),
                dir.resolve("site.key"), TlsConfig.Provider.OPENSSL), upstream.tls());
    }

    @Test
    void upstreamTlsDefaultsToVerifyingWithTheJdkTrustStore() throws Exception {
        UpstreamConfig upstream = parse(LISTENER + "upstreams:\n  s: {servers: [\"https://[::1]\"]}\n")
                .upstreams().get("s");

        assertEquals(List.of(new ServerConfig(new HostPort("::1", 443), 1, true)), upstream.servers());
        assertEquals(UpstreamTlsConfig.DEFAULTS, upstream.tls());
    }

    @Test
    void listenerCertificateFilesAreChecked() {
        assertEquals(List.of(
                "$/gatehouse.yaml:4:36: listeners[1].tls.cert: $/missing.pem: cannot read: no such file",
                "$/gatehouse.yaml:5:36: listeners[2].tls.cert: $/garbage.pem: not a PEM certificate"
                        + " (No certificate data found)",
                "$/gatehouse.yaml:6:51: listeners[3].tls.key: $/other.key: the key does not match the certificate"
                        + " in $/site.pem",
                "$/gatehouse.yaml:7:36: listeners[4].tls.cert: $/old.pem: the certificate expired on 2021-01-01;"
                        + " renew it",
                "$/gatehouse.yaml:8:51: listeners[5].tls.key: $/site.pem: no PEM private key found"),
                problems("""
                        listeners:
                          - address: :8080
                            redirect_https: 8443
                          - {address: ":8443", tls: {cert: missing.pem, key: site.key}}
                          - {address: ":8444", tls: {cert: garbage.pem, key: site.key}}
                          - {address: ":8445", tls: {cert: site.pem, key: other.key}}
                          - {address: ":8446", tls: {cert: old.pem, key: old.key}}
                          - {address: ":8447", tls: {cert: site.pem, key: site.pem}}
                        """));
    }

    @Test
    void aClientCaAloneRequiresClientCertificatesAndOneThatCouldHaveNoEffectIsAnError() throws Exception {
        TlsConfig tls = parse(LISTENER + """
                    tls: {cert: site.pem, key: site.key, client_ca: ca.pem}
                """).listeners().get(0).tls();
        assertEquals(TlsConfig.ClientAuth.REQUIRE, tls.clientAuth());

        assertEquals(List.of("$/gatehouse.yaml:3:72: listeners[0].tls.client_ca: has no effect with client_auth"
                        + " none: remove it, or set client_auth to optional or require"),
                problems(LISTENER + """
                            tls: {cert: site.pem, key: site.key, client_auth: none, client_ca: ca.pem}
                        """));
    }

    @Test
    void listenerClientAuthNeedsAUsableCaBundle() {
        assertEquals(List.of(
                "$/gatehouse.yaml:3:55: listeners[0].tls.client_auth: client_auth require needs client_ca:"
                        + " the CA bundle client certificates must chain to",
                "$/gatehouse.yaml:4:95: listeners[1].tls.client_ca: $/nope.pem: cannot read: no such file",
                "$/gatehouse.yaml:5:94: listeners[2].tls.client_ca: $/garbage.pem: not a PEM certificate"
                        + " (No certificate data found)",
                "$/gatehouse.yaml:6:74: listeners[3].tls.client_auth: \"always\" is not valid; use none, optional"
                        + " or require",
                "$/gatehouse.yaml:7:73: listeners[4].tls.protocols[0]: \"TLSv1.1\" is not supported;"
                        + " use TLSv1.3 and/or TLSv1.2"),
                problems(LISTENER + """
                            tls: {cert: site.pem, key: site.key, client_auth: require}
                          - {address: ":8443", tls: {cert: site.pem, key: site.key, client_auth: optional, client_ca: nope.pem}}
                          - {address: ":8444", tls: {cert: site.pem, key: site.key, client_auth: require, client_ca: garbage.pem}}
                          - {address: ":8445", tls: {cert: site.pem, key: site.key, client_auth: always, client_ca: ca.pem}}
                          - {address: ":8446", tls: {cert: site.pem, key: site.key, protocols: [TLSv1.1]}}
                        """));
    }

    @Test
    void upstreamTlsFilesAreChecked() {
        assertEquals(List.of(
                "$/gatehouse.yaml:6:15: upstreams.a.tls.ca: $/nope.pem: cannot read: no such file",
                "$/gatehouse.yaml:9:10: upstreams.b.tls.key: required key is missing",
                "$/gatehouse.yaml:12:32: upstreams.c.tls.key: $/other.key: the key does not match the certificate"
                        + " in $/site.pem",
                "$/gatehouse.yaml:15:17: upstreams.d.tls.cert: $/old.pem: the certificate expired on 2021-01-01;"
                        + " renew it",
                "$/gatehouse.yaml:18:15: upstreams.e.tls.ca: $/garbage.pem: not a PEM certificate"
                        + " (No certificate data found)"),
                problems(LISTENER + """
                        upstreams:
                          a:
                            servers: [https://a.internal]
                            tls: {ca: nope.pem}
                          b:
                            servers: [https://b.internal]
                            tls: {cert: site.pem}
                          c:
                            servers: [https://c.internal]
                            tls: {cert: site.pem, key: other.key}
                          d:
                            servers: [https://d.internal]
                            tls: {cert: old.pem, key: old.key}
                          e:
                            servers: [https://e.internal]
                            tls: {ca: garbage.pem}
                        """));
    }

    @Test
    void upstreamTlsSettingsAreChecked() {
        assertEquals(List.of(
                "$/gatehouse.yaml:6:30: upstreams.a.tls.ca: has no effect with verify: false; remove ca,"
                        + " or verify the servers",
                "$/gatehouse.yaml:10:12: upstreams.b.tls.sni: \"10.0.0.1\" is not a DNS name; write a host name"
                        + " without port, e.g. backend.internal",
                "$/gatehouse.yaml:11:17: upstreams.b.tls.provider: \"boringssl\" is not valid; use auto, openssl"
                        + " or jdk",
                "$/gatehouse.yaml:14:10: upstreams.c.tls: applies to https:// servers only, and this upstream has"
                        + " none; write the servers as https://host:port",
                "$/gatehouse.yaml:17:9: upstreams.d.servers[0]: \"https://d.internal/api\": a server address has no"
                        + " path; remove \"/api\"",
                "$/gatehouse.yaml:18:9: upstreams.d.servers[1]: \"h2c://d.internal:80\": a server address is"
                        + " host:port, http://host:port or https://host:port",
                "$/gatehouse.yaml:21:16: upstreams.f.tls.sni: \"f.internal:443\" is not a DNS name; write a host name"
                        + " without port, e.g. backend.internal"),
                problems(LISTENER + """
                        upstreams:
                          a:
                            servers: [https://a.internal]
                            tls: {verify: false, ca: ca.pem}
                          b:
                            servers: [https://10.0.0.1]
                            tls:
                              sni: 10.0.0.1
                              provider: boringssl
                          c:
                            servers: [c.internal:80]
                            tls: {}
                          d:
                            servers:
                              - https://d.internal/api
                              - h2c://d.internal:80
                          f:
                            servers: [https://f.internal]
                            tls: {sni: "f.internal:443"}
                        """));
    }
}
