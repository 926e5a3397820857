//! Mutation fuzzing of every parser entry point: no input may panic.
//!
//! cargo-fuzz needs a nightly toolchain; this deterministic mutator runs in the ordinary
//! test suite instead. It takes every fixture and example as seeds and feeds thousands of
//! truncated, byte-flipped, spliced and duplicated variants through the same `parse`
//! function the engine calls, for every input kind. `LEASTPRIV_FUZZ_ITERS` raises the
//! count for a longer local run.

use std::path::{Path, PathBuf};

use leastpriv::discover::InputKind;
use leastpriv::parse::{parse, parse_module, Input};
use leastpriv::source::FileId;

use crate::util::root;

/// xorshift64*: small, deterministic, good enough to pick mutations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

const TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    "\"",
    "${",
    "%{",
    "<<EOF\n",
    "<<-EOT\n",
    "\nEOF\n",
    "\\",
    "\\u",
    "=",
    ",",
    ":",
    "jsonencode(",
    ")",
    "#",
    "//",
    "/*",
    "*/",
    "\n",
    "\u{0}",
    "é",
    "\u{1F600}",
    "null",
    "*",
    "resource \"aws_iam_role\" \"x\" {",
    "\"Statement\":",
    "Effect = \"Allow\"",
    "local.x",
    "var.x",
    "data.aws_iam_policy_document.x.json",
    "locals { x = ",
    "variable \"x\" { default = ",
    "data \"aws_iam_policy_document\" \"x\" {",
    "dynamic \"statement\" { for_each = ",
    "[for s in ",
    "? ",
    "...",
    "[*]",
    "!Ref ",
    "!If [",
    "!Sub '${",
    "!GetAtt ",
    "&a ",
    "*a",
    "\n- ",
    "\n  ",
    "---\n",
    "|\n",
    "Fn::ForEach::X",
    "Type: AWS::IAM::Role\n",
    "Transform: AWS::Serverless-2016-10-31\n",
];

fn mutate(rng: &mut Rng, seed: &[u8], other: &[u8]) -> Vec<u8> {
    let mut v = seed.to_vec();
    for _ in 0..1 + rng.below(4) {
        let len = v.len();
        match rng.below(6) {
            0 => v.truncate(rng.below(len + 1)),
            1 if len > 0 => {
                let i = rng.below(len);
                v[i] ^= 1 << rng.below(8);
            }
            2 => {
                let t = TOKENS[rng.below(TOKENS.len())].as_bytes();
                let i = rng.below(len + 1);
                v.splice(i..i, t.iter().copied());
            }
            3 if len > 0 => {
                let a = rng.below(len);
                let b = (a + rng.below(64)).min(len);
                v.drain(a..b);
            }
            4 if !other.is_empty() => {
                let a = rng.below(other.len());
                let b = (a + rng.below(256)).min(other.len());
                let i = rng.below(len + 1);
                v.splice(i..i, other[a..b].iter().copied());
            }
            _ if len > 0 => {
                let a = rng.below(len);
                let b = (a + rng.below(128)).min(len);
                let chunk = v[a..b].to_vec();
                v.splice(b..b, chunk);
            }
            _ => {}
        }
    }
    v
}

fn seeds() -> Vec<PathBuf> {
    fn walk(p: &Path, out: &mut Vec<PathBuf>) {
        if let Ok(rd) = std::fs::read_dir(p) {
            for e in rd.flatten() {
                let p = e.path();
                if p.is_dir() {
                    walk(&p, out);
                } else {
                    out.push(p);
                }
            }
        }
    }
    let mut out = Vec::new();
    walk(&root().join("testdata"), &mut out);
    out.sort();
    out
}

