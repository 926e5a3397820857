//! The clause language: the syntax tree and the parser of one clause line.
//!
//! A clause is one line of text (`name =~ /^digitspots-/`, `some actions == "*"`,
//! `allows_action("iam:PassRole")`); [`crate::rulepack::load`] nests them with `all:`,
//! `any:` and `not:` from the YAML. Fields, parameters and regexes are checked and
//! compiled here, once, so evaluation cannot fail.

use regex::Regex;

use crate::rulepack::fields::{FieldDef, KindDef, Ty};

/// A condition over one entity.
#[derive(Debug, Clone)]
pub enum Clause {
    /// Every clause holds.
    All(Vec<Clause>),
    /// Some clause holds.
    Any(Vec<Clause>),
    /// The clause does not hold.
    Not(Box<Clause>),
    /// One test.
    Test(Test),
}

/// How a test over a list field applies to the items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quantifier {
    /// The field is a single value.
    One,
    /// Every item (true for an empty list).
    Every,
    /// At least one item.
    Some,
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `in [..]`
    In,
    /// `not in [..]`
    NotIn,
}

/// A literal value in a clause (or a parameter's value).
#[derive(Debug, Clone, PartialEq)]
pub enum Lit {
    /// `"text"`
    Str(String),
    /// `14`, `3.5`
    Num(f64),
    /// `true` / `false`
    Bool(bool),
    /// `["a", "b"]`
    List(Vec<Lit>),
}

