//! Reads a pack file: YAML (through the position-keeping reader) into [`Pack`] rules,
//! every error with file, line, column and a hint.

use crate::parse::node::{Node, NodeKind};
use crate::parse::yaml::{self, IgnoreTags, Limits};
use crate::rules::{Precision, RuleMeta, Severity};
use crate::source::{FileId, LineIndex, Span};

use super::fields::KindDef;
use super::lang::{self, Clause, Lit, Params};
use super::{Pack, PackError, PackRule, Piece};

/// Keys a pack may have at the top.
const PACK_KEYS: &[&str] = &[
    "pack",
    "prefix",
    "description",
    "defaults",
    "params",
    "rules",
];
/// Keys of `defaults:`.
const DEFAULT_KEYS: &[&str] = &["severity", "precision", "tags"];
/// Keys a rule may have.
const RULE_KEYS: &[&str] = &[
    "id",
    "name",
    "severity",
    "precision",
    "tags",
    "cis",
    "sop",
    "summary",
    "docs",
    "references",
    "on",
    "when",
    "at",
    "message",
];

/// A pack's text and the path errors and `source` name.
pub struct Source<'a> {
    /// Path as shown in errors and rule docs (`rulepacks/iam-baseline.yaml`).
    pub path: &'a str,
    /// The YAML.
    pub text: &'a str,
}

struct Reader<'a> {
    src: &'a Source<'a>,
    lines: LineIndex,
    errors: Vec<PackError>,
}

impl Reader<'_> {
    fn error(&mut self, at: Span, message: impl Into<String>, hint: impl Into<String>) {
        self.error_at(at.start as usize, message, hint);
    }

    fn error_at(&mut self, offset: usize, message: impl Into<String>, hint: impl Into<String>) {
        let (line, col) = self.lines.position(self.src.text, offset as u32);
        self.errors.push(PackError {
            path: self.src.path.to_string(),
            line,
            col,
            message: message.into(),
            hint: hint.into(),
        });
    }

    fn check_keys(&mut self, node: &Node, allowed: &[&str], what: &str) {
        for (k, _) in node.as_object().unwrap_or(&[]) {
            let name = k.name.as_known().unwrap_or("");
            if !allowed.contains(&name) {
                self.error(
                    k.span,
                    format!("unknown key `{name}` in {what}"),
                    format!("keys of {what}: {}", allowed.join(", ")),
                );
            }
        }
    }

    fn string(&mut self, node: &Node, key: &str) -> Option<String> {
        match node.get(key) {
            None => None,
            Some(v) => match scalar_text(v) {
                Some(s) => Some(s),
                None => {
                    self.error(
                        v.span,
                        format!("`{key}` must be a string"),
                        format!("`{key}: text`"),
                    );
                    None
                }
            },
        }
    }

    fn required(&mut self, node: &Node, key: &str, what: &str) -> Option<String> {
        let v = self.string(node, key);
        if v.is_none() && node.get(key).is_none() {
            self.error(
                node.span,
                format!("{what} has no `{key}`"),
                format!("add `{key}:`"),
            );
        }
        v
    }

    fn strings(&mut self, node: &Node, key: &str) -> Vec<String> {
        match node.get(key) {
            None => Vec::new(),
            Some(v) => match v.as_array() {
                Some(items) => items
                    .iter()
                    .filter_map(|i| {
                        let s = scalar_text(i);
                        if s.is_none() {
                            self.error(
                                i.span,
                                format!("`{key}` items must be strings"),
                                format!("`{key}: [a, b]`"),
                            );
                        }
                        s
                    })
                    .collect(),
                None => {
                    self.error(
                        v.span,
                        format!("`{key}` must be a list"),
                        format!("`{key}: [a, b]`"),
                    );
                    Vec::new()
                }
            },
        }
    }

    fn severity(&mut self, node: &Node) -> Option<Severity> {
        let v = node.get("severity")?;
        let s = scalar_text(v).and_then(|s| Severity::parse(&s));
        if s.is_none() {
            self.error(
                v.span,
                "unknown severity",
                "one of info, low, medium, high, critical",
            );
        }
        s
    }

    fn precision(&mut self, node: &Node) -> Option<Precision> {
        let v = node.get("precision")?;
        let p = scalar_text(v).and_then(|s| match s.as_str() {
            "very-high" => Some(Precision::VeryHigh),
            "high" => Some(Precision::High),
            "medium" => Some(Precision::Medium),
            "low" => Some(Precision::Low),
            _ => None,
        });
        if p.is_none() {
            self.error(
                v.span,
                "unknown precision",
                "one of very-high, high, medium, low",
            );
        }
        p
    }
}

