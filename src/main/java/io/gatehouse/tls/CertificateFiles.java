package io.gatehouse.tls;

import io.gatehouse.config.FileErrors;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Reads PEM certificate chains and private keys (PKCS#8, PKCS#1 RSA, SEC1 EC) and checks that they
 * belong together and are valid now. Every failure is a {@link TlsFileException} whose message
 * says what to fix, for config errors and reload logs alike.
 */
public final class CertificateFiles {

    private CertificateFiles() {
    }

    /** A certificate chain (leaf first) with its private key. */
    public record KeyAndChain(PrivateKey key, X509Certificate[] chain) {
        public X509Certificate leaf() {
            return chain[0];
        }
    }

    /** Which file a problem is about: a certificate chain, its key, or a CA bundle. */
    public enum Part { CERT, KEY, CA }

    /** A certificate or key file that cannot be used; {@link #part()} says which one. */
    public static final class TlsFileException extends Exception {
        private final Part part;

        TlsFileException(Part part, String message) {
            super(message);
            this.part = part;
        }

        public Part part() {
            return part;
        }
    }

    /** Loads and cross-checks a pair: readable, parseable, matching, and not expired. */
    public static KeyAndChain load(Path certFile, Path keyFile) throws TlsFileException {
        X509Certificate[] chain = readChain(certFile, Part.CERT);
        try {
            chain[0].checkValidity();
        } catch (CertificateExpiredException e) {
            throw new TlsFileException(Part.CERT, certFile + ": the certificate expired on "
                    + chain[0].getNotAfter().toInstant().atOffset(ZoneOffset.UTC).toLocalDate() + "; renew it");
        } catch (CertificateNotYetValidException e) {
            throw new TlsFileException(Part.CERT, certFile + ": the certificate is not valid before "
                    + chain[0].getNotBefore().toInstant().atOffset(ZoneOffset.UTC).toLocalDate());
        }
        PrivateKey key = readKey(keyFile);
        if (!matches(key, chain[0].getPublicKey())) {
            throw new TlsFileException(Part.KEY, keyFile + ": the key does not match the certificate in " + certFile);
        }
        return new KeyAndChain(key, chain);
    }

    /** Reads every certificate in a PEM file (a chain or a CA bundle). */
    public static X509Certificate[] readChain(Path file, Part part) throws TlsFileException {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(X509Certificate.class::cast).toList();
            if (certs.isEmpty()) {
                throw new TlsFileException(part, file + ": no PEM certificate found");
            }
            return certs.toArray(new X509Certificate[0]);
        } catch (IOException e) {
            throw new TlsFileException(part, file + ": cannot read: " + FileErrors.reason(e));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new TlsFileException(part, file + ": not a PEM certificate (" + e.getMessage() + ")");
        }
    }

    /** Reads the first private key of a PEM file (see {@link PemKeys} for the forms read). */
    private static PrivateKey readKey(Path file) throws TlsFileException {
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new TlsFileException(Part.KEY, file + ": cannot read: " + FileErrors.reason(e));
        }
        return PemKeys.read(pem, file);
    }

    /**
     * Whether the key belongs to the certificate: from the keys' numbers where they tell (see
     * {@link KeyMatch}), else by signing a probe with the key and verifying it with the
     * certificate's public key. A key of an algorithm this check cannot sign with is let through
     * unchecked: the TLS engine then has the last word when it builds its context.
     */
    private static boolean matches(PrivateKey key, PublicKey certificateKey) {
        KeyMatch.Answer answer = KeyMatch.of(key, certificateKey);
        if (answer != KeyMatch.Answer.UNKNOWN) {
            return answer == KeyMatch.Answer.MATCH;
        }
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (algorithm == null || !key.getAlgorithm().equals(certificateKey.getAlgorithm())
                && !(key.getAlgorithm().startsWith("EC") && certificateKey.getAlgorithm().startsWith("EC"))) {
            return algorithm == null;
        }
        try {
            byte[] probe = "gatehouse key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificateKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
