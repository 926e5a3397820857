//! Recognises AWS credentials in text, and redacts them.
//!
//! Used twice: by the parsers, to record [`Credential`]s (only their redacted form and a
//! digest are kept), and by every reporter that prints source text (code frames), so no
//! output of the tool reveals a full key.

use std::borrow::Cow;
use std::sync::OnceLock;

use regex::Regex;

use crate::model::{Credential, CredentialKind};
use crate::source::{FileId, Span};

fn key_id_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    // AKIA: long-term user keys; ASIA: temporary (STS) keys. Other prefixes (AIDA, AROA…)
    // are unique ids, not credentials.
    RE.get_or_init(|| Regex::new(r"\b(?:AKIA|ASIA)[A-Z2-7]{16}\b").expect("static regex"))
}

fn secret_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    // A 40-character secret assigned to a name that says it is an AWS secret key.
    RE.get_or_init(|| {
        Regex::new(
            r#"(?i)(aws_?secret_?access_?key|aws_?secret_?key|secret_?access_?key|secret_?key)["']?\s*(?:=|:|=>)\s*["']([A-Za-z0-9/+]{40})["']"#,
        )
        .expect("static regex")
    })
}

/// Values AWS uses in its own documentation; reported as nothing.
fn is_documentation_example(s: &str) -> bool {
    s.contains("EXAMPLE")
}

/// A 40-character string that is all one character, or a run of the alphabet, is a
/// placeholder, not a key.
fn is_placeholder(s: &str) -> bool {
    let mut chars = s.chars();
    let first = chars.next();
    first.is_some_and(|f| s.chars().all(|c| c == f))
        || s.eq_ignore_ascii_case("abcdefghijklmnopqrstuvwxyzabcdefghijklmn")
}

/// The redacted form of a credential: key ids keep the 4-letter prefix and the last four
/// characters (as the AWS console shows them); secrets keep nothing.
pub fn redact(kind: CredentialKind, value: &str) -> String {
    match kind {
        CredentialKind::AccessKeyId => {
            let n = value.chars().count();
            if n <= 8 {
                "*".repeat(n)
            } else {
                let head: String = value.chars().take(4).collect();
                let tail: String = value.chars().skip(n - 4).collect();
                format!("{head}{}{tail}", "*".repeat(n - 8))
            }
        }
        CredentialKind::SecretAccessKey => {
            format!("<secret: {} characters>", value.chars().count())
        }
    }
}

/// A stable 64-bit FNV-1a digest (not for security: only to tell two findings apart).
pub fn digest(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Records a credential found at `span`.
pub fn credential(kind: CredentialKind, value: &str, span: Span, context: &str) -> Credential {
    Credential {
        span,
        kind,
        redacted: redact(kind, value),
        context: context.to_string(),
        digest: digest(value),
    }
}

/// Finds credentials anywhere in a file's text. `base` is added to offsets.
pub fn scan_text(file: FileId, text: &str) -> Vec<Credential> {
    let mut out = Vec::new();
    for m in key_id_re().find_iter(text) {
        if is_documentation_example(m.as_str()) {
            continue;
        }
        out.push(credential(
            CredentialKind::AccessKeyId,
            m.as_str(),
            Span::new(file, m.start(), m.end()),
            "access key id",
        ));
    }
    for c in secret_re().captures_iter(text) {
        let Some(v) = c.get(2) else { continue };
        if is_documentation_example(v.as_str()) || is_placeholder(v.as_str()) {
            continue;
        }
        out.push(credential(
            CredentialKind::SecretAccessKey,
            v.as_str(),
            Span::new(file, v.start(), v.end()),
            "secret access key",
        ));
    }
    out
}

/// Masks every credential in a line of source text (for code frames and snippets).
pub fn redact_text(text: &str) -> Cow<'_, str> {
    let step1 = key_id_re().replace_all(text, |c: &regex::Captures<'_>| {
        redact(
            CredentialKind::AccessKeyId,
            c.get(0).map_or("", |m| m.as_str()),
        )
    });
    let step2 = secret_re().replace_all(&step1, |c: &regex::Captures<'_>| {
        let whole = c.get(0).map_or("", |m| m.as_str());
        let secret = c.get(2).map_or("", |m| m.as_str());
        whole.replace(secret, &"*".repeat(secret.len()))
    });
    match (&step1, step2) {
        (Cow::Borrowed(_), Cow::Borrowed(_)) => Cow::Borrowed(text),
        (_, s) => Cow::Owned(s.into_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Test values are built at run time so this file holds no key-shaped literal.
    fn fake_key_id() -> String {
        format!("AKIA{}", "Q3ZR7NTXW2LB5HJK")
    }

    fn fake_secret() -> String {
        format!("{}{}", "d9Fq2Lr7Xs0Bv4Nt8Mw1", "Kc6Pz3Hy5Jg+Ue/Aa2Sb")
    }

    #[test]
    fn finds_and_redacts() {
        let id = fake_key_id();
        let secret = fake_secret();
        let text = format!("access_key = \"{id}\"\nsecret_key = \"{secret}\"\n");
        let found = scan_text(FileId(0), &text);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].redacted, format!("AKIA{}5HJK", "*".repeat(12)));
        assert!(!found[1].redacted.contains(&secret[..10]));
        let red = redact_text(&text);
        assert!(!red.contains(&id));
        assert!(!red.contains(&secret));
        assert!(red.contains("AKIA"));
    }

    #[test]
    fn skips_examples_and_placeholders() {
        let text = "AKIAIOSFODNN7EXAMPLE\nsecret_key = \"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\"\nsecret_key = \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"";
        assert!(scan_text(FileId(0), text).is_empty());
        assert_eq!(redact_text("nothing here"), "nothing here");
    }
}
