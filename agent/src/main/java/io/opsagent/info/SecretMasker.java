package io.opsagent.info;

import java.util.regex.Pattern;

/**
 * Masks values that look like secrets in JVM input arguments: {@code -Ddb.password=...},
 * {@code -javaagent:...=token=...}, {@code --api-key=...}. Over-masking is safe; leaking is not.
 */
final class SecretMasker {
    private static final Pattern SECRET = Pattern.compile(
            "(?i)((?:password|passwd|pwd|secret|token|credential|api[._-]?key|private[._-]?key|auth)[\\w.\\-]*[=:])[^,\\s]*");

    private SecretMasker() {
    }

    static String mask(String arg) {
        return SECRET.matcher(arg).replaceAll("$1****");
    }
}
