package io.gatehouse.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.gatehouse.testing.TestCertificates;
import io.gatehouse.testing.TestCertificates.Issued;
import io.gatehouse.testing.TestCertificates.KeyType;
import io.gatehouse.tls.KeyMatch.Answer;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A key matched with a certificate from the keys' numbers, and the cases left to a signature. */
class KeyMatchTest {

    private static TestCertificates ca;

    @BeforeAll
    static void makeCa() throws Exception {
        ca = TestCertificates.newCa("Match CA");
    }


    /** The key as OpenSSL encodes it: PKCS#8 around an RFC 5915 key that carries its public point. */
    private static PrivateKey withPublicPoint(Issued site) throws Exception {
        ECPrivateKey ec = (ECPrivateKey) site.key();
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(ec.getEncoded());
        byte[] point = SubjectPublicKeyInfo.getInstance(site.certificate().getPublicKey().getEncoded())
                .getPublicKeyData().getBytes();
        var sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(ec.getParams().getOrder().bitLength(), ec.getS(),
                new DERBitString(point), info.getPrivateKeyAlgorithm().getParameters());
        byte[] pkcs8 = new PrivateKeyInfo(info.getPrivateKeyAlgorithm(), sec1).getEncoded();
        return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    }

    @Test
    void anRsaKeyIsMatchedByItsModulus() throws Exception {
        Issued site = ca.site(KeyType.RSA);
        Issued other = ca.site(KeyType.RSA);

        assertEquals(Answer.MATCH, KeyMatch.of(site.key(), site.certificate().getPublicKey()));
        assertEquals(Answer.MISMATCH, KeyMatch.of(other.key(), site.certificate().getPublicKey()));
    }

    @Test
    void anEcKeyWithItsPublicPointIsMatchedByThePoint() throws Exception {
        Issued site = ca.site(KeyType.EC);
        Issued other = ca.site(KeyType.EC);

        assertEquals(Answer.MATCH, KeyMatch.of(withPublicPoint(site), site.certificate().getPublicKey()));
        assertEquals(Answer.MISMATCH, KeyMatch.of(withPublicPoint(other), site.certificate().getPublicKey()));
    }

    @Test
    void anEcKeyWithoutItsPublicPointIsLeftToASignature() throws Exception {
        Issued site = ca.site(KeyType.EC); // the JDK encodes the keys it generates without the point

        assertEquals(Answer.UNKNOWN, KeyMatch.of(site.key(), site.certificate().getPublicKey()));
        assertEquals(Answer.UNKNOWN, KeyMatch.of(site.key(), ca.site(KeyType.RSA).certificate().getPublicKey()));
    }

    @Test
    void aTruncatedEncodingYieldsNoPointAndNoError() throws Exception {
        Issued site = ca.site(KeyType.EC);
        byte[] whole = withPublicPoint(site).getEncoded();
        int fieldBytes = 32;
        assertNotNull(KeyMatch.embeddedPublicPoint(whole, fieldBytes));
        assertEquals(((ECPublicKey) site.certificate().getPublicKey()).getW(),
                KeyMatch.embeddedPublicPoint(whole, fieldBytes));

        for (int length = 0; length < whole.length; length++) {
            assertNull(KeyMatch.embeddedPublicPoint(Arrays.copyOf(whole, length), fieldBytes), "length " + length);
        }
        assertNull(KeyMatch.embeddedPublicPoint(whole, 48), "a point of another curve's size");
    }
}
