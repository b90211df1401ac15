package io.gatehouse.tls;

import io.gatehouse.tls.CertificateFiles.Part;
import io.gatehouse.tls.CertificateFiles.TlsFileException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.security.PrivateKey;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads the PEM key forms the JDK cannot: PKCS#1 RSA ("RSA PRIVATE KEY"), SEC1 EC ("EC PRIVATE
 * KEY") and encrypted keys (to reject them with advice). A class of its own so that BouncyCastle's
 * hundred-odd classes are loaded only for such files, not for the usual PKCS#8 key.
 */
final class TraditionalPemKeys {

    private TraditionalPemKeys() {
    }

    static PrivateKey read(String pem, Path file) throws TlsFileException {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            Object object;
            while ((object = parser.readObject()) != null) {
                if (object instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (object instanceof PEMKeyPair pair) {
                    // Only the private part: a SEC1 key may leave out its optional public key.
                    return converter.getPrivateKey(pair.getPrivateKeyInfo());
                }
                if (object instanceof PEMEncryptedKeyPair || object instanceof PKCS8EncryptedPrivateKeyInfo) {
                    throw new TlsFileException(Part.KEY, file + ": the key is encrypted; give an unencrypted key"
                            + " (openssl pkey -in KEY -out KEY.plain)");
                }
            }
            throw new TlsFileException(Part.KEY, file + ": no PEM private key found");
        } catch (IOException | RuntimeException e) {
            // PEMException is an IOException (the text is in memory, so no read fails); a body that
            // is not Base64 or not DER makes BouncyCastle throw unchecked exceptions.
            throw new TlsFileException(Part.KEY, file + ": not a usable PEM private key (" + e.getMessage() + ")");
        }
    }
}
