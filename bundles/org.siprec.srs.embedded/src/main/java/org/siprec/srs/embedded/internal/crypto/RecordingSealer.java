package org.siprec.srs.embedded.internal.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.siprec.api.catalog.RecordingContent;
import org.siprec.api.catalog.UnreadableContentException;
import org.siprec.api.directory.Subscriber;
import org.siprec.api.directory.SubscriberDirectory;
import org.siprec.srs.embedded.internal.SrsConfig;
import org.siprec.srs.embedded.internal.crypto.RecordingKeys.KeyUnavailableException;
import org.siprec.srs.embedded.internal.crypto.RecordingKeys.MasterKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encryption at rest of the embedded SRS's recordings (docs/storage.md): encrypts a recording's files in place when
 * it ends ({@link #seal}), with the newest key of its company (found in the subscriber directory, when installed, from
 * its parties) or of the default alias; and opens any recording file as plaintext for readers (the
 * {@link RecordingContent} service: the portal, {@code siprec:verify}). Configured by the SRS's own PID
 * ({@code encryption.*} keys of {@code etc/org.siprec.srs.embedded.cfg}), applied live.
 * <p>
 * Policy when encryption is on but a recording cannot be encrypted (key store missing or unreadable, wrong password,
 * no key for the default alias, disk full): the recording is kept, in plaintext, and an ERROR line names it and says
 * why. A recording is never lost for want of a key.
 */
@Component(service = {RecordingContent.class, RecordingSealer.class}, configurationPid = "org.siprec.srs.embedded",
        immediate = true)
public class RecordingSealer implements RecordingContent {
    public static final String PART = ".seal.part";
    private static final Logger LOG = LoggerFactory.getLogger(RecordingSealer.class);
    private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");

    /** The configuration in use: {@code keys} null when no key store can be named (no password, bad path). */
    private record Settings(boolean enabled, RecordingKeys keys, String defaultAlias, String problem) {
    }

    private volatile Settings settings;
    private final int segmentSize;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile SubscriberDirectory directory;

    @Activate
    public RecordingSealer(SrsConfig config) {
        this(config, SealedFormat.DEFAULT_SEGMENT);
    }

    /** With another segment size (tests: many segments from little audio). */
    public RecordingSealer(SrsConfig config, int segmentSize) {
        this.segmentSize = segmentSize;
        apply(config);
    }

    @Modified
    void modified(SrsConfig config) {
        apply(config);
    }

    /** For tests outside OSGi: the directory that tells a recording's company. */
    public void directory(SubscriberDirectory directory) {
        this.directory = directory;
    }

    private void apply(SrsConfig config) {
        Settings s = settings(config);
        settings = s;
        if (!s.enabled()) {
            LOG.debug("Encryption at rest is off");
            return;
        }
        String problem = s.problem();
        if (problem == null) {
            try {
                MasterKey key = s.keys().current(s.defaultAlias());
                LOG.info("Encryption at rest on: key store {}, keys {}; recordings of no company with a key: {}",
                        s.keys().file(), s.keys().aliases(), key.name());
            } catch (KeyUnavailableException e) {
                problem = e.getMessage();
            }
        }
        if (problem != null) {
            LOG.error("Encryption at rest is enabled but cannot encrypt: {}; recordings are stored in PLAINTEXT until"
                    + " etc/org.siprec.srs.embedded.cfg or the key store is corrected", problem);
        }
    }

    private static Settings settings(SrsConfig config) {
        String alias = config.encryption_default_alias() == null || config.encryption_default_alias().isBlank()
                ? "default" : config.encryption_default_alias().trim();
        String storeText = resolve(config.encryption_keystore() == null || config.encryption_keystore().isBlank()
                ? "${karaf.etc}/siprec-recordings.p12" : config.encryption_keystore().trim());
        Path store;
        try {
            store = Path.of(storeText).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            return new Settings(config.encryption_enabled(), null, alias,
                    "encryption.keystore is not a valid path: '" + storeText + "'");
        }
        char[] password;
        String passwordFile = config.encryption_keystore_password_file();
        if (passwordFile != null && !passwordFile.isBlank()) {
            Path file = Path.of(resolve(passwordFile.trim()));
            try {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                int end = text.indexOf('\n');
                password = (end < 0 ? text : text.substring(0, end)).replace("\r", "").toCharArray();
            } catch (IOException e) {
                return new Settings(config.encryption_enabled(), null, alias,
                        "encryption.keystore.password.file " + file + " cannot be read (" + e.getClass().getSimpleName() + ")");
            }
        } else {
            String p = config.encryption_keystore_password();
            password = p == null ? new char[0] : p.toCharArray();
        }
        if (password.length == 0) {
            return new Settings(config.encryption_enabled(), null, alias, "no key store password: set"
                    + " encryption.keystore.password or encryption.keystore.password.file");
        }
        RecordingKeys keys = new RecordingKeys(store, password);
        Arrays.fill(password, '\0');
        return new Settings(config.encryption_enabled(), keys, alias, null);
    }

    /** {@code ${name}}: the system property; {@code ${karaf.etc}} without it is {@code ./etc}. */
    static String resolve(String text) {
        Matcher m = PROPERTY.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String value = System.getProperty(m.group(1));
            if (value == null) {
                value = "karaf.etc".equals(m.group(1)) ? "./etc" : "karaf.data".equals(m.group(1)) ? "." : "";
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(value));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** Whether new recordings are to be encrypted. */
    public boolean enabled() {
        return settings.enabled();
    }

    /**
     * Encrypts the files of a recording that has ended, each in place (written to {@code <name>.seal.part}, then
     * renamed over the plaintext; its last-change time kept). Files already encrypted are left as they are. Nothing
     * when encryption is off.
     *
     * @param parties the recording's parties' AORs, in order: the first the directory knows gives the company
     * @return the key used ({@code alias vN}), or empty when the files stay in plaintext (off, or it failed: logged)
     */
    public Optional<String> seal(String recordingId, List<Path> files, List<String> parties) {
        Settings s = settings;
        if (!s.enabled()) {
            return Optional.empty();
        }
        if (s.problem() != null) {
            LOG.error("Recording {} stored NOT encrypted: {}", recordingId, s.problem());
            return Optional.empty();
        }
        String company = company(parties);
        MasterKey key;
        try {
            if (company != null && s.keys().has(company)) {
                key = s.keys().current(company);
            } else {
                key = s.keys().current(s.defaultAlias());
                if (company != null) {
                    LOG.warn("Recording {}: company {} has no key in {}; encrypted with the default key {}",
                            recordingId, company, s.keys().file(), key.name());
                }
            }
        } catch (KeyUnavailableException e) {
            LOG.error("Recording {} stored NOT encrypted: {}", recordingId, e.getMessage());
            return Optional.empty();
        }
        boolean all = true;
        for (Path f : files) {
            try {
                sealFile(f, key);
            } catch (IOException | RuntimeException e) {
                // never thrown to the caller: the recording's index line and catalogue row come next
                all = false;
                LOG.error("Recording {}: {} stays NOT encrypted: {}", recordingId, f, e.toString());
            }
        }
        return all ? Optional.of(key.name()) : Optional.empty();
    }

    private void sealFile(Path file, MasterKey key) throws IOException {
        if (!Files.isRegularFile(file) || SealedFormat.isSealed(file)) {
            return;
        }
        Path temp = file.resolveSibling(file.getFileName() + PART);
        FileTime changed = Files.getLastModifiedTime(file);
        try (InputStream in = Files.newInputStream(file);
                FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
            OutputStream stream = new java.io.BufferedOutputStream(Channels.newOutputStream(out), 256 * 1024);
            SealedFormat.seal(in, stream, key.key(), key.alias(), key.version(), segmentSize);
            stream.flush();
            out.force(true); // on disk before the plaintext is replaced
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        Files.setLastModifiedTime(temp, changed);
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private String company(List<String> parties) {
        SubscriberDirectory d = directory;
        if (d == null) {
            return null;
        }
        for (String aor : parties) {
            if (aor == null) {
                continue;
            }
            try {
                Optional<Subscriber> s = d.subscriber(aor);
                if (s.isPresent()) {
                    return s.get().companyId();
                }
            } catch (RuntimeException e) {
                LOG.debug("Directory lookup of {} failed: {}", aor, e.toString());
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ RecordingContent

    @Override
    public Content open(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            ByteBuffer magic = ByteBuffer.allocate(SealedFormat.MAGIC.length);
            while (magic.hasRemaining() && channel.read(magic, magic.position()) > 0) {
                // read the first bytes
            }
            if (!Arrays.equals(magic.array(), SealedFormat.MAGIC)) {
                return new PlainContent(channel);
            }
            SealedFormat.Header header = SealedFormat.readHeader(channel, file);
            Settings s = settings;
            if (s.keys() == null) {
                throw new UnreadableContentException(file.getFileName() + " is encrypted with key "
                        + header.keyName() + " and no key store can be opened: " + s.problem());
            }
            try {
                return SealedContent.open(channel, file, header, s.keys().version(header.alias(), header.keyVersion()));
            } catch (KeyUnavailableException e) {
                throw new UnreadableContentException(file.getFileName() + " is encrypted with a key not available: "
                        + e.getMessage());
            }
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** The whole plaintext of a (small) file: a metadata document. */
    public byte[] readAll(Path file) throws IOException {
        try (Content c = open(file); InputStream in = c.from(0)) {
            return in.readAllBytes();
        }
    }
}