/// One test.
#[derive(Debug, Clone)]
pub enum Test {
    /// `FIELD exists`: the field is set.
    Exists(&'static FieldDef),
    /// `FIELD empty`: an empty list or string.
    Empty(&'static FieldDef),
    /// `[every|some] FIELD OP VALUE`.
    Compare {
        /// How list items are quantified.
        quant: Quantifier,
        /// The field.
        field: &'static FieldDef,
        /// The operator.
        op: Op,
        /// The right-hand side (parameters already substituted).
        value: Lit,
    },
    /// `[every|some] FIELD =~ /RE/` (or `!~`).
    Matches {
        /// How list items are quantified.
        quant: Quantifier,
        /// The field.
        field: &'static FieldDef,
        /// The compiled regex.
        regex: Regex,
        /// `!~`: true when it does not match.
        negated: bool,
    },
    /// `allows_action("svc:Action")`: an Allow grants the action, IAM wildcards applied;
    /// with a list, any of the actions.
    AllowsAction(Vec<String>),
}

/// A parse error at a byte offset of the clause text, with a hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// Byte offset in the clause.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: String,
}

fn err(offset: usize, message: impl Into<String>, hint: impl Into<String>) -> SyntaxError {
    SyntaxError {
        offset,
        message: message.into(),
        hint: hint.into(),
    }
}

/// Compiles a clause's regex with the size limit every pack regex has; the error is the
/// last line of the regex crate's message.
fn compile_regex(pattern: &str) -> Result<Regex, String> {
    regex::RegexBuilder::new(pattern)
        .size_limit(1 << 20)
        .build()
        .map_err(|e| {
            let msg = e.to_string();
            let last = msg.lines().last().unwrap_or("invalid regex").trim();
            last.strip_prefix("error: ").unwrap_or(last).to_string()
        })
}

/// Looks a parameter up by name.
pub trait Params {
    /// The value of `$name`, if the pack declares it.
    fn param(&self, name: &str) -> Option<&Lit>;
}

/// Parses one clause line for a kind.
pub fn parse_clause(text: &str, kind: &KindDef, params: &dyn Params) -> Result<Test, SyntaxError> {
    let mut p = Cursor { text, pos: 0 };
    p.skip_ws();
    let start = p.pos;
    let first = p.ident().ok_or_else(|| {
        err(
            start,
            "expected a field name",
            "a clause reads `FIELD OP VALUE`, `FIELD exists`, or `allows_action(\"svc:Action\")`",
        )
    })?;
    let (quant, name, name_at) = match first {
        "every" | "some" => {
            p.skip_ws();
            let at = p.pos;
            let name = p.ident().ok_or_else(|| {
                err(
                    at,
                    format!("expected a list field after `{first}`"),
                    "write `some actions == \"*\"`",
                )
            })?;
            let q = if first == "every" {
                Quantifier::Every
            } else {
                Quantifier::Some
            };
            (q, name, at)
        }
        "allows_action" => {
            if !kind.has_actions {
                return Err(err(
                    start,
                    format!("`allows_action` does not apply to `{}`", kind.name),
                    "use it on statement, trust-statement or policy",
                ));
            }
            p.skip_ws();
            p.expect('(')?;
            p.skip_ws();
            let lit = p.value(params)?;
            p.skip_ws();
            p.expect(')')?;
            p.end()?;
            let actions = match lit {
                Lit::Str(s) => vec![s],
                Lit::List(items) => items
                    .into_iter()
                    .map(|i| match i {
                        Lit::Str(s) => Ok(s),
                        _ => Err(err(
                            start,
                            "actions must be strings",
                            "`allows_action([\"iam:PassRole\"])`",
                        )),
                    })
                    .collect::<Result<_, _>>()?,
                _ => {
                    return Err(err(
                        start,
                        "allows_action takes an action string or a list of them",
                        "`allows_action(\"iam:PassRole\")`",
                    ))
                }
            };
            return Ok(Test::AllowsAction(actions));
        }
        name => (Quantifier::One, name, start),
    };
    let field = kind.field(name).ok_or_else(|| {
        let names: Vec<&str> = kind.fields.iter().map(|f| f.name).collect();
        err(
            name_at,
            format!("`{}` has no field `{name}`", kind.name),
            format!("fields of `{}`: {}", kind.name, names.join(", ")),
        )
    })?;
    let is_list = field.ty == Ty::List;
    p.skip_ws();
    let op_at = p.pos;
    if p.keyword("exists") {
        p.end()?;
        return no_quant(quant, op_at, "exists").map(|()| Test::Exists(field));
    }
    if p.keyword("empty") {
        p.end()?;
        return no_quant(quant, op_at, "empty").map(|()| Test::Empty(field));
    }
    match (is_list, quant) {
        (true, Quantifier::One) => {
            return Err(err(
                name_at,
                format!("`{name}` is a list"),
                format!("say which items must match: `some {name} ...` or `every {name} ...`"),
            ))
        }
        (false, Quantifier::Every | Quantifier::Some) => {
            return Err(err(
                start,
                format!("`{name}` is not a list"),
                format!("drop the quantifier: `{name} ...`"),
            ))
        }
        _ => {}
    }
    for (sym, negated) in [("=~", false), ("!~", true)] {
        if p.eat(sym) {
            p.skip_ws();
            let re_at = p.pos;
            let regex = p.regex(params)?;
            p.end()?;
            if field.ty == Ty::Num || field.ty == Ty::Bool {
                return Err(err(
                    op_at,
                    format!("`{name}` is a {}; regexes match text", field.ty.as_str()),
                    "compare numbers with < <= > >= ==",
                ));
            }
            let _ = re_at;
            return Ok(Test::Matches {
                quant,
                field,
                regex,
                negated,
            });
        }
    }
    let op = if p.eat("==") {
        Op::Eq
    } else if p.eat("!=") {
        Op::Ne
    } else if p.eat("<=") {
        Op::Le
    } else if p.eat(">=") {
        Op::Ge
    } else if p.eat("<") {
        Op::Lt
    } else if p.eat(">") {
        Op::Gt
    } else if p.keyword("in") {
        Op::In
    } else if p.keyword("not") {
        p.skip_ws();
        if !p.keyword("in") {
            return Err(err(
                p.pos,
                "expected `in` after `not`",
                "`FIELD not in [\"a\", \"b\"]`",
            ));
        }
        Op::NotIn
    } else {
        return Err(err(
            op_at,
            "expected an operator",
            "one of == != < <= > >= in, not in, =~ /re/, !~ /re/, exists, empty",
        ));
    };
    p.skip_ws();
    let value_at = p.pos;
    let value = p.value(params)?;
    p.end()?;
    let item_ty = if is_list { Ty::Str } else { field.ty };
    check_types(item_ty, op, &value)
        .map_err(|m| err(value_at, m, format!("`{name}` is a {}", field.ty.as_str())))?;
    Ok(Test::Compare {
        quant,
        field,
        op,
        value,
    })
}

fn no_quant(q: Quantifier, at: usize, what: &str) -> Result<(), SyntaxError> {
    if q == Quantifier::One {
        Ok(())
    } else {
        Err(err(
            at,
            format!("`{what}` tests the whole field"),
            format!("drop `every` / `some`: `FIELD {what}`"),
        ))
    }
}

fn lit_ty(l: &Lit) -> Ty {
    match l {
        Lit::Str(_) => Ty::Str,
        Lit::Num(_) => Ty::Num,
        Lit::Bool(_) => Ty::Bool,
        Lit::List(_) => Ty::List,
    }
}

fn check_types(ty: Ty, op: Op, value: &Lit) -> Result<(), String> {
    match op {
        Op::In | Op::NotIn => match value {
            Lit::List(items) if items.iter().all(|i| lit_ty(i) == ty) => Ok(()),
            Lit::List(_) => Err(format!("every item of the list must be a {}", ty.as_str())),
            _ => Err("`in` takes a list: `in [\"a\", \"b\"]`".into()),
        },
        Op::Lt | Op::Le | Op::Gt | Op::Ge if ty != Ty::Num => Err(format!(
            "`<` `<=` `>` `>=` compare numbers, and this is a {}",
            ty.as_str()
        )),
        _ if lit_ty(value) != ty => Err(format!(
            "cannot compare a {} with a {}",
            ty.as_str(),
            lit_ty(value).as_str()
        )),
        _ => Ok(()),
    }
}

struct Cursor<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn rest(&self) -> &'a str {
        self.text.get(self.pos..).unwrap_or("")
    }

    fn skip_ws(&mut self) {
        let rest = self.rest();
        self.pos += rest.len() - rest.trim_start().len();
    }

    fn ident(&mut self) -> Option<&'a str> {
        let rest = self.rest();
        let n = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        if n == 0 || rest.starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        self.pos += n;
        rest.get(..n)
    }

    fn eat(&mut self, s: &str) -> bool {
        if self.rest().starts_with(s) {
            self.pos += s.len();
            true
        } else {
            false
        }
    }

    /// A whole word.
    fn keyword(&mut self, w: &str) -> bool {
        let rest = self.rest();
        let after = rest.get(w.len()..).and_then(|r| r.chars().next());
        if rest.starts_with(w) && !after.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
            self.pos += w.len();
            true
        } else {
            false
        }
    }

    fn expect(&mut self, c: char) -> Result<(), SyntaxError> {
        if self.rest().starts_with(c) {
            self.pos += c.len_utf8();
            Ok(())
        } else {
            Err(err(
                self.pos,
                format!("expected `{c}`"),
                "`allows_action(\"iam:PassRole\")`",
            ))
        }
    }

    fn end(&mut self) -> Result<(), SyntaxError> {
        self.skip_ws();
        if self.rest().is_empty() {
            Ok(())
        } else {
            Err(err(
                self.pos,
                format!("unexpected `{}`", self.rest()),
                "one test per line; combine tests with `all:`, `any:` and `not:`",
            ))
        }
    }

    fn regex(&mut self, params: &dyn Params) -> Result<Regex, SyntaxError> {
        let at = self.pos;
        if self.rest().starts_with('$') {
            // a parameter holding the pattern's text (`=~ $user_name_pattern`)
            let value = self.value(params)?;
            let Lit::Str(pattern) = value else {
                return Err(err(
                    at,
                    "a regex parameter must be text",
                    "declare it as a string: `user_name_pattern: \"^[a-z]+$\"`",
                ));
            };
            return compile_regex(&pattern).map_err(|m| {
                err(
                    at,
                    format!("bad regex in the parameter: {m}"),
                    "regex syntax: https://docs.rs/regex/latest/regex/#syntax",
                )
            });
        }
        if !self.eat("/") {
            return Err(err(
                at,
                "expected a regex",
                "write it between slashes: `=~ /^prod-/`, `/.../i` ignores case",
            ));
        }
        let rest = self.rest();
        // the closing slash is the last one on the line; `\/` needs no escape inside
        let close = rest
            .rfind('/')
            .ok_or_else(|| err(at, "the regex has no closing `/`", "`=~ /^prod-/`"))?;
        let body = rest.get(..close).unwrap_or("");
        let flags = rest.get(close + 1..).unwrap_or("");
        let flag_len = flags
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(flags.len());
        let (flags, _) = flags.split_at(flag_len);
        if let Some(bad) = flags.chars().find(|c| *c != 'i') {
            return Err(err(
                self.pos + close + 1,
                format!("unknown regex flag `{bad}`"),
                "the only flag is `i` (ignore case)",
            ));
        }
        let pattern = if flags.is_empty() {
            body.to_string()
        } else {
            format!("(?i){body}")
        };
        let regex = compile_regex(&pattern).map_err(|last| {
            err(
                at + 1,
                format!("bad regex: {last}"),
                "regex syntax: https://docs.rs/regex/latest/regex/#syntax",
            )
        })?;
        self.pos += close + 1 + flag_len;
        Ok(regex)
    }

    fn value(&mut self, params: &dyn Params) -> Result<Lit, SyntaxError> {
        let at = self.pos;
        let rest = self.rest();
        if self.eat("$") {
            let name = self.ident().ok_or_else(|| {
                err(
                    at,
                    "expected a parameter name after `$`",
                    "`$max_session_seconds`",
                )
            })?;
            return params.param(name).cloned().ok_or_else(|| {
                err(
                    at,
                    format!("no parameter `{name}`"),
                    "declare it under `params:` at the top of the pack",
                )
            });
        }
        if rest.starts_with('"') {
            return self.string();
        }
        if self.eat("[") {
            let mut items = Vec::new();
            loop {
                self.skip_ws();
                if self.eat("]") {
                    return Ok(Lit::List(items));
                }
                if !items.is_empty() {
                    if !self.eat(",") {
                        return Err(err(self.pos, "expected `,` or `]`", "`[\"a\", \"b\"]`"));
                    }
                    self.skip_ws();
                    if self.eat("]") {
                        return Ok(Lit::List(items));
                    }
                }
                let item = self.value(params)?;
                if matches!(item, Lit::List(_)) {
                    return Err(err(at, "lists do not nest", "`[\"a\", \"b\"]`"));
                }
                items.push(item);
            }
        }
        if self.keyword("true") {
            return Ok(Lit::Bool(true));
        }
        if self.keyword("false") {
            return Ok(Lit::Bool(false));
        }
        let n = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
            .unwrap_or(rest.len());
        if let Some(num) = rest
            .get(..n)
            .filter(|s| !s.is_empty())
            .and_then(|s| s.parse::<f64>().ok())
        {
            self.pos += n;
            return Ok(Lit::Num(num));
        }
        Err(err(
            at,
            "expected a value",
            "a value is \"text\", a number, true, false, [a list] or $param",
        ))
    }

    fn string(&mut self) -> Result<Lit, SyntaxError> {
        let at = self.pos;
        self.pos += 1;
        let mut out = String::new();
        let mut chars = self.rest().char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '"' => {
                    self.pos += i + 1;
                    return Ok(Lit::Str(out));
                }
                '\\' => match chars.next() {
                    Some((_, e @ ('"' | '\\'))) => out.push(e),
                    Some((_, 'n')) => out.push('\n'),
                    _ => {
                        return Err(err(
                            self.pos + i,
                            "unknown escape",
                            "only \\\" \\\\ and \\n are escapes",
                        ))
                    }
                },
                c => out.push(c),
            }
        }
        Err(err(at, "unterminated string", "close it with `\"`"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct P(Vec<(&'static str, Lit)>);
    impl Params for P {
        fn param(&self, name: &str) -> Option<&Lit> {
            self.0.iter().find(|(n, _)| *n == name).map(|(_, l)| l)
        }
    }

    fn kind(name: &str) -> &'static KindDef {
        KindDef::by_name(name).expect("kind")
    }

    fn parse(k: &str, s: &str) -> Result<Test, SyntaxError> {
        parse_clause(s, kind(k), &P(vec![("max", Lit::Num(3600.0))]))
    }

    #[test]
    fn a_parameter_can_hold_a_regex() {
        let params = P(vec![
            ("pat", Lit::Str("^svc-[a-z]+$".into())),
            ("bad", Lit::Str("a(".into())),
            ("num", Lit::Num(1.0)),
        ]);
        let t = parse_clause("name !~ $pat", kind("user"), &params).expect("parses");
        let Test::Matches { regex, negated, .. } = t else {
            panic!("not a regex test: {t:?}");
        };
        assert!(negated && regex.is_match("svc-build") && !regex.is_match("alice"));
        let e = parse_clause("name =~ $bad", kind("user"), &params).expect_err("bad regex");
        assert!(e.message.contains("bad regex"), "{e:?}");
        let e = parse_clause("name =~ $num", kind("user"), &params).expect_err("not text");
        assert!(e.message.contains("must be text"), "{e:?}");
        assert!(parse_clause("name =~ $nope", kind("user"), &params).is_err());
    }

    #[test]
    fn parses_every_form() {
        assert!(matches!(
            parse("user", "name =~ /^digitspots-/"),
            Ok(Test::Matches {
                quant: Quantifier::One,
                negated: false,
                ..
            })
        ));
        assert!(matches!(
            parse("statement", "some actions !~ /^s3:/i"),
            Ok(Test::Matches {
                quant: Quantifier::Some,
                negated: true,
                ..
            })
        ));
        assert!(
            matches!(parse("role", "max_session_duration > $max"), Ok(Test::Compare { op: Op::Gt, value: Lit::Num(n), .. }) if n == 3600.0)
        );
        assert!(matches!(
            parse("statement", "effect in [\"Allow\", \"Deny\"]"),
            Ok(Test::Compare { op: Op::In, .. })
        ));
        assert!(matches!(
            parse("statement", "effect not in [\"Deny\"]"),
            Ok(Test::Compare { op: Op::NotIn, .. })
        ));
        assert!(matches!(
            parse("statement", "every resources == \"*\""),
            Ok(Test::Compare {
                quant: Quantifier::Every,
                ..
            })
        ));
        assert!(matches!(
            parse("statement", "condition_keys empty"),
            Ok(Test::Empty(_))
        ));
        assert!(matches!(parse("user", "path exists"), Ok(Test::Exists(_))));
        assert!(
            matches!(parse("statement", "allows_action(\"iam:PassRole\")"), Ok(Test::AllowsAction(a)) if a == ["iam:PassRole"])
        );
        assert!(matches!(
            parse("password-policy", "require_symbols == false"),
            Ok(Test::Compare {
                value: Lit::Bool(false),
                ..
            })
        ));
    }

    #[test]
    fn errors_point_at_the_problem() {
        let e = parse("user", "nmae == \"x\"").expect_err("error");
        assert_eq!(
            (e.offset, e.message.as_str()),
            (0, "`user` has no field `nmae`")
        );
        assert!(e.hint.contains("name"));
        let e = parse("user", "name =~ /a(/").expect_err("error");
        assert_eq!(e.offset, 9);
        assert!(e.message.starts_with("bad regex"), "{e:?}");
        let e = parse("statement", "actions == \"*\"").expect_err("error");
        assert!(e.hint.contains("some actions"));
        let e = parse("role", "max_session_duration > \"1h\"").expect_err("error");
        assert_eq!(e.offset, 23);
        let e = parse("user", "allows_action(\"x\")").expect_err("error");
        assert!(e.message.contains("does not apply"));
        let e = parse("role", "name == $nope").expect_err("error");
        assert_eq!(e.message, "no parameter `nope`");
        let e = parse("role", "name == \"a\" extra").expect_err("error");
        assert_eq!(e.offset, 12);
        assert!(parse("role", "name =~ /x/g").is_err());
        assert!(parse("role", "name ==").is_err());
        assert!(parse("role", "name == \"unterminated").is_err());
        assert!(parse("role", "").is_err());
    }
}