/// The pack-level parameters, with command-line overrides applied.
struct ParamTable(Vec<(String, Lit)>);

impl Params for ParamTable {
    fn param(&self, name: &str) -> Option<&Lit> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, l)| l)
    }
}

fn scalar_text(n: &Node) -> Option<String> {
    match &n.kind {
        NodeKind::Str(v) => v.as_known().map(str::to_string),
        NodeKind::Number(s) => Some(s.clone()),
        NodeKind::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn node_lit(n: &Node) -> Option<Lit> {
    Some(match &n.kind {
        NodeKind::Str(v) => Lit::Str(v.as_known()?.to_string()),
        NodeKind::Number(s) => Lit::Num(s.parse().ok()?),
        NodeKind::Bool(b) => Lit::Bool(*b),
        NodeKind::Array(items) => Lit::List(
            items
                .iter()
                .map(|i| match node_lit(i)? {
                    Lit::List(_) => None,
                    l => Some(l),
                })
                .collect::<Option<_>>()?,
        ),
        _ => return None,
    })
}

/// Reads an override (`--rulepack-param name=value`) as the type of the parameter's default:
/// a list is comma-separated.
pub fn override_value(default: &Lit, text: &str) -> Result<Lit, String> {
    Ok(match default {
        Lit::Str(_) => Lit::Str(text.to_string()),
        Lit::Num(_) => Lit::Num(
            text.trim()
                .parse()
                .map_err(|_| format!("{text:?} is not a number"))?,
        ),
        Lit::Bool(_) => match text.trim() {
            "true" => Lit::Bool(true),
            "false" => Lit::Bool(false),
            _ => return Err(format!("{text:?} is not true or false")),
        },
        Lit::List(items) => {
            let item_default = items.first().cloned().unwrap_or(Lit::Str(String::new()));
            Lit::List(
                text.split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(|s| override_value(&item_default, s))
                    .collect::<Result<_, _>>()?,
            )
        }
    })
}

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

/// Parses one pack. `overrides` are `name=value` parameter values; the names this pack
/// declares are marked used in `used`.
pub fn load(
    src: &Source<'_>,
    overrides: &[(String, String)],
    used: &mut [bool],
) -> Result<Pack, Vec<PackError>> {
    let mut r = Reader {
        src,
        lines: LineIndex::new(src.text),
        errors: Vec::new(),
    };
    let parsed = match yaml::parse(src.text, FileId(0), Limits::default(), &IgnoreTags) {
        Ok(p) => p,
        Err(e) => {
            r.error_at(
                e.offset,
                format!("YAML: {}", e.message),
                "check the indentation and quoting around here",
            );
            return Err(r.errors);
        }
    };
    for p in &parsed.problems {
        r.error_at(
            p.offset,
            format!("YAML: {}", p.message),
            "each key once per mapping",
        );
    }
    let root = parsed.root;
    if root.as_object().is_none() {
        r.error(
            root.span,
            "a pack is a mapping",
            "start with `pack: NAME`, `prefix: ORG` and `rules:`",
        );
        return Err(r.errors);
    }
    r.check_keys(&root, PACK_KEYS, "a pack");
    let name = r.required(&root, "pack", "the pack").unwrap_or_default();
    if !name.is_empty() && !is_kebab(&name) {
        if let Some(v) = root.get("pack") {
            r.error(
                v.span,
                format!("pack name `{name}` is not kebab-case"),
                "lower-case words joined by `-`: `org-baseline`",
            );
        }
    }
    let prefix = r.required(&root, "prefix", "the pack").unwrap_or_default();
    if !prefix.is_empty() && !prefix.chars().all(|c| c.is_ascii_uppercase()) {
        if let Some(v) = root.get("prefix") {
            r.error(
                v.span,
                format!("prefix `{prefix}` must be upper-case letters"),
                "`prefix: ORG`",
            );
        }
    }
    // defaults
    let mut d_sev = Severity::Medium;
    let mut d_prec = Precision::High;
    let mut d_tags: Vec<String> = Vec::new();
    if let Some(d) = root.get("defaults") {
        if d.as_object().is_none() {
            r.error(
                d.span,
                "`defaults` must be a mapping",
                "`defaults: {severity: medium, tags: [org]}`",
            );
        } else {
            r.check_keys(d, DEFAULT_KEYS, "`defaults`");
            d_sev = r.severity(d).unwrap_or(d_sev);
            d_prec = r.precision(d).unwrap_or(d_prec);
            d_tags = r.strings(d, "tags");
        }
    }
    // parameters
    let mut params = Vec::new();
    if let Some(p) = root.get("params") {
        match p.as_object() {
            None => r.error(
                p.span,
                "`params` must be a mapping",
                "`params: {max_session_seconds: 43200}`",
            ),
            Some(members) => {
                for (k, v) in members {
                    let pname = k.name.as_known().unwrap_or("").to_string();
                    let Some(mut lit) = node_lit(v) else {
                        r.error(v.span, format!("parameter `{pname}` must be a string, number, bool or list of them"), "`max_session_seconds: 43200`");
                        continue;
                    };
                    for (i, (oname, otext)) in overrides.iter().enumerate() {
                        if *oname == pname {
                            if let Some(u) = used.get_mut(i) {
                                *u = true;
                            }
                            match override_value(&lit, otext) {
                                Ok(l) => lit = l,
                                Err(m) => r.error(
                                    k.span,
                                    format!("--rulepack-param {oname}: {m}"),
                                    "give a value of the default's type; lists are comma-separated",
                                ),
                            }
                        }
                    }
                    params.push((pname, lit));
                }
            }
        }
    }
    let params = ParamTable(params);
    let mut rules = Vec::new();
    match root.get("rules").map(|n| (n, n.as_array())) {
        None => r.error(
            root.span,
            "the pack has no `rules`",
            "add `rules:` with a list of rules",
        ),
        Some((n, None)) => r.error(
            n.span,
            "`rules` must be a list",
            "`rules:` then `- id: ...` items",
        ),
        Some((_, Some(items))) => {
            for item in items {
                if let Some(rule) = read_rule(
                    &mut r,
                    item,
                    &name,
                    &prefix,
                    (d_sev, d_prec, &d_tags),
                    &params,
                ) {
                    rules.push(rule);
                }
            }
        }
    }
    // ids and names once per pack
    for (i, a) in rules.iter().enumerate() {
        if let Some(b) = rules
            .iter()
            .take(i)
            .find(|b| b.meta.id == a.meta.id || b.meta.name == a.meta.name)
        {
            let what = if b.meta.id == a.meta.id {
                a.meta.id
            } else {
                a.meta.name
            };
            r.errors.push(PackError {
                path: src.path.to_string(),
                line: a.line,
                col: a.col,
                message: format!("duplicate rule `{what}`"),
                hint: format!("already used at line {}", b.line),
            });
        }
    }
    if r.errors.is_empty() {
        Ok(Pack {
            name: leak(name),
            rules,
        })
    } else {
        Err(r.errors)
    }
}

fn is_kebab(s: &str) -> bool {
    !s.is_empty()
        && s.split('-').all(|w| {
            !w.is_empty()
                && w.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

fn read_rule(
    r: &mut Reader<'_>,
    node: &Node,
    pack: &str,
    prefix: &str,
    (d_sev, d_prec, d_tags): (Severity, Precision, &[String]),
    params: &ParamTable,
) -> Option<PackRule> {
    if node.as_object().is_none() {
        r.error(
            node.span,
            "a rule is a mapping",
            "`- id: ORG001` then `name:`, `on:`, `when:` ...",
        );
        return None;
    }
    let before = r.errors.len();
    r.check_keys(node, RULE_KEYS, "a rule");
    let id = r.required(node, "id", "the rule").unwrap_or_default();
    let id_span = node.get("id").map_or(node.span, |n| n.span);
    let follows_prefix = id
        .strip_prefix(prefix)
        .is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()));
    if !id.is_empty() && !follows_prefix {
        r.error(
            id_span,
            format!("rule id `{id}` does not follow the pack prefix `{prefix}`"),
            format!("ids are the prefix and digits: `{prefix}001`"),
        );
    }
    let name = r.required(node, "name", "the rule").unwrap_or_default();
    if !name.is_empty() && !is_kebab(&name) {
        if let Some(v) = node.get("name") {
            r.error(
                v.span,
                format!("rule name `{name}` is not kebab-case"),
                "lower-case words joined by `-`: `partner-user-without-mfa`",
            );
        }
    }
    let summary = r.required(node, "summary", "the rule").unwrap_or_default();
    let severity = r.severity(node).unwrap_or(d_sev);
    let precision = r.precision(node).unwrap_or(d_prec);
    let mut tags: Vec<String> = d_tags.to_vec();
    for t in r.strings(node, "tags") {
        if !tags.contains(&t) {
            tags.push(t);
        }
    }
    tags.extend(
        r.strings(node, "cis")
            .into_iter()
            .map(|c| format!("cis-{c}")),
    );
    tags.extend(
        r.strings(node, "sop")
            .into_iter()
            .map(|c| format!("sop-{c}")),
    );
    let mut docs = r.string(node, "docs").unwrap_or_default();
    let references = r.strings(node, "references");
    if !references.is_empty() {
        if !docs.contains("## References") {
            docs.push_str("\n## References\n");
        }
        if !docs.ends_with('\n') {
            docs.push('\n');
        }
        for link in references {
            if link.starts_with("http") {
                docs.push_str(&format!("- <{link}>\n"));
            } else {
                docs.push_str(&format!("- {link}\n"));
            }
        }
    }
    // kind
    let on = r.required(node, "on", "the rule").unwrap_or_default();
    let kind = KindDef::by_name(&on);
    if kind.is_none() && !on.is_empty() {
        let names: Vec<&str> = super::fields::KINDS.iter().map(|k| k.name).collect();
        let at = node.get("on").map_or(node.span, |n| n.span);
        r.error(
            at,
            format!("unknown entity kind `{on}`"),
            format!("one of {}", names.join(", ")),
        );
    }
    let kind = kind?;
    let when = match node.get("when") {
        None => {
            r.error(
                node.span,
                "the rule has no `when`",
                "add `when:` with the clauses that must all hold for a finding",
            );
            return None;
        }
        Some(w) => clause(r, w, kind, params, 0),
    };
    let at = match node.get("at") {
        None => None,
        Some(n) => {
            let f = scalar_text(n).and_then(|s| kind.field(&s));
            if f.is_none() {
                r.error(
                    n.span,
                    format!("`at` must name a field of `{}`", kind.name),
                    field_hint(kind),
                );
            }
            f
        }
    };
    let message = match node.get("message") {
        None => vec![Piece::Text(summary.clone())],
        Some(n) => match scalar_text(n) {
            None => {
                r.error(
                    n.span,
                    "`message` must be a string",
                    "`message: \"role {name} ...\"`",
                );
                Vec::new()
            }
            Some(t) => template(r, n, &t, kind, params),
        },
    };
    if r.errors.len() > before {
        return None;
    }
    let (line, col) = r.lines.position(r.src.text, id_span.start);
    let docs_comment: String = docs.lines().map(|l| format!(" {l}\n")).collect();
    let meta: &'static RuleMeta = Box::leak(Box::new(RuleMeta {
        id: leak(id),
        name: leak(name),
        severity,
        precision,
        tags: Box::leak(
            tags.into_iter()
                .map(leak)
                .collect::<Vec<_>>()
                .into_boxed_slice(),
        ),
        summary: leak(summary),
        docs: leak(docs_comment),
        source: leak(r.src.path.to_string()),
    }));
    Some(PackRule {
        meta,
        pack: leak(pack.to_string()),
        kind: kind.kind,
        when: when?,
        at,
        message,
        line,
        col,
    })
}

