package io.gatehouse.server;

/** The proxy could not start; the message is one line for the user, naming what to fix. */
public final class StartupException extends Exception {

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
