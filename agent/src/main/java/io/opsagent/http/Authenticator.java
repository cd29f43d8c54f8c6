package io.opsagent.http;

import io.opsagent.config.AgentConfig;
import io.opsagent.config.ConfigException;
import io.opsagent.config.Keys;
import io.opsagent.identity.CertificatePatterns;
import io.opsagent.util.FilePerms;
import io.opsagent.util.Log;
import io.opsagent.util.RandomHex;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.Base64;

/**
 * Maps credentials to an {@link Identity}: the static tokens, and client certificates by the
 * {@code tls.client.*} patterns. Tokens are compared as SHA-256 digests with
 * {@link MessageDigest#isEqual}, so the time taken says nothing about how much of a guess was right.
 * Token files are re-read when the configuration reloads (the watcher polls their mtime).
 */
public final class Authenticator {
    private static final String GENERATED_FILE = "token";

    private final Path dataDir;
    private volatile byte[] operatorDigest;
    private volatile byte[] monitorDigest;
    private volatile byte[] dumpDigest;
    private volatile boolean staticTokens = true;
    private volatile JwtRules jwt;
    private volatile boolean dumpRequiresPermission;
    private volatile Path operatorTokenFile;
    private volatile CertificatePatterns certOperator = CertificatePatterns.NONE;
    private volatile CertificatePatterns certMonitor = CertificatePatterns.NONE;
    private volatile CertificatePatterns certDump = CertificatePatterns.NONE;

    public Authenticator(Path dataDir) {
        this.dataDir = dataDir;
    }

    /** Loads the tokens the configuration names; generates the operator token on first use if none is set. */
    public synchronized void configure(AgentConfig config) throws ConfigException {
        String op = config.get(Keys.TOKEN);
        Path opFile = null;
        if (op == null && config.get(Keys.TOKEN_FILE) != null) {
            opFile = Paths.get(config.get(Keys.TOKEN_FILE));
            op = readTokenFile(Keys.TOKEN_FILE.name(), opFile);
        }
        if (op == null) {
            opFile = dataDir.resolve(GENERATED_FILE);
            op = generatedToken(opFile);
        }
        String mon = config.get(Keys.MONITOR_TOKEN);
        if (mon == null && config.get(Keys.MONITOR_TOKEN_FILE) != null) {
            mon = readTokenFile(Keys.MONITOR_TOKEN_FILE.name(), Paths.get(config.get(Keys.MONITOR_TOKEN_FILE)));
        }
        if (mon != null && mon.equals(op)) {
            throw new ConfigException(Keys.MONITOR_TOKEN.name(), "is the same as the operator token; give the monitor role its own token");
        }
        String dump = config.get(Keys.DUMP_TOKEN);
        if (dump != null && (dump.equals(op) || dump.equals(mon))) {
            throw new ConfigException(Keys.DUMP_TOKEN.name(), "is the same as the operator or monitor token; give the dump permission its own token");
        }
        operatorDigest = digest(op);
        monitorDigest = mon == null ? null : digest(mon);
        dumpDigest = dump == null ? null : digest(dump);
        CertificatePatterns certOp = CertificatePatterns.parse(Keys.TLS_CLIENT_OPERATOR.name(), config.get(Keys.TLS_CLIENT_OPERATOR));
        CertificatePatterns certMon = CertificatePatterns.parse(Keys.TLS_CLIENT_MONITOR.name(), config.get(Keys.TLS_CLIENT_MONITOR));
        CertificatePatterns certDu = CertificatePatterns.parse(Keys.TLS_CLIENT_DUMP.name(), config.get(Keys.TLS_CLIENT_DUMP));
        certOperator = certOp;
        certMonitor = certMon;
        certDump = certDu;
        jwt = JwtRules.of(config);
        staticTokens = config.get(Keys.AUTH_STATIC_TOKENS);
        dumpRequiresPermission = config.get(Keys.DUMP_REQUIRES_PERMISSION);
        operatorTokenFile = opFile;
    }

    /** The file that holds the operator token, or null when it was given inline. */
    public Path operatorTokenFile() {
        return operatorTokenFile;
    }

    /** The role of an {@code Authorization} header value; null if a token was sent but matches none. */
    public Role roleOf(String authorization) {
        return identify(authorization).role();
    }

