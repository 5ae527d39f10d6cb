package org.siprec.compliance.announcement;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siprec.api.compliance.Audience;
import org.siprec.api.compliance.Prompt;
import org.siprec.api.compliance.PromptUnavailableException;
import org.siprec.api.directory.Company;
import org.siprec.api.directory.OfficeHours;
import org.siprec.api.directory.RecordingProfile;
import org.siprec.api.directory.Subscriber;
import org.siprec.api.directory.WhitelistMode;
import org.siprec.api.model.CommunicationSession;
import org.siprec.api.model.MediaStream;
import org.siprec.api.model.Participant;
import org.siprec.api.model.SessionCase;
import org.siprec.testsupport.Configs;
import org.siprec.testsupport.directory.FakeDirectory;

/** Prompt files checked at load, and the prompt chosen per company and language, on real files in a temp folder. */
class AnnouncementPromptServiceTest {
    @TempDir
    Path folder;

    record Call(String callId, SessionCase sessionCase, Participant caller, Participant callee)
            implements CommunicationSession {
        @Override
        public Optional<String> sessionId() {
            return Optional.empty();
        }

        @Override
        public Instant startTime() {
            return Instant.EPOCH;
        }

        @Override
        public Participant servedUser() {
            return sessionCase == SessionCase.ORIGINATING ? caller : callee;
        }

        @Override
        public List<MediaStream> streams() {
            return List.of();
        }

        static Call from(String aor) {
            return new Call("c1", SessionCase.ORIGINATING, new Participant(aor, null),
                    new Participant("sip:other@example.net", null));
        }
    }