fn field_hint(kind: &KindDef) -> String {
    let names: Vec<&str> = kind.fields.iter().map(|f| f.name).collect();
    format!("fields of `{}`: {}", kind.name, names.join(", "))
}

fn render_lit(l: &Lit) -> String {
    match l {
        Lit::Str(s) => s.clone(),
        Lit::Num(n) => super::fields::render_num(*n),
        Lit::Bool(b) => b.to_string(),
        Lit::List(items) => items.iter().map(render_lit).collect::<Vec<_>>().join(", "),
    }
}

/// `{field}` and `{$param}` pieces of a message.
fn template(
    r: &mut Reader<'_>,
    n: &Node,
    t: &str,
    kind: &KindDef,
    params: &ParamTable,
) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut rest = t;
    while let Some(open) = rest.find('{') {
        if let Some(lit) = rest.get(..open).filter(|s| !s.is_empty()) {
            out.push(Piece::Text(lit.to_string()));
        }
        let after = rest.get(open + 1..).unwrap_or("");
        let Some(close) = after.find('}') else {
            r.error(
                n.span,
                "`{` without `}` in the message",
                "fields in messages are written `{name}`",
            );
            return out;
        };
        let name = after.get(..close).unwrap_or("").trim();
        if let Some(p) = name.strip_prefix('$') {
            match params.param(p) {
                Some(l) => out.push(Piece::Text(render_lit(l))),
                None => r.error(
                    n.span,
                    format!("the message names `{{${p}}}`, which the pack does not declare"),
                    "declare it under `params:`",
                ),
            }
            rest = after.get(close + 1..).unwrap_or("");
            continue;
        }
        match kind.field(name) {
            Some(f) => out.push(Piece::Field(f)),
            None => r.error(
                n.span,
                format!(
                    "the message names `{{{name}}}`, which `{}` does not have",
                    kind.name
                ),
                field_hint(kind),
            ),
        }
        rest = after.get(close + 1..).unwrap_or("");
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest.to_string()));
    }
    out
}

