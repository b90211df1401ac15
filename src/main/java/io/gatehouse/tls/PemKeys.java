package io.gatehouse.tls;

import io.gatehouse.tls.CertificateFiles.Part;
import io.gatehouse.tls.CertificateFiles.TlsFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * Reads the first private key of a PEM file. An unencrypted PKCS#8 key ("PRIVATE KEY") goes to the
 * JDK as it is; PKCS#1 RSA ("RSA PRIVATE KEY") and SEC1 EC ("EC PRIVATE KEY") keys are first
 * wrapped as the PKCS#8 structure the JDK reads (RFC 5208: version 0, the algorithm, then the
 * key's own encoding as an octet string). Encrypted keys, in either PEM form, are rejected with
 * advice.
 */
final class PemKeys {

    private static final String BEGIN = "-----BEGIN ";
    private static final String DASHES = "-----";
    private static final byte[] VERSION_0 = {Der.INTEGER, 1, 0};
    private static final byte[] NO_PARAMETERS = {Der.NULL, 0};
    /** 1.2.840.113549.1.1.1, rsaEncryption. */
    private static final byte[] RSA_ENCRYPTION =
            {Der.OBJECT_IDENTIFIER, 9, 0x2A, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xF7, 0x0D, 1, 1, 1};
    /** 1.2.840.10045.2.1, id-ecPublicKey. */
    private static final byte[] EC_PUBLIC_KEY =
            {Der.OBJECT_IDENTIFIER, 7, 0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 2, 1};
    private static final int EC_PARAMETERS_FIELD = 0xA0; // ECPrivateKey's [0] parameters (RFC 5915)
    private static final String[] PKCS8_ALGORITHMS = {"RSA", "EC", "EdDSA", "RSASSA-PSS"};

    private PemKeys() {
    }

    static PrivateKey read(String pem, Path file) throws TlsFileException {
        Block block = firstKeyBlock(pem, file);
        if (block == null) {
            throw new TlsFileException(Part.KEY, file + ": no PEM private key found");
        }
        if (block.encrypted()) {
            throw new TlsFileException(Part.KEY, file + ": the key is encrypted; give an unencrypted key"
                    + " (openssl pkey -in KEY -out KEY.plain)");
        }
        try {
            byte[] der = Base64.getMimeDecoder().decode(block.base64());
            return switch (block.label()) {
                case "RSA PRIVATE KEY" -> KeyFactory.getInstance("RSA")
                        .generatePrivate(pkcs8(Der.element(Der.SEQUENCE, RSA_ENCRYPTION, NO_PARAMETERS), der));
                case "EC PRIVATE KEY" -> KeyFactory.getInstance("EC")
                        .generatePrivate(pkcs8(Der.element(Der.SEQUENCE, EC_PUBLIC_KEY, namedCurve(der)), der));
                case "PRIVATE KEY" -> pkcs8Key(new PKCS8EncodedKeySpec(der));
                default -> throw new GeneralSecurityException(
                        "a key labelled \"" + block.label() + "\" is not read; give it as PKCS#8"
                        + " (openssl pkey -in KEY -out KEY.pk8)");
            };
        } catch (GeneralSecurityException | RuntimeException e) {
            // Base64 that does not decode and DER that does not parse fail as unchecked exceptions.
            throw new TlsFileException(Part.KEY, file + ": not a usable PEM private key (" + e.getMessage() + ")");
        }
    }

    /** The PKCS#8 key as the JDK reads it, whichever of the algorithms it knows the key is for. */
    private static PrivateKey pkcs8Key(PKCS8EncodedKeySpec spec) throws GeneralSecurityException {
        for (String algorithm : PKCS8_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // not this algorithm: try the next
            }
        }
        throw new GeneralSecurityException("not a PKCS#8 RSA, EC, EdDSA or RSASSA-PSS key");
    }

    private static PKCS8EncodedKeySpec pkcs8(byte[] algorithm, byte[] key) {
        byte[] privateKey = Der.element(Der.OCTET_STRING, key);
        return new PKCS8EncodedKeySpec(Der.element(Der.SEQUENCE, VERSION_0, algorithm, privateKey));
    }

    /**
     * The curve's name (its object identifier, tag and length included) in a SEC1 key:
     * ECPrivateKey { version, privateKey, [0] parameters, [1] publicKey }.
     */
    private static byte[] namedCurve(byte[] sec1) throws GeneralSecurityException {
        Der key = Der.over(sec1).enter(Der.SEQUENCE);
        if (key == null || key.enter(Der.INTEGER) == null || key.enter(Der.OCTET_STRING) == null) {
            throw new GeneralSecurityException("not a SEC1 EC key");
        }
        for (Der field = key.enterAny(); field != null; field = key.enterAny()) {
            if (field.tag == EC_PARAMETERS_FIELD) {
                Der curve = field.enter(Der.OBJECT_IDENTIFIER);
                if (curve == null) {
                    throw new GeneralSecurityException("the EC key spells out its curve instead of naming it");
                }
                return curve.element();
            }
        }
        throw new GeneralSecurityException("the EC key does not name its curve");
    }

    /**
     * One PEM block: its label, whether its headers say it is encrypted ({@code Proc-Type:
     * 4,ENCRYPTED}, or the label of an encrypted PKCS#8 key), and its Base64 lines.
     */
    private record Block(String label, boolean encrypted, String base64) {
    }

    /** The first block whose label ends in "PRIVATE KEY", or null when there is none. */
    private static Block firstKeyBlock(String pem, Path file) throws TlsFileException {
        for (int begin = pem.indexOf(BEGIN); begin >= 0; begin = pem.indexOf(BEGIN, begin + 1)) {
            int labelEnd = pem.indexOf(DASHES, begin + BEGIN.length());
            if (labelEnd < 0) {
                return null;
            }
            String label = pem.substring(begin + BEGIN.length(), labelEnd);
            if (!label.endsWith("PRIVATE KEY")) {
                continue;
            }
            int bodyStart = labelEnd + DASHES.length();
            int end = pem.indexOf("-----END " + label + DASHES, bodyStart);
            if (end < 0) {
                throw new TlsFileException(Part.KEY, file + ": not a usable PEM private key (no -----END " + label
                        + "----- line)");
            }
            String body = pem.substring(bodyStart, end);
            boolean encrypted = label.equals("ENCRYPTED PRIVATE KEY");
            StringBuilder base64 = new StringBuilder(body.length());
            for (String line : body.split("\n")) {
                if (line.indexOf(':') >= 0) { // a header line, such as Proc-Type or DEK-Info
                    encrypted |= line.startsWith("Proc-Type:") && line.contains("ENCRYPTED");
                } else {
                    base64.append(line);
                }
            }
            return new Block(label, encrypted, base64.toString());
        }
        return null;
    }
}
