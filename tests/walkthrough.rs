//! docs/adopting.md replays: its pasted command output is what leastpriv prints now.
//!
//! The walkthrough shows a team adopting leastpriv, with real output. This test walks the
//! page top to bottom in a temporary repository (a `.git` directory marks its root) and
//! runs every ```console block: each `$ ` line is a command, the lines after it are its
//! standard output and standard error as printed, and `[exit N]` its exit status. Only
//! `leastpriv` commands are run, from the repository root, with a clean environment plus
//! the page's `env` directive and any `NAME=VALUE` words in front of the command.
//!
//! Between the blocks the page changes the repository with directives, HTML comments that
//! do not show on the rendered page (one per line):
//!
//! - `<!-- walkthrough: env NAME=VALUE -->`: set a variable for every later command;
//! - `<!-- walkthrough: put SRC DEST -->`: copy `testdata/walkthrough/SRC` (a file or a
//!   directory) to `DEST` in the repository (`.` for the root);
//! - `<!-- walkthrough: remove PATH -->`: delete a file of the repository;
//! - `<!-- walkthrough: edit PATH: LINE -->`: the next fenced block replaces the one line
//!   of `PATH` that reads `LINE` (how the page shows a hand edit of a generated file);
//! - `<!-- walkthrough: shows PATH -->`: the next fenced block is `PATH` as it is at that
//!   point, in full, or an excerpt where a line `...` stands for lines left out.
//!
//! When the output changes on purpose, `UPDATE_WALKTHROUGH=1 cargo test walkthrough`
//! rewrites the console blocks in place (and `shows` blocks that are a whole file or its
//! first lines); read the prose around each changed block before committing.

use crate::util::{root, Dir};
use std::collections::BTreeMap;
use std::fs::File;
use std::path::Path;
use std::process::{Command, Stdio};

const DOC: &str = "docs/adopting.md";
const DIRECTIVE: &str = "<!-- walkthrough:";

/// A fenced block of the page: its info string and the line range of its body.
struct Fence {
    info: String,
    /// Index of the first body line (the line after the opening fence).
    start: usize,
    /// Index of the closing fence.
    end: usize,
}

/// What the next fenced block is for.
enum Pending {
    Edit { path: String, line: String },
    Shows { path: String },
}

/// The page's state while it is replayed.
struct Replay<'a> {
    repo: &'a Path,
    out: &'a Path,
    env: BTreeMap<String, String>,
    /// New bodies for fences, by fence start line.
    rewrites: Vec<(usize, usize, Vec<String>)>,
    failures: Vec<String>,
}

#[test]
fn walkthrough_output_is_current() {
    let doc_path = root().join(DOC);
    let text = std::fs::read_to_string(&doc_path).expect("read docs/adopting.md");
    let lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let repo = Dir::new("walkthrough");
    std::fs::create_dir_all(repo.path.join(".git")).expect("create .git");
    let out = Dir::new("walkthrough-output");
    let mut replay = Replay {
        repo: &repo.path,
        out: &out.path,
        env: BTreeMap::new(),
        rewrites: Vec::new(),
        failures: Vec::new(),
    };
    let mut pending: Option<Pending> = None;
    let mut consoles = 0;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].trim();
        if let Some(rest) = line.strip_prefix(DIRECTIVE) {
            let body = rest.strip_suffix("-->").unwrap_or_else(|| {
                panic!("{DOC}:{}: a directive ends with `-->` on its line", i + 1)
            });
            if let Some(p) = replay.directive(body.trim(), i + 1) {
                assert!(
                    pending.is_none(),
                    "{DOC}:{}: two directives wait for one block",
                    i + 1
                );
                pending = Some(p);
            }
            i += 1;
        } else if let Some(info) = line.strip_prefix("```") {
            let start = i + 1;
            let end = (start..lines.len())
                .find(|&j| lines[j].trim_end() == "```")
                .unwrap_or_else(|| panic!("{DOC}:{}: fence is not closed", i + 1));
            let fence = Fence {
                info: info.trim().to_owned(),
                start,
                end,
            };
            let body = &lines[start..end];
            match pending.take() {
                Some(Pending::Edit { path, line }) => replay.edit(&path, &line, body, &fence),
                Some(Pending::Shows { path }) => replay.shows(&path, body, &fence),
                None if fence.info == "console" => {
                    consoles += 1;
                    replay.console(body, &fence);
                }
                None => {}
            }
            i = end + 1;
        } else {
            i += 1;
        }
    }
    assert!(
        pending.is_none(),
        "{DOC}: a directive waits for a block at the end"
    );
    assert!(consoles > 0, "{DOC}: no console blocks found");

    let Replay {
        rewrites, failures, ..
    } = replay;
    if std::env::var_os("UPDATE_WALKTHROUGH").is_some() && !rewrites.is_empty() {
        let mut lines = lines;
        for (start, end, body) in rewrites.into_iter().rev() {
            lines.splice(start..end, body);
        }
        let mut new = lines.join("\n");
        new.push('\n');
        std::fs::write(&doc_path, new).expect("write docs/adopting.md");
        assert!(failures.is_empty(), "{}", failures.join("\n\n"));
        return;
    }
    let mut all = failures;
    if !rewrites.is_empty() {
        for (start, end, body) in &rewrites {
            all.push(first_difference(*start, &lines[*start..*end], body));
        }
        all.push("run `UPDATE_WALKTHROUGH=1 cargo test walkthrough`, review the prose around each changed block, and commit".to_owned());
    }
    assert!(all.is_empty(), "{}", all.join("\n\n"));
}