/// Deepest nesting of `all` / `any` / `not`.
const MAX_DEPTH: usize = 32;

fn clause(
    r: &mut Reader<'_>,
    n: &Node,
    kind: &KindDef,
    params: &ParamTable,
    depth: usize,
) -> Option<Clause> {
    if depth > MAX_DEPTH {
        r.error(
            n.span,
            "clauses nest too deeply",
            format!("at most {MAX_DEPTH} levels of all/any/not"),
        );
        return None;
    }
    match &n.kind {
        NodeKind::Array(items) if items.is_empty() => {
            r.error(
                n.span,
                "an empty list of clauses",
                "write at least one clause; an empty list would match everything",
            );
            None
        }
        NodeKind::Array(items) => {
            let cs: Vec<Option<Clause>> = items
                .iter()
                .map(|i| clause(r, i, kind, params, depth + 1))
                .collect();
            cs.into_iter().collect::<Option<Vec<_>>>().map(Clause::All)
        }
        NodeKind::Str(_) => {
            let text = scalar_text(n).unwrap_or_default();
            // where the clause text starts in the file: after an opening quote
            let start = n.span.start as usize;
            let quoted = r
                .src
                .text
                .get(start..)
                .is_some_and(|s| s.starts_with(['"', '\'']));
            let base = start + usize::from(quoted);
            match lang::parse_clause(&text, kind, params) {
                Ok(t) => Some(Clause::Test(t)),
                Err(e) => {
                    r.error_at(base + e.offset, e.message, e.hint);
                    None
                }
            }
        }
        NodeKind::Object(members) if members.len() == 1 => {
            let (k, v) = members.first()?;
            match k.name.as_known().unwrap_or("") {
                "all" | "any" => {
                    let Some(items) = v.as_array().filter(|i| !i.is_empty()) else {
                        r.error(
                            v.span,
                            "`all` and `any` take a list of clauses",
                            "`any:` then `- clause` lines",
                        );
                        return None;
                    };
                    let cs: Vec<Option<Clause>> = items
                        .iter()
                        .map(|i| clause(r, i, kind, params, depth + 1))
                        .collect();
                    let cs = cs.into_iter().collect::<Option<Vec<_>>>()?;
                    Some(if k.name.is("all") {
                        Clause::All(cs)
                    } else {
                        Clause::Any(cs)
                    })
                }
                "not" => clause(r, v, kind, params, depth + 1).map(|c| Clause::Not(Box::new(c))),
                other => {
                    r.error(
                        k.span,
                        format!("unknown combinator `{other}`"),
                        "clauses nest with `all:`, `any:` and `not:`",
                    );
                    None
                }
            }
        }
        _ => {
            r.error(n.span, "expected a clause", "a clause is a line of text (`name =~ /^x-/`) or `all:` / `any:` / `not:` with clauses");
            None
        }
    }
}
