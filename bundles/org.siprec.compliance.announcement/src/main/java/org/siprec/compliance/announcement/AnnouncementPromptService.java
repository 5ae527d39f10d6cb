package org.siprec.compliance.announcement;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.siprec.api.compliance.AnnouncementPrompts;
import org.siprec.api.compliance.Audience;
import org.siprec.api.compliance.Prompt;
import org.siprec.api.compliance.PromptUnavailableException;
import org.siprec.api.directory.Company;
import org.siprec.api.directory.Subscriber;
import org.siprec.api.directory.SubscriberDirectory;
import org.siprec.api.model.CommunicationSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The prompts of announcements, from WAV files in a folder, per company and language:
 * <pre>
 *   &lt;prompt.folder&gt;/&lt;announcement&gt;.&lt;language&gt;.wav              every company
 *   &lt;prompt.folder&gt;/&lt;company id&gt;/&lt;announcement&gt;.&lt;language&gt;.wav a company's own
 * </pre>
 * All files are read and checked when the component activates or its configuration changes (never on a call's
 * thread): each invalid file is logged at ERROR with its path and what is wrong, and an announcement asked for with
 * only an invalid file is unavailable with that same reason. The language of a call is the served user's (directory
 * user language), else the user's company's, else {@code default.language}; for each language in that order the
 * company's own file wins over the common one.
 */
@Component(name = AnnouncementPromptService.PID, service = AnnouncementPrompts.class,
        configurationPid = AnnouncementPromptService.PID)
@Designate(ocd = AnnouncementPromptService.Config.class)
public class AnnouncementPromptService implements AnnouncementPrompts {
    static final String PID = "org.siprec.compliance.announcement";
    private static final Logger LOG = LoggerFactory.getLogger(AnnouncementPromptService.class);
    /** {@code <announcement>.<language>.wav}: identifiers that cannot climb out of the folder. */
    static final Pattern FILE = Pattern.compile("([A-Za-z0-9][A-Za-z0-9_-]*)\\.([a-z]{2,3}(?:-[A-Za-z0-9]{1,8})?)\\.wav");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    @ObjectClassDefinition(name = "siprec compliance: announcement prompts",
            description = "Prompts played before recording when a policy decision names an announcement")
    public @interface Config {
        @AttributeDefinition(description = "Folder of the prompt files (<announcement>.<language>.wav, and <company id>/<announcement>.<language>.wav); a relative path is taken from the Karaf base folder")
        String prompt_folder() default "prompts";

        @AttributeDefinition(description = "Language used when neither the served user nor their company has one, and when they have no file in theirs")
        String default_language() default "en";

        @AttributeDefinition(description = "Who hears the announcement: caller, callee or both")
        String audience() default "caller";
    }

    /** A loaded file: its samples, or why it cannot be used. */
    record Entry(Path file, short[] pcm, String error) {}

    /** Everything one configuration loaded; replaced as a whole, so a lookup sees one consistent set. */
    record Loaded(Path folder, String defaultLanguage, Audience audience, Map<String, Entry> entries, int errors) {}

    private volatile Loaded loaded;
    private volatile SubscriberDirectory directory;

    @Activate
    public AnnouncementPromptService(Config config) {
        apply(config);
    }