impl Replay<'_> {
    /// Carries out a directive; returns what the next block is for, if anything.
    fn directive(&mut self, body: &str, line: usize) -> Option<Pending> {
        let (verb, args) = body.split_once(' ').unwrap_or((body, ""));
        let args = args.trim();
        match verb {
            "env" => {
                let (k, v) = args
                    .split_once('=')
                    .unwrap_or_else(|| panic!("{DOC}:{line}: `env NAME=VALUE`"));
                self.env.insert(k.to_owned(), v.to_owned());
                None
            }
            "put" => {
                let (src, dest) = args
                    .split_once(' ')
                    .unwrap_or_else(|| panic!("{DOC}:{line}: `put SRC DEST`"));
                let src = root().join("testdata/walkthrough").join(src.trim());
                copy(&src, &self.repo.join(dest.trim()));
                None
            }
            "remove" => {
                std::fs::remove_file(self.repo.join(args))
                    .unwrap_or_else(|e| panic!("{DOC}:{line}: remove {args}: {e}"));
                None
            }
            "edit" => {
                let (path, old) = args
                    .split_once(": ")
                    .unwrap_or_else(|| panic!("{DOC}:{line}: `edit PATH: LINE`"));
                Some(Pending::Edit {
                    path: path.to_owned(),
                    line: old.to_owned(),
                })
            }
            "shows" => Some(Pending::Shows {
                path: args.to_owned(),
            }),
            _ => panic!("{DOC}:{line}: unknown directive `{verb}`"),
        }
    }

    /// Replaces the one line of `path` that reads `old` with the block's body.
    fn edit(&mut self, path: &str, old: &str, body: &[String], fence: &Fence) {
        let file = self.repo.join(path);
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        let hits: Vec<usize> = text
            .lines()
            .enumerate()
            .filter(|(_, l)| *l == old)
            .map(|(n, _)| n)
            .collect();
        if hits.len() != 1 {
            self.failures.push(format!(
                "{DOC}:{}: edit of {path}: `{old}` is on {} lines of it, not one",
                fence.start,
                hits.len()
            ));
            return;
        }
        let mut new: Vec<&str> = text.lines().collect();
        new.splice(hits[0]..=hits[0], body.iter().map(String::as_str));
        let mut new = new.join("\n");
        new.push('\n');
        std::fs::write(&file, new).expect("write edited file");
    }

    /// Checks that the block is `path` in full, or an excerpt of it.
    fn shows(&mut self, path: &str, body: &[String], fence: &Fence) {
        let text = std::fs::read_to_string(self.repo.join(path))
            .unwrap_or_else(|e| panic!("{DOC}:{}: shows {path}: {e}", fence.start));
        let file: Vec<&str> = text.lines().collect();
        if is_excerpt(&file, body) {
            return;
        }
        let gaps: Vec<usize> = (0..body.len())
            .filter(|&n| body[n].trim() == "...")
            .collect();
        let new: Option<Vec<String>> = match gaps.as_slice() {
            [] => Some(file.iter().map(|l| (*l).to_owned()).collect()),
            [last] if *last == body.len() - 1 && *last <= file.len() => {
                let mut head: Vec<String> = file[..*last].iter().map(|l| (*l).to_owned()).collect();
                head.push(body[*last].clone());
                Some(head)
            }
            _ => None,
        };
        match new {
            Some(new) => self.rewrites.push((fence.start, fence.end, new)),
            None => self.failures.push(format!(
                "{DOC}:{}: the excerpt of {path} no longer matches it; edit it by hand",
                fence.start
            )),
        }
    }

    /// Runs the commands of a console block and records the block they print.
    fn console(&mut self, body: &[String], fence: &Fence) {
        let mut new = Vec::new();
        let commands: Vec<&str> = body.iter().filter_map(|l| l.strip_prefix("$ ")).collect();
        if commands.is_empty() {
            self.failures.push(format!(
                "{DOC}:{}: console block without a `$ ` line",
                fence.start
            ));
            return;
        }
        for command in commands {
            new.push(format!("$ {command}"));
            match self.run(command) {
                Ok(printed) => new.extend(printed),
                Err(e) => self
                    .failures
                    .push(format!("{DOC}:{}: `{command}`: {e}", fence.start)),
            }
        }
        if new.as_slice() != body {
            self.rewrites.push((fence.start, fence.end, new));
        }
    }

    /// Runs one command line as the page shows it; returns what it printed and its status.
    fn run(&self, command: &str) -> Result<Vec<String>, String> {
        if command.contains(['"', '\'', '|', '>', '<', '&', ';', '$', '`']) {
            return Err("only plain words are supported (no quotes, pipes or redirects)".into());
        }
        let mut words = command.split_whitespace().peekable();
        let mut env = self.env.clone();
        while let Some((k, v)) = words.peek().and_then(|w| w.split_once('=')) {
            env.insert(k.to_owned(), v.to_owned());
            words.next();
        }
        if words.next() != Some("leastpriv") {
            return Err("only `leastpriv` commands are run".into());
        }
        let out_path = self.out.join("output");
        let out = File::create(&out_path).map_err(|e| e.to_string())?;
        let err = out.try_clone().map_err(|e| e.to_string())?;
        let status = Command::new(env!("CARGO_BIN_EXE_leastpriv"))
            .args(words)
            .current_dir(self.repo)
            .env_clear()
            .envs(&env)
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .status()
            .map_err(|e| e.to_string())?;
        let printed = std::fs::read_to_string(&out_path).map_err(|e| e.to_string())?;
        let mut lines: Vec<String> = printed.lines().map(str::to_owned).collect();
        match status.code() {
            Some(code) => lines.push(format!("[exit {code}]")),
            None => return Err(format!("killed by a signal ({status})")),
        }
        Ok(lines)
    }
}

