package io.gatehouse.tls;

import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECPoint;
import java.util.Arrays;

/**
 * Whether a private key belongs to a certificate, read from the key's own numbers where they
 * tell: an RSA key carries its modulus and public exponent, and an EC key as OpenSSL writes it
 * carries its public point (OpenSSL's own check compares the same numbers). Checking by signing
 * and verifying instead runs the JDK's pure-Java elliptic-curve code at every start, hot enough
 * for the JIT to compile its field arithmetic: on JDK 25 the largest compilation of the start,
 * 16 MiB of compiler memory, for a check that needs no arithmetic.
 *
 * <p>The point is read with {@link Der}, a few lines of DER walking.
 */
final class KeyMatch {

    enum Answer { MATCH, MISMATCH, UNKNOWN }

    private static final int PUBLIC_KEY_FIELD = 0xA1; // ECPrivateKey's [1] publicKey (RFC 5915)
    private static final int UNCOMPRESSED_POINT = 0x04;

    private KeyMatch() {
    }

    /** MATCH or MISMATCH when the keys' numbers decide it; UNKNOWN when only a signature can. */
    static Answer of(PrivateKey key, PublicKey certificateKey) {
        if (key instanceof RSAPrivateCrtKey rsa && certificateKey instanceof RSAPublicKey pub) {
            return answer(rsa.getModulus().equals(pub.getModulus())
                    && rsa.getPublicExponent().equals(pub.getPublicExponent()));
        }
        if (key instanceof ECPrivateKey && certificateKey instanceof ECPublicKey pub) {
            ECPoint point = embeddedPublicPoint(key.getEncoded(), fieldBytes(pub));
            return point == null ? Answer.UNKNOWN : answer(point.equals(pub.getW()));
        }
        return Answer.UNKNOWN;
    }

    private static Answer answer(boolean same) {
        return same ? Answer.MATCH : Answer.MISMATCH;
    }

    private static int fieldBytes(ECPublicKey key) {
        return (key.getParams().getCurve().getField().getFieldSize() + 7) / 8;
    }

    /**
     * The public point in a PKCS#8 EC key: PrivateKeyInfo { version, algorithm, OCTET STRING {
     * ECPrivateKey { version, privateKey, [0] parameters?, [1] publicKey? } } }. Null when the
     * encoding holds none, holds it compressed, or is not laid out so.
     */
    static ECPoint embeddedPublicPoint(byte[] pkcs8, int fieldBytes) {
        if (pkcs8 == null) {
            return null;
        }
        Der info = Der.over(pkcs8).enter(Der.SEQUENCE);
        if (info == null || info.enter(Der.INTEGER) == null || info.enter(Der.SEQUENCE) == null) {
            return null;
        }
        Der octets = info.enter(Der.OCTET_STRING);
        Der ecKey = octets == null ? null : octets.enter(Der.SEQUENCE);
        if (ecKey == null || ecKey.enter(Der.INTEGER) == null || ecKey.enter(Der.OCTET_STRING) == null) {
            return null;
        }
        Der field = ecKey.enterAny();
        while (field != null && field.tag != PUBLIC_KEY_FIELD) { // past [0] parameters: the certificate names the curve
            field = ecKey.enterAny();
        }
        Der bits = field == null ? null : field.enter(Der.BIT_STRING);
        if (bits == null || bits.end - bits.pos != 2 + 2 * fieldBytes
                || bits.bytes[bits.pos] != 0 || bits.bytes[bits.pos + 1] != UNCOMPRESSED_POINT) {
            return null;
        }
        int x = bits.pos + 2;
        return new ECPoint(new BigInteger(1, Arrays.copyOfRange(bits.bytes, x, x + fieldBytes)),
                new BigInteger(1, Arrays.copyOfRange(bits.bytes, x + fieldBytes, bits.end)));
    }
}
