package io.parley.storage.mongo;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The user and password that the {@link EmbeddedMongoServer} of a data directory asks for, kept in
 * {@code <dataDir>/mongo/credentials}: two lines, {@code user=…} and {@code password=…}. The file
 * is made on the first start in the directory (also in one from before there were credentials), with
 * a random password of 32 bytes in base64url, readable and writable by its owner only where the file
 * system has POSIX permissions. Later starts read it.
 *
 * <p>{@link #toString()} leaves the password out.
 */
record EmbeddedCredentials(String user, String password) {
    static final String FILE_NAME = "credentials";
    static final String DEFAULT_USER = "parley";
    private static final Logger log = LoggerFactory.getLogger(EmbeddedCredentials.class);
    private static final int PASSWORD_BYTES = 32;
    /**
     * URI-unreserved characters: they go into a connection string as they are, SCRAM's user name
     * needs no escaping and SASLprep leaves the password as it is.
     */
    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._~-]+");
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    EmbeddedCredentials {
        if (!ALLOWED.matcher(user).matches() || !ALLOWED.matcher(password).matches()) {
            throw new IllegalArgumentException("a user name and a password are made of letters, digits and . _ ~ - only");
        }
    }

    static EmbeddedCredentials generate() {
        return new EmbeddedCredentials(DEFAULT_USER,
                Base64.getUrlEncoder().withoutPadding().encodeToString(ScramSha256.randomBytes(PASSWORD_BYTES)));
    }

    /**
     * Reads the file, or makes it when there is none. Called while the server holds the lock on the
     * directory's database file, so no other process makes the file at the same time.
     *
     * @throws IllegalStateException when the file is there but not as this class writes it
     * @throws UncheckedIOException  when it cannot be read or written
     */
    static EmbeddedCredentials loadOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                return read(file);
            }
            EmbeddedCredentials created = generate();
            create(file, created);
            log.info("generated the embedded database's credentials in {}", file);
            return created;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the embedded database's credentials " + file, e);
        }
    }

    private static void create(Path file, EmbeddedCredentials credentials) throws IOException {
        boolean posix = posix(file);
        FileAttribute<?>[] attributes = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
        // Owner-only from the start (not made so after the write), and written to a file of its own
        // first, so that a crash leaves either no file or a whole one.
        Path temporary = Files.createTempFile(file.getParent(), FILE_NAME, ".tmp", attributes);
        try {
            Files.writeString(temporary, "user=" + credentials.user + "\npassword=" + credentials.password + "\n",
                    StandardCharsets.UTF_8);
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static EmbeddedCredentials read(Path file) throws IOException {
        if (posix(file) && !Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
            log.warn("the embedded database's credentials {} were readable or writable by others: now rw------- "
                    + "(owner only)", file);
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        }
        String user = null;
        String password = null;
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (String line : lines) {
            String stripped = line.strip();
            if (stripped.startsWith("user=")) {
                user = stripped.substring("user=".length());
            } else if (stripped.startsWith("password=")) {
                password = stripped.substring("password=".length());
            }
        }
        if (user == null || password == null || !ALLOWED.matcher(user).matches() || !ALLOWED.matcher(password).matches()) {
            // The message names the file only: what is in it may be a password.
            throw new IllegalStateException("the embedded database's credentials " + file + " are not two lines "
                    + "user=… and password=… (letters, digits and . _ ~ - only): delete the file, and the next "
                    + "start makes a new one");
        }
        return new EmbeddedCredentials(user, password);
    }

    private static boolean posix(Path file) {
        return Files.getFileAttributeView(file.getParent(), PosixFileAttributeView.class) != null;
    }

    @Override
    public String toString() {
        return "EmbeddedCredentials[user=" + user + ", password=<hidden>]";
    }
}