/// Whether `body` is `file`, where a line `...` stands for one or more lines left out.
fn is_excerpt(file: &[&str], body: &[String]) -> bool {
    let chunks: Vec<&[String]> = body.split(|l| l.trim() == "...").collect();
    if chunks.len() == 1 {
        return file.len() == body.len() && file.iter().zip(body).all(|(a, b)| a == b);
    }
    let mut at = 0;
    for (n, chunk) in chunks.iter().enumerate() {
        if chunk.is_empty() {
            continue;
        }
        let (first, last) = (n == 0, n == chunks.len() - 1);
        let found = (at..=file.len().saturating_sub(chunk.len()))
            .filter(|&s| !first || s == 0)
            .filter(|&s| !last || s + chunk.len() == file.len())
            .find(|&s| {
                file[s..s + chunk.len()]
                    .iter()
                    .zip(*chunk)
                    .all(|(a, b)| a == b)
            });
        match found {
            Some(s) => at = s + chunk.len(),
            None => return false,
        }
    }
    true
}

/// Where a block of the page first differs from what it should read.
fn first_difference(start: usize, page: &[String], now: &[String]) -> String {
    let n = page.iter().zip(now).take_while(|(a, b)| a == b).count();
    let show = |l: Option<&String>| l.map_or("(nothing)".to_owned(), |l| format!("`{l}`"));
    format!(
        "{DOC}:{}: the block is out of date\n  page:      {}\n  leastpriv: {}",
        start + n + 1,
        show(page.get(n)),
        show(now.get(n))
    )
}

/// Copies a file or a directory tree.
fn copy(src: &Path, dest: &Path) {
    if src.is_dir() {
        std::fs::create_dir_all(dest).expect("create directory");
        let mut entries: Vec<_> = std::fs::read_dir(src)
            .expect("read directory")
            .filter_map(Result::ok)
            .collect();
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            copy(&e.path(), &dest.join(e.file_name()));
        }
    } else {
        if let Some(parent) = dest.parent() {
            std::fs::create_dir_all(parent).expect("create parent");
        }
        std::fs::copy(src, dest).unwrap_or_else(|e| panic!("copy {}: {e}", src.display()));
    }
}