#[test]
fn parsers_never_panic_on_mutated_inputs() {
    let iters: usize = std::env::var("LEASTPRIV_FUZZ_ITERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3000);
    let seeds: Vec<Vec<u8>> = seeds()
        .iter()
        .filter_map(|p| std::fs::read(p).ok())
        .filter(|b| !b.is_empty())
        .collect();
    assert!(seeds.len() >= 10, "too few seeds: {}", seeds.len());
    let kinds = [
        InputKind::Hcl,
        InputKind::TfVars,
        InputKind::TfJson,
        InputKind::TfPlan,
        InputKind::CfnJson,
        InputKind::CfnYaml,
    ];
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for i in 0..iters {
        let seed = &seeds[rng.below(seeds.len())];
        let other = &seeds[rng.below(seeds.len())];
        let bytes = mutate(&mut rng, seed, other);
        let text = String::from_utf8_lossy(&bytes);
        let kind = kinds[i % kinds.len()];
        let result = std::panic::catch_unwind(|| {
            parse(Input {
                file: FileId(0),
                rel_path: "fuzz.tf",
                scope: "",
                text: &text,
                kind,
            })
        });
        if result.is_err() {
            let dump = std::env::temp_dir().join(format!("leastpriv-fuzz-crash-{i}.txt"));
            let _ = std::fs::write(&dump, text.as_bytes());
            panic!(
                "parser panicked on mutated input {i} ({kind:?}); input saved to {}",
                dump.display()
            );
        }
    }
}

#[test]
fn deep_nesting_and_huge_lines_do_not_crash() {
    let deep_hcl = format!(
        "resource \"aws_iam_policy\" \"p\" {{\n  policy = jsonencode({}{})\n}}\n",
        "[".repeat(5000),
        "]".repeat(5000)
    );
    let deep_json = format!(
        "resource \"aws_iam_policy\" \"p\" {{\n  policy = <<EOF\n{}\nEOF\n}}\n",
        "[".repeat(100_000)
    );
    let long_line = format!("locals {{ x = \"{}\" }}\n", "a".repeat(2_000_000));
    for (text, kind) in [
        (
            format!("Resources: {}", "[".repeat(100_000)),
            InputKind::CfnYaml,
        ),
        (
            format!("Resources: {}", "!Not [".repeat(10_000)),
            InputKind::CfnYaml,
        ),
        (
            format!("{{\"Resources\": {}", "{\"a\":".repeat(100_000)),
            InputKind::CfnJson,
        ),
    ] {
        let _ = parse(Input {
            file: FileId(0),
            rel_path: "deep.yaml",
            scope: "",
            text: &text,
            kind,
        });
    }
    for text in [deep_hcl, deep_json, long_line] {
        let _ = parse(Input {
            file: FileId(0),
            rel_path: "deep.tf",
            scope: "",
            text: &text,
            kind: InputKind::Hcl,
        });
    }
}

#[test]
fn module_evaluation_never_panics_on_mutated_directories() {
    let iters: usize = std::env::var("LEASTPRIV_FUZZ_ITERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .map_or(600, |n: usize| n / 5);
    let seeds: Vec<Vec<u8>> = seeds()
        .iter()
        .filter_map(|p| std::fs::read(p).ok())
        .filter(|b| !b.is_empty())
        .collect();
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    for i in 0..iters {
        let texts: Vec<String> = (0..3)
            .map(|_| {
                let seed = &seeds[rng.below(seeds.len())];
                let other = &seeds[rng.below(seeds.len())];
                String::from_utf8_lossy(&mutate(&mut rng, seed, other)).into_owned()
            })
            .collect();
        let paths = ["m/a.tf", "m/b.tf", "m/terraform.tfvars"];
        let inputs: Vec<Input<'_>> = texts
            .iter()
            .zip(paths)
            .enumerate()
            .map(|(k, (text, rel_path))| Input {
                file: FileId(k as u32),
                rel_path,
                scope: "m",
                text,
                kind: if k == 2 {
                    InputKind::TfVars
                } else {
                    InputKind::Hcl
                },
            })
            .collect();
        let result = std::panic::catch_unwind(|| parse_module(&inputs));
        if result.is_err() {
            let dump = std::env::temp_dir().join(format!("leastpriv-fuzz-module-crash-{i}.txt"));
            let _ = std::fs::write(&dump, texts.join("\n----\n").as_bytes());
            panic!(
                "module parser panicked on mutated input {i}; saved to {}",
                dump.display()
            );
        }
    }
}
