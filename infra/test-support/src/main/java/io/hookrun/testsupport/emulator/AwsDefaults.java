package io.hookrun.testsupport.emulator;

/**
 * The region and dummy credentials of the local stand-ins. The AWS SDK's default chains read the system
 * properties set here, so SDK clients inside the functions build as they do on Lambda (where the runtime
 * sets {@code AWS_REGION} and credentials) without an AWS account or a profile on the developer's machine.
 */
public final class AwsDefaults {

    public static final String REGION = "us-east-1";
    public static final String ACCOUNT_ID = "000000000000";

    private AwsDefaults() {
    }

    /** Sets {@code aws.region}, {@code aws.accessKeyId} and {@code aws.secretAccessKey} unless already set. */
    public static void applyToSystemProperties() {
        setIfAbsent("aws.region", REGION);
        setIfAbsent("aws.accessKeyId", "local");
        setIfAbsent("aws.secretAccessKey", "local");
    }

    private static void setIfAbsent(String name, String value) {
        if (System.getProperty(name) == null || System.getProperty(name).isBlank()) {
            System.setProperty(name, value);
        }
    }
}
