package io.hookrun.deploycheck;

/**
 * What the check found: CodeDeploy's {@code Succeeded} or {@code Failed}, and why, in words fit for the log (no
 * secret, no body).
 */
public record CheckOutcome(boolean passed, String reason) {

    public static CheckOutcome passed(String reason) {
        return new CheckOutcome(true, reason);
    }

    public static CheckOutcome failed(String reason) {
        return new CheckOutcome(false, reason);
    }

    /** The lifecycle hook status CodeDeploy takes: only these two are accepted from a hook. */
    public String status() {
        return passed ? "Succeeded" : "Failed";
    }
}
