package io.gatehouse.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.testing.TestCertificates;
import io.gatehouse.testing.TestCertificates.Issued;
import io.gatehouse.testing.TestCertificates.KeyFormat;
import io.gatehouse.testing.TestCertificates.KeyType;
import io.gatehouse.tls.CertificateFiles.KeyAndChain;
import io.gatehouse.tls.CertificateFiles.Part;
import io.gatehouse.tls.CertificateFiles.TlsFileException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Certificate and key pairs read from PEM files in every supported key form, and the errors for unusable ones. */
class CertificateFilesTest {

    @TempDir
    static Path dir;

    private static final char[] PASSWORD = "secret".toCharArray();

    private static TestCertificates ca;

    @BeforeAll
    static void makeCa() throws Exception {
        ca = TestCertificates.newCa("Files CA");
    }


    @ParameterizedTest
    @CsvSource({"RSA, PKCS8", "EC, PKCS8", "RSA, TRADITIONAL", "EC, TRADITIONAL"})
    void everyKeyFormIsReadAndMatchedWithItsCertificate(KeyType type, KeyFormat format) throws Exception {
        Issued site = ca.site(type);
        Path cert = site.writeCert(dir.resolve(type + "-" + format + ".pem"), ca.certificate());
        Path key = site.writeKey(dir.resolve(type + "-" + format + ".key"), format);

        KeyAndChain pair = CertificateFiles.load(cert, key);

        assertEquals(secret(site.key()), secret(pair.key()));
        assertEquals(site.certificate(), pair.leaf());
        assertEquals(2, pair.chain().length);
    }

    /** The private number of the key, the same whichever encoding it was read from. */
    private static BigInteger secret(PrivateKey key) {
        return key instanceof ECPrivateKey ec ? ec.getS() : ((RSAPrivateKey) key).getPrivateExponent();
    }

    @ParameterizedTest
    @CsvSource({"RSA, PKCS8", "EC, PKCS8", "RSA, TRADITIONAL", "EC, TRADITIONAL"})
    void aKeyOfAnotherCertificateIsRejected(KeyType type, KeyFormat format) throws Exception {
        Path cert = ca.site(type).writeCert(dir.resolve("mine-" + type + format + ".pem"));
        Path key = ca.site(type).writeKey(dir.resolve("theirs-" + type + format + ".key"), format);

        TlsFileException e = assertThrows(TlsFileException.class, () -> CertificateFiles.load(cert, key));

        assertEquals(Part.KEY, e.part());
        assertTrue(e.getMessage().contains("does not match the certificate"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void anEncryptedKeyIsRejectedWithAdvice(boolean pkcs8) throws Exception {
        Issued site = ca.site(KeyType.RSA);
        Path cert = site.writeCert(dir.resolve("enc.pem"));
        StringWriter out = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(out)) {
            if (pkcs8) { // "ENCRYPTED PRIVATE KEY"
                pem.writeObject(new JcaPKCS8Generator(site.key(),
                        new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.PBE_SHA1_3DES)
                                .setPassword(PASSWORD).build()));
            } else { // "RSA PRIVATE KEY" with "Proc-Type: 4,ENCRYPTED"
                pem.writeObject(site.key(), new JcePEMEncryptorBuilder("AES-128-CBC")
                        .setProvider(new BouncyCastleProvider()).build(PASSWORD));
            }
        }
        Path key = Files.writeString(dir.resolve("enc.key"), out.toString());

        TlsFileException e = assertThrows(TlsFileException.class, () -> CertificateFiles.load(cert, key));

        assertTrue(e.getMessage().contains("the key is encrypted"), e.getMessage());
    }

    /** Bodies that are not Base64, or Base64 that is not a key, as PKCS#8 and as PKCS#1. */
    @ParameterizedTest
    @ValueSource(strings = {"PRIVATE KEY|Tm90IGEga2V5", "RSA PRIVATE KEY|!!not base64!!"})
    void aBrokenKeyBodyIsReportedAsAKeyError(String labelAndBody) throws Exception {
        String[] parts = labelAndBody.split("\\|");
        Path cert = ca.site(KeyType.RSA).writeCert(dir.resolve("broken.pem"));
        Path key = Files.writeString(dir.resolve("broken.key"),
                "-----BEGIN " + parts[0] + "-----\n" + parts[1] + "\n-----END " + parts[0] + "-----\n");

        TlsFileException e = assertThrows(TlsFileException.class, () -> CertificateFiles.load(cert, key));

        assertEquals(Part.KEY, e.part());
        assertTrue(e.getMessage().startsWith(key.toString()), e.getMessage());
    }

    /** As {@code openssl ecparam -genkey} writes it: the curve's block first, then the key. */
    @Test
    void aSec1KeyAfterAnEcParametersBlockIsRead() throws Exception {
        Issued site = ca.site(KeyType.EC);
        Path cert = site.writeCert(dir.resolve("ecparam.pem"), ca.certificate());
        Path key = site.writeKey(dir.resolve("ecparam.key"), KeyFormat.TRADITIONAL);
        Files.writeString(key, "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n"
                + Files.readString(key));

        assertEquals(secret(site.key()), secret(CertificateFiles.load(cert, key).key()));
    }

    @Test
    void aKeyWithoutItsEndLineIsReported() throws Exception {
        Issued site = ca.site(KeyType.RSA);
        Path cert = site.writeCert(dir.resolve("noend.pem"));
        Path key = site.writeKey(dir.resolve("noend.key"), KeyFormat.TRADITIONAL);
        Files.writeString(key, Files.readString(key).replace("-----END RSA PRIVATE KEY-----", ""));

        TlsFileException e = assertThrows(TlsFileException.class, () -> CertificateFiles.load(cert, key));

        assertTrue(e.getMessage().contains("no -----END RSA PRIVATE KEY----- line"), e.getMessage());
    }

    @Test
    void aKeyFormNotReadIsNamed() throws Exception {
        Path cert = ca.site(KeyType.RSA).writeCert(dir.resolve("dsa.pem"));
        Path key = Files.writeString(dir.resolve("dsa.key"),
                "-----BEGIN DSA PRIVATE KEY-----\nMAA=\n-----END DSA PRIVATE KEY-----\n");

        TlsFileException e = assertThrows(TlsFileException.class, () -> CertificateFiles.load(cert, key));

        assertTrue(e.getMessage().contains("a key labelled \"DSA PRIVATE KEY\" is not read"), e.getMessage());
    }

    @Test
    void aFileWithoutAKeyIsReported() throws Exception {
        Path cert = ca.site(KeyType.RSA).writeCert(dir.resolve("nokey.pem"));

        TlsFileException e = assertThrows(TlsFileException.class, () -> CertificateFiles.load(cert, cert));

        assertTrue(e.getMessage().contains("no PEM private key found"), e.getMessage());
    }
}
