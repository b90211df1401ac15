package io.gatehouse.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * A test certificate authority made with BouncyCastle: it issues leaf certificates for given
 * names (DNS names and IP addresses in the SAN) with RSA or EC keys, valid now or at any other
 * time, and writes them as PEM files (keys in PKCS#8, or PKCS#1 / SEC1).
 */
public final class TestCertificates {

    /** The key algorithm of a certificate. */
    public enum KeyType { RSA, EC }

    /** How a private key is written: PKCS#8 ("PRIVATE KEY"), or PKCS#1 / SEC1 ("RSA/EC PRIVATE KEY"). */
    public enum KeyFormat { PKCS8, TRADITIONAL }

    /** A certificate with its private key. */
    public record Issued(X509Certificate certificate, PrivateKey key) {

        /** Writes the certificate, then those of {@code chain} (such as the CA), as PEM. */
        public Path writeCert(Path file, X509Certificate... chain) throws IOException {
            StringWriter out = new StringWriter();
            try (JcaPEMWriter pem = new JcaPEMWriter(out)) {
                pem.writeObject(certificate);
                for (X509Certificate c : chain) {
                    pem.writeObject(c);
                }
            }
            return Files.writeString(file, out.toString());
        }

        public Path writeKey(Path file, KeyFormat format) throws IOException {
            StringWriter out = new StringWriter();
            try (JcaPEMWriter pem = new JcaPEMWriter(out)) {
                if (format == KeyFormat.PKCS8) {
                    pem.writeObject(new JcaPKCS8Generator(key, null));
                } else if (key instanceof ECPrivateKey ec) {
                    pem.writeObject(new PemObject("EC PRIVATE KEY", sec1(ec).getEncoded()));
                } else {
                    pem.writeObject(key); // PKCS#1 "RSA PRIVATE KEY"
                }
            }
            return Files.writeString(file, out.toString());
        }

        /** RFC 5915 form, with the curve and the public key as OpenSSL writes them. */
        private org.bouncycastle.asn1.sec.ECPrivateKey sec1(ECPrivateKey ec) {
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(ec.getEncoded());
            byte[] publicKey = SubjectPublicKeyInfo.getInstance(certificate.getPublicKey().getEncoded())
                    .getPublicKeyData().getBytes();
            return new org.bouncycastle.asn1.sec.ECPrivateKey(ec.getParams().getOrder().bitLength(), ec.getS(),
                    new DERBitString(publicKey), info.getPrivateKeyAlgorithm().getParameters());
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Issued ca;

    private TestCertificates(Issued ca) {
        this.ca = ca;
    }

    /** A new self-signed CA with an RSA key, valid from yesterday for a year. */
    public static TestCertificates newCa(String name) throws Exception {
        KeyPair keys = keyPair(KeyType.RSA);
        Instant now = Instant.now();
        X500Principal subject = new X500Principal("CN=" + name);
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject,
                serial(), Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(365))),
                subject, keys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        return new TestCertificates(new Issued(sign(b, keys.getPrivate()), keys.getPrivate()));
    }

    public X509Certificate certificate() {
        return ca.certificate();
    }

    /** Writes the CA certificate as a PEM bundle of one. */
    public Path writeCert(Path file) throws IOException {
        return ca.writeCert(file);
    }

    /** An RSA server certificate for {@code names}, valid now; the first name is also the CN. */
    public Issued server(String... names) throws Exception {
        return issue("CN=" + names[0], KeyType.RSA, Instant.now().minus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(30)), names);
    }

    /** A certificate for a client with the subject {@code dn} in RFC 2253 order, e.g. {@code CN=alice,O=Example}. */
    public Issued client(String dn) throws Exception {
        return issue(dn, KeyType.RSA, Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(30)));
    }

    /** A certificate for {@code site.test} ({@code CN=site}), valid from yesterday for a month. */
    public Issued site(KeyType type) throws Exception {
        Instant now = Instant.now();
        return issue("CN=site", type, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)), "site.test");
    }

    /**
     * A certificate signed by this CA, usable by servers and clients.
     *
     * @param names DNS names (wildcards allowed) and IP addresses for the SAN
     */
    public Issued issue(String dn, KeyType type, Instant notBefore, Instant notAfter, String... names)
            throws Exception {
        KeyPair keys = keyPair(type);
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(ca.certificate(), serial(),
                Date.from(notBefore), Date.from(notAfter), new X500Principal(dn), keys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(type == KeyType.RSA
                        ? KeyUsage.digitalSignature | KeyUsage.keyEncipherment : KeyUsage.digitalSignature))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                        new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
        if (names.length > 0) {
            GeneralName[] san = new GeneralName[names.length];
            for (int i = 0; i < names.length; i++) {
                boolean ip = names[i].matches("[0-9.]+") || names[i].contains(":");
                san[i] = ip ? new GeneralName(GeneralName.iPAddress, names[i])
                        : new GeneralName(GeneralName.dNSName, names[i]);
            }
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(san));
        }
        return new Issued(sign(b, ca.key()), keys.getPrivate());
    }

    /**
     * A JDK TLS context that trusts this CA only and, when {@code own} is not null, presents it
     * (the certificate alone, without its issuer).
     */
    public SSLContext sslContext(Issued own) throws GeneralSecurityException, IOException {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        if (own != null) {
            keys.setKeyEntry("own", own.key(), new char[0], new X509Certificate[] {own.certificate()});
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, new char[0]);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return context;
    }

    private static KeyPair keyPair(KeyType type) throws GeneralSecurityException {
        if (type == KeyType.RSA) {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        }
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(64, RANDOM);
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey caKey) throws Exception {
        String algorithm = caKey.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        return new JcaX509CertificateConverter()
                .getCertificate(b.build(new JcaContentSignerBuilder(algorithm).build(caKey)));
    }
}