    @Modified
    void modified(Config config) {
        apply(config);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindDirectory(SubscriberDirectory d) {
        directory = d;
    }

    void unbindDirectory(SubscriberDirectory d) {
        if (directory == d) {
            directory = null;
        }
    }

    private void apply(Config c) {
        Audience audience;
        try {
            audience = Audience.parse(c.audience());
        } catch (IllegalArgumentException e) {
            LOG.error("Invalid configuration {}: audience={}; using audience=caller", PID, e.getMessage());
            audience = Audience.CALLER;
        }
        String language = c.default_language().trim().toLowerCase(Locale.ROOT);
        Path folder = resolve(c.prompt_folder());
        loaded = load(folder, language, audience);
    }

    static Path resolve(String configured) {
        Path p = Paths.get(configured.trim());
        if (p.isAbsolute()) {
            return p;
        }
        String base = System.getProperty("karaf.base");
        return base == null ? p.toAbsolutePath() : Paths.get(base).resolve(p);
    }

    static Loaded load(Path folder, String defaultLanguage, Audience audience) {
        Map<String, Entry> entries = new TreeMap<>();
        int errors = 0;
        if (!Files.isDirectory(folder)) {
            LOG.error("{}: prompt folder {} does not exist or is not a folder; no announcement can be played", PID,
                    folder);
            return new Loaded(folder, defaultLanguage, audience, entries, 1);
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(folder, 2)) {
            walk.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT)
                    .endsWith(".wav")).sorted().forEach(files::add);
        } catch (IOException e) {
            LOG.error("{}: cannot list the prompt folder {}: {}", PID, folder, e.toString());
            return new Loaded(folder, defaultLanguage, audience, entries, 1);
        }
        for (Path file : files) {
            Matcher m = FILE.matcher(file.getFileName().toString());
            Path parent = folder.relativize(file).getParent();
            String company = parent == null ? "" : parent.toString();
            if (!m.matches() || (!company.isEmpty() && !ID.matcher(company).matches())) {
                LOG.error("{}: prompt file {} is ignored: its name must be <announcement>.<language>.wav "
                        + "(e.g. recording-notice.en.wav), in the folder or a <company id> folder in it", PID, file);
                errors++;
                continue;
            }
            String key = key(company, m.group(1), m.group(2));
            try {
                short[] pcm = WavPrompt.read(file);
                entries.put(key, new Entry(file, pcm, null));
                LOG.info("{}: prompt {} loaded ({} ms)", PID, file, pcm.length / 8);
            } catch (WavPrompt.InvalidPromptException e) {
                LOG.error("{}: prompt file {} cannot be used: {}", PID, file, e.getMessage());
                entries.put(key, new Entry(file, null, e.getMessage()));
                errors++;
            } catch (IOException e) {
                LOG.error("{}: prompt file {} cannot be read: {}", PID, file, e.toString());
                entries.put(key, new Entry(file, null, "cannot be read: " + e));
                errors++;
            }
        }
        LOG.info("{}: {} prompt files in {} ({} with errors); default language {}, heard by {}", PID, files.size(),
                folder, errors, defaultLanguage, audience.name().toLowerCase(Locale.ROOT));
        return new Loaded(folder, defaultLanguage, audience, entries, errors);
    }

    private static String key(String company, String announcement, String language) {
        return company + "/" + announcement + "/" + language;
    }

    /** The files loaded (valid and invalid), for tests and diagnostics. */
    Loaded loaded() {
        return loaded;
    }

    @Override
    public Prompt prompt(String announcement, CommunicationSession call) throws PromptUnavailableException {
        Loaded l = loaded;
        if (announcement == null || !FILE.matcher(announcement + ".en.wav").matches()) {
            throw new PromptUnavailableException("'" + announcement
                    + "' is not a usable announcement identifier (letters, digits, '_' and '-')");
        }
        Optional<Subscriber> user = Optional.empty();
        Optional<Company> company = Optional.empty();
        SubscriberDirectory d = directory;
        if (d != null && call != null && call.servedUser() != null) {
            user = d.subscriber(call.servedUser().aor());
            company = user.flatMap(d::companyOf);
        }
        Set<String> languages = new LinkedHashSet<>();
        user.flatMap(Subscriber::language).map(s -> s.toLowerCase(Locale.ROOT)).ifPresent(languages::add);
        company.flatMap(Company::language).map(s -> s.toLowerCase(Locale.ROOT)).ifPresent(languages::add);
        languages.add(l.defaultLanguage());
        String companyId = company.map(Company::id).orElse(null);
        List<String> invalid = new ArrayList<>();
        for (String language : languages) {
            for (String folder : companyId == null ? List.of("") : List.of(companyId, "")) {
                Entry e = l.entries().get(key(folder, announcement, language));
                if (e == null) {
                    continue;
                }
                if (e.pcm() != null) {
                    return new Prompt(announcement, language, e.file().toString(), e.pcm(), l.audience());
                }
                invalid.add(e.file() + ": " + e.error());
            }
        }
        throw new PromptUnavailableException("no playable prompt for announcement " + announcement + " in "
                + String.join(", ", languages) + (companyId == null ? "" : " (company " + companyId + ")") + " under "
                + l.folder() + (invalid.isEmpty() ? "" : "; invalid: " + String.join("; ", invalid))
                + (d == null ? "; no subscriber directory: default language only" : ""));
    }
}