    /**
     * Who sent an {@code Authorization} header value; {@link Identity#isRefused() refused} if a credential
     * was sent but is not valid (a wrong token is never outweighed by anything else the request carries).
     */
    public Identity identify(String authorization) {
        return identify(authorization, null);
    }

    /**
     * Who sent a request: what its TLS client certificate (or null) and its {@code Authorization} header
     * grant together; refused when the header carries a credential that is not valid.
     */
    public Identity identify(String authorization, X509Certificate peer) {
        Identity byCert = peer == null ? Identity.NONE : certificate(peer);
        return authorization == null ? byCert : byCert.and(token(authorization));
    }

    /** The certificate's subject is recorded even when no pattern gives it a role. */
    private Identity certificate(X509Certificate peer) {
        String subject = "cert " + CertificatePatterns.subjectOf(peer);
        if (certDump.matches(peer)) {
            return new Identity(Role.OPERATOR, true, subject);
        }
        if (certOperator.matches(peer)) {
            return operator(subject);
        }
        return new Identity(certMonitor.matches(peer) ? Role.MONITOR : Role.PUBLIC, false, subject);
    }

    private Identity token(String authorization) {
        String token = tokenOf(authorization.trim());
        if (token == null) {
            return Identity.refused("not a Bearer or Basic credential", null);
        }
        if (staticTokens) {
            Identity id = staticToken(token);
            if (id != null) {
                return id;
            }
        }
        JwtRules jwt = this.jwt;
        if (jwt != null && JwtRules.looksLikeJwt(token)) {
            return jwt.identify(token, dumpRequiresPermission);
        }
        return Identity.refused(staticTokens ? "no such token" : "static tokens are off (auth.static.tokens=false)", null);
    }

    private Identity staticToken(String token) {
        byte[] d = digest(token);
        boolean isOperator = MessageDigest.isEqual(d, operatorDigest);
        byte[] mon = monitorDigest;
        boolean isMonitor = mon != null && MessageDigest.isEqual(d, mon);
        byte[] dump = dumpDigest;
        boolean isDump = dump != null && MessageDigest.isEqual(d, dump);
        if (isDump) {
            return new Identity(Role.OPERATOR, true, null);
        }
        return isOperator ? operator(null) : isMonitor ? new Identity(Role.MONITOR, false, null) : null;
    }

    /** The operator role carries the dump permission unless {@code dump.requires.permission} separates them. */
    private Identity operator(String subject) {
        return operator(subject, dumpRequiresPermission);
    }

    static Identity operator(String subject, boolean dumpRequiresPermission) {
        return new Identity(Role.OPERATOR, !dumpRequiresPermission, subject);
    }

    /**
     * The token in {@code Bearer <token>}, or the password of {@code Basic base64(user:token)}: browsers
     * can only send the latter, which is how the dashboard page is opened. The user name is ignored.
     */
    static String tokenOf(String a) {
        if (a.length() > 7 && a.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return a.substring(7).trim();
        }
        if (a.length() > 6 && a.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String pair = new String(Base64.getDecoder().decode(a.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = pair.indexOf(':');
                return colon < 0 ? null : pair.substring(colon + 1);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }

    private static String readTokenFile(String key, Path file) throws ConfigException {
        try {
            String t = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).trim();
            if (t.length() < 16) {
                throw new ConfigException(key, file + " holds a token shorter than 16 characters; put a long random token in it");
            }
            return t;
        } catch (IOException e) {
            throw new ConfigException(key, "cannot read " + file + " (" + e.getMessage() + "); check the path and its permissions");
        }
    }

    /** Reuses the generated token across reloads and restarts with the same data dir; makes one if absent. */
    private static String generatedToken(Path file) throws ConfigException {
        try {
            if (Files.isRegularFile(file)) {
                String t = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).trim();
                if (t.length() >= 16) {
                    return t;
                }
            }
            String token = RandomHex.of(24);
            Files.deleteIfExists(file);
            FilePerms.writePrivate(file, (token + "\n").getBytes(StandardCharsets.UTF_8));
            Log.info("generated an operator token in " + file);
            return token;
        } catch (IOException e) {
            throw new ConfigException(Keys.TOKEN.name(), "cannot write a generated token to " + file + " (" + e.getMessage()
                    + "); set token.file or data.dir to a writable place");
        }
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