    /** A WAV file: RIFF header, fmt chunk with the given fields, data chunk. */
    static byte[] wav(int format, int channels, int rate, int bits, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(44 + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + data.length).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) format).putShort((short) channels).putInt(rate)
                .putInt(rate * channels * bits / 8).putShort((short) (channels * bits / 8)).putShort((short) bits);
        b.put("data".getBytes()).putInt(data.length).put(data);
        return b.array();
    }

    static byte[] pcm16(short... samples) {
        ByteBuffer b = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short s : samples) {
            b.putShort(s);
        }
        return b.array();
    }

    private void write(String name, byte[] content) throws Exception {
        Path file = folder.resolve(name);
        Files.createDirectories(file.getParent());
        Files.write(file, content);
    }

    private AnnouncementPromptService service(Map<String, Object> config) {
        java.util.HashMap<String, Object> c = new java.util.HashMap<>(config);
        c.putIfAbsent("prompt.folder", folder.toString());
        return new AnnouncementPromptService(Configs.of(AnnouncementPromptService.Config.class, c));
    }

    @Test
    void readsPcmMuLawAndALaw() throws Exception {
        assertArrayEquals(new short[] {0, 1000, -1000, 32767}, WavPrompt.decode(wav(1, 1, 8000, 16,
                pcm16((short) 0, (short) 1000, (short) -1000, (short) 32767))));
        // G.711 reference values: µ-law 0xFF = 0, 0x80 = 32124, 0x00 = -32124; A-law 0xD5 = 8, 0x55 = -8, 0xAA = 32256
        assertArrayEquals(new short[] {0, 32124, -32124}, WavPrompt.decode(wav(7, 1, 8000, 8,
                new byte[] {(byte) 0xFF, (byte) 0x80, 0x00})));
        assertArrayEquals(new short[] {8, -8, 32256}, WavPrompt.decode(wav(6, 1, 8000, 8,
                new byte[] {(byte) 0xD5, 0x55, (byte) 0xAA})));
    }

    @Test
    void refusesWhatCannotBePlayedSayingWhatIsWrong() {
        byte[] audio = pcm16((short) 1, (short) 2);
        assertEquals("2 channels, prompts must be mono", error(wav(1, 2, 8000, 16, audio)));
        assertEquals("16000 Hz, prompts must be 8000 Hz", error(wav(1, 1, 16000, 16, audio)));
        assertEquals("8 bits per sample, PCM prompts must have 16", error(wav(1, 1, 8000, 8, audio)));
        assertEquals("format 85 is not supported; prompts must be PCM (1), A-law (6) or mu-law (7)",
                error(wav(85, 1, 8000, 16, audio)));
        assertEquals("not a WAV file (no RIFF/WAVE header)", error("ID3 mp3 data".getBytes()));
        assertEquals("no audio (empty data chunk)", error(wav(1, 1, 8000, 16, new byte[0])));
        byte[] truncated = java.util.Arrays.copyOf(wav(1, 1, 8000, 16, pcm16(new short[100])), 100);
        assertTrue(error(truncated).contains("truncated"), error(truncated));
    }

    private static String error(byte[] file) {
        return assertThrows(WavPrompt.InvalidPromptException.class, () -> WavPrompt.decode(file)).getMessage();
    }

    @Test
    void choosesUserLanguageThenCompanyLanguageThenDefaultAndTheCompanysOwnFileFirst() throws Exception {
        write("notice.en.wav", wav(1, 1, 8000, 16, pcm16((short) 1)));
        write("notice.fr.wav", wav(1, 1, 8000, 16, pcm16((short) 2)));
        write("notice.de.wav", wav(1, 1, 8000, 16, pcm16((short) 3)));
        write("acme/notice.fr.wav", wav(7, 1, 8000, 8, new byte[] {(byte) 0xFF, (byte) 0xFF}));
        Company acme = new Company("acme", "ACME", ZoneId.of("Europe/Paris"), "33", OfficeHours.NONE, Set.of(),
                List.of(), Set.of(), WhitelistMode.NEVER_RECORD_LISTED, Optional.empty(), Optional.empty(),
                Optional.of("fr"));
        Company other = Company.of("other", "Other", ZoneId.of("Europe/Berlin"), "49");
        Subscriber alice = Subscriber.of("alice", "acme", "Alice", RecordingProfile.BOTH)
                .withAors(List.of("sip:alice@acme.example"));
        Subscriber bob = Subscriber.of("bob", "acme", "Bob", RecordingProfile.BOTH)
                .withAors(List.of("sip:bob@acme.example")).withLanguage(Optional.of("de"));
        Subscriber carol = Subscriber.of("carol", "other", "Carol", RecordingProfile.BOTH)
                .withAors(List.of("sip:carol@other.example"));
        AnnouncementPromptService s = service(Map.of("audience", "both"));
        s.bindDirectory(new FakeDirectory(List.of(acme, other), List.of(alice, bob, carol), Set.of()));

        Prompt forAlice = s.prompt("notice", Call.from("sip:alice@acme.example"));
        assertEquals("fr", forAlice.language(), "the company's language");
        assertTrue(forAlice.source().endsWith("acme/notice.fr.wav"), "the company's own file: " + forAlice.source());
        assertEquals(2, forAlice.pcm().length);
        assertEquals(Audience.BOTH, forAlice.audience());

        Prompt forBob = s.prompt("notice", Call.from("sip:bob@acme.example"));
        assertEquals("de", forBob.language(), "the user's language overrides the company's");
        assertArrayEquals(new short[] {3}, forBob.pcm());

        assertEquals("en", s.prompt("notice", Call.from("sip:carol@other.example")).language(), "default");
        assertEquals("en", s.prompt("notice", Call.from("sip:stranger@nowhere.example")).language(), "unknown user");

        s.unbindDirectory(null); // another directory: still bound
        assertEquals("fr", s.prompt("notice", Call.from("sip:alice@acme.example")).language());
    }

    @Test
    void withoutDirectoryTheDefaultLanguageIsUsed() throws Exception {
        write("notice.de.wav", wav(1, 1, 8000, 16, pcm16((short) 3)));
        AnnouncementPromptService s = service(Map.of("default.language", "de"));
        Prompt p = s.prompt("notice", Call.from("sip:alice@acme.example"));
        assertEquals("de", p.language());
        assertEquals(Audience.CALLER, p.audience(), "the caller hears it by default");
    }

    @Test
    void aMissingOrInvalidPromptIsUnavailableWithTheReason() throws Exception {
        write("notice.en.wav", wav(1, 1, 16000, 16, pcm16((short) 1)));
        write("bad name.wav", wav(1, 1, 8000, 16, pcm16((short) 1)));
        AnnouncementPromptService s = service(Map.of());
        assertEquals(2, s.loaded().errors(), "both bad files are reported at load");
        String invalid = assertThrows(PromptUnavailableException.class,
                () -> s.prompt("notice", Call.from("sip:a@b"))).getMessage();
        assertTrue(invalid.contains("notice.en.wav: 16000 Hz, prompts must be 8000 Hz"), invalid);
        String missing = assertThrows(PromptUnavailableException.class,
                () -> s.prompt("welcome", Call.from("sip:a@b"))).getMessage();
        assertTrue(missing.startsWith("no playable prompt for announcement welcome in en under " + folder), missing);
        assertTrue(missing.contains("no subscriber directory"), missing);
        assertThrows(PromptUnavailableException.class, () -> s.prompt("../etc/passwd", Call.from("sip:a@b")));
    }

    @Test
    void aMissingFolderMakesEveryAnnouncementUnavailableAndAnUpdateReloads() throws Exception {
        AnnouncementPromptService s = service(Map.of("prompt.folder", folder.resolve("none").toString()));
        assertThrows(PromptUnavailableException.class, () -> s.prompt("notice", Call.from("sip:a@b")));
        write("notice.en.wav", wav(1, 1, 8000, 16, pcm16((short) 1)));
        s.modified(Configs.of(AnnouncementPromptService.Config.class, Map.of("prompt.folder", folder.toString(),
                "audience", "nobody")));
        Prompt p = s.prompt("notice", Call.from("sip:a@b"));
        assertEquals(Audience.CALLER, p.audience(), "an invalid audience falls back to caller");
    }

    @Test
    void theShippedSpokenPromptIsValid() throws Exception {
        Path shipped = Path.of(System.getProperty("siprec.root", "../.."))
                .resolve("karaf-dist/src/main/resources/assembly/prompts/recording-notice.en.wav");
        short[] pcm = WavPrompt.read(shipped);
        assertTrue(pcm.length > 8000, "at least a second of speech: " + pcm.length + " samples");
        long loud = 0;
        for (short sample : pcm) {
            loud += Math.abs(sample) > 1000 ? 1 : 0;
        }
        assertTrue(loud > pcm.length / 10, "it is speech, not silence");
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
