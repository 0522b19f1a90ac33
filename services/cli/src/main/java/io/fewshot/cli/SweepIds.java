package io.fewshot.cli;

import io.fewshot.contracts.ObjectKeys;
import io.fewshot.contracts.sweep.Profile;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Names of new sweeps: {@code smoke-20261127-221003-3f9a}. Readable and sortable by time, and valid
 * both as an S3 key segment and as a Kubernetes object name (lower case, digits, '-'), because on
 * Argo the Workflow's name is the sweep id.
 */
public final class SweepIds {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    /** A DNS-1123 subdomain, the rule for a Workflow's name; kept to 63 so pod names derived from it stay short. */
    private static final Pattern KUBERNETES_NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,61}[a-z0-9])?");
    private static final SecureRandom RANDOM = new SecureRandom();

    private SweepIds() {
    }

    public static String fresh(Profile profile, Clock clock) {
        byte[] suffix = new byte[2];
        RANDOM.nextBytes(suffix);
        return profile.id() + "-" + STAMP.format(clock.instant()) + "-" + HexFormat.of().formatHex(suffix);
    }

    /** A sweep id anything may be named after (an S3 prefix), or a clear error. */
    public static String check(String id) {
        if (!ObjectKeys.isSafeSegment(id)) {
            throw new CliException("sweep id '" + id + "' is not valid: " + ObjectKeys.SAFE_SEGMENT_RULE);
        }
        return id;
    }

    /** As {@link #check}, and also a valid Workflow name. */
    public static String checkForKubernetes(String id) {
        check(id);
        if (!KUBERNETES_NAME.matcher(id).matches()) {
            throw new CliException("sweep id '" + id + "' cannot name an Argo Workflow: use at most 63 lower-case"
                    + " letters, digits, '-' or '.', starting and ending with a letter or digit");
        }
        return id;
    }
}
