package io.hookrun.asl;

/**
 * How one branch of a Parallel state, or one iteration of a Map state, ended: {@code output} when it succeeded,
 * {@code error} and {@code cause} when it failed. Aborted branches (never ended) are not passed to a join.
 */
public record BranchResult(boolean succeeded, Object output, String error, String cause) {

    public static BranchResult success(Object output) {
        return new BranchResult(true, output, null, null);
    }

    public static BranchResult failure(String error, String cause) {
        return new BranchResult(false, null, error, cause);
    }
}
