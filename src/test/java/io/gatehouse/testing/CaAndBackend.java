package io.gatehouse.testing;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base for TLS integration tests: before each test a fresh test CA ({@link #ca}, with the given name) and a
 * plain backend named "backend" ({@link #backend}), closed after it; {@link #dir} is a temporary directory
 * for certificate and key files.
 */
public abstract class CaAndBackend {

    private final String caName;

    @TempDir
    protected Path dir;

    protected TestCertificates ca;
    protected TestBackend backend;

    protected CaAndBackend(String caName) {
        this.caName = caName;
    }

    @BeforeEach
    protected void startCaAndBackend() throws Exception {
        ca = TestCertificates.newCa(caName);
        backend = TestBackend.start("backend");
    }

    @AfterEach
    protected void closeBackend() {
        backend.close();
    }
}
