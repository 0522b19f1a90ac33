package io.fewshot.contracts;

/**
 * A value that breaks a contract, naming the field at fault: {@code data.spec.way: must be >= 2, was 1}.
 *
 * <p>Records throw it with their own name as the location ({@code RunSpec.way}); the JSON reader
 * re-throws it with the full path inside the document ({@link #at(String)}), so that whoever reads
 * the message knows exactly which field of which message to fix.
 */
public class ContractViolation extends IllegalArgumentException {
    private final String path;
    private final String problem;

    public ContractViolation(String path, String problem) {
        this(path, problem, null);
    }

    public ContractViolation(String path, String problem, Throwable cause) {
        super(path + ": " + problem, cause);
        this.path = path;
        this.problem = problem;
    }

    /** Where the bad value is, as a dotted path ({@code data.spec.way}, {@code data.tableKeys[2]}). */
    public String path() {
        return path;
    }

    /** What is wrong with it, without the path. */
    public String problem() {
        return problem;
    }

    /** Throws a violation of {@code owner.field} unless {@code ok}. */
    public static void require(boolean ok, String owner, String field, String problem) {
        if (!ok) {
            throw new ContractViolation(owner + "." + field, problem);
        }
    }

    /**
     * The same problem, located under {@code parentPath} instead of under the record's own name:
     * {@code RunSpec.way} raised while reading {@code data.spec} becomes {@code data.spec.way}.
     */
    public ContractViolation at(String parentPath) {
        int dot = path.indexOf('.');
        String local = dot < 0 ? "" : path.substring(dot);
        String full = parentPath.isEmpty() ? local.replaceFirst("^\\.", "") : parentPath + local;
        return new ContractViolation(full.isEmpty() ? path : full, problem, getCause());
    }
}
