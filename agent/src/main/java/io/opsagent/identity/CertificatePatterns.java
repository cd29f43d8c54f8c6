package io.opsagent.identity;

import io.opsagent.config.ConfigException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/**
 * One {@code tls.client.*} setting: patterns such as {@code CN=ops-*}, {@code OU=sre}, {@code DNS=*.ops.example}
 * or {@code EMAIL=*@example.com}. A certificate matches when any pattern matches: the attribute names a
 * subject attribute (CN, OU, O, ...: any of the subject's values of that type) or a SAN entry (DNS, EMAIL);
 * {@code *} stands for any run of characters; comparison ignores case. Nothing else is special.
 */
public final class CertificatePatterns {
    private static final int SAN_EMAIL = 1;
    private static final int SAN_DNS = 2;

    public static final CertificatePatterns NONE = new CertificatePatterns(Collections.<String>emptyList(), Collections.<Pattern>emptyList());

    private final List<String> attributes;
    private final List<Pattern> globs;

    private CertificatePatterns(List<String> attributes, List<Pattern> globs) {
        this.attributes = attributes;
        this.globs = globs;
    }

    public static CertificatePatterns parse(String key, List<String> patterns) throws ConfigException {
        List<String> attrs = new ArrayList<String>();
        List<Pattern> globs = new ArrayList<Pattern>();
        for (String p : patterns == null ? Collections.<String>emptyList() : patterns) {
            int eq = p.indexOf('=');
            String attr = eq < 0 ? "" : p.substring(0, eq).trim().toUpperCase(Locale.ROOT);
            if (eq < 0 || !attr.matches("[A-Z][A-Z0-9.]*") || p.substring(eq + 1).trim().isEmpty()) {
                throw new ConfigException(key, "'" + p + "' is not a certificate pattern; write ATTRIBUTE=value with * as a wildcard,"
                        + " e.g. CN=ops-*, OU=sre, DNS=*.ops.example or EMAIL=*@example.com");
            }
            attrs.add(attr);
            globs.add(glob(p.substring(eq + 1).trim()));
        }
        return new CertificatePatterns(attrs, globs);
    }

    public boolean isEmpty() {
        return attributes.isEmpty();
    }

    public boolean matches(X509Certificate cert) {
        for (int i = 0; i < attributes.size(); i++) {
            for (String value : valuesOf(cert, attributes.get(i))) {
                if (globs.get(i).matcher(value).matches()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The certificate's subject as RFC 2253 text, for the audit log. */
    public static String subjectOf(X509Certificate cert) {
        return cert.getSubjectX500Principal().getName(X500Principal.RFC2253);
    }

    private static List<String> valuesOf(X509Certificate cert, String attr) {
        List<String> out = new ArrayList<String>();
        if (attr.equals("DNS") || attr.equals("EMAIL")) {
            int type = attr.equals("DNS") ? SAN_DNS : SAN_EMAIL;
            try {
                Collection<List<?>> sans = cert.getSubjectAlternativeNames();
                if (sans != null) {
                    for (List<?> san : sans) {
                        if (san.size() >= 2 && Integer.valueOf(type).equals(san.get(0)) && san.get(1) instanceof String) {
                            out.add((String) san.get(1));
                        }
                    }
                }
            } catch (CertificateParsingException e) {
                return out; // an unreadable SAN matches nothing
            }
            if (attr.equals("DNS")) {
                return out;
            }
        }
        try {
            for (Rdn rdn : new LdapName(subjectOf(cert)).getRdns()) {
                if (rdn.getType().equalsIgnoreCase(attr) || attr.equals("EMAIL") && rdn.getType().equals("1.2.840.113549.1.9.1")) {
                    out.add(valueText(rdn.getValue()));
                }
            }
        } catch (InvalidNameException e) {
            return out;
        }
        return out;
    }

    private static String valueText(Object v) {
        if (v instanceof byte[]) {
            // EMAILADDRESS arrives as DER (an IA5String): tag, length, then the text
            byte[] b = (byte[]) v;
            return b.length > 2 ? new String(b, 2, b.length - 2, java.nio.charset.StandardCharsets.US_ASCII) : "";
        }
        return String.valueOf(v);
    }

    private static Pattern glob(String g) {
        StringBuilder re = new StringBuilder();
        String[] parts = g.split("\\*", -1);
        for (int i = 0; i < parts.length; i++) {
            re.append(i > 0 ? ".*" : "").append(Pattern.quote(parts[i]));
        }
        return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }
}
